using System.Text.RegularExpressions;

namespace Crisis.Core.Signals;

/// <summary>
/// Finds the safety words of a list in a complaint, whatever their case. A word in Latin letters counts only as a whole
/// word ("fire" is not in "fireworks", "cut" not in "cute"); Chinese has no spaces between words, so a Chinese word counts
/// wherever it stands ("烫伤" in "孩子被烫伤了").
/// </summary>
public sealed class SafetyWords
{
    private readonly Regex? _pattern;
    private readonly Dictionary<string, string> _byText;

    public SafetyWords(IEnumerable<string> words)
    {
        var list = words.Where(word => word.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _byText = list.ToDictionary(word => word, word => word, StringComparer.OrdinalIgnoreCase);
        if (list.Count == 0) return;
        // Longest first, so "caught fire" is found as itself and not as "fire".
        var alternatives = list.OrderByDescending(word => word.Length).Select(word =>
            (IsLatin(word[0]) ? LatinEdge : "") + Regex.Escape(word) + (IsLatin(word[^1]) ? LatinEdgeAfter : ""));
        _pattern = new Regex(string.Join("|", alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private const string LatinLetter = @"[\p{IsBasicLatin}\p{IsLatin-1Supplement}\p{IsLatinExtended-A}-[\W_]]";
    private const string LatinEdge = "(?<!" + LatinLetter + ")";
    private const string LatinEdgeAfter = "(?!" + LatinLetter + ")";

    private static bool IsLatin(char c) => c < 0x0180 && char.IsLetterOrDigit(c);

    /// <summary>The words of the list that <paramref name="text"/> names, each once, as the list writes them.</summary>
    public IReadOnlyList<string> In(string text) =>
        _pattern is null ? [] : _pattern.Matches(text).Select(match => _byText[match.Value]).Distinct().ToList();
}
