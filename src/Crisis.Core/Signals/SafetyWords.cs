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
    private readonly List<string> _words;

    public SafetyWords(IEnumerable<string> words)
    {
        // Longest first, so "caught fire" is found as itself and not as "fire".
        _words = words.Where(word => word.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(word => word.Length).ToList();
        if (_words.Count == 0) return;
        // Each word is a group of its own, so a match names its word even where the regex's case folding matches text that
        // no string comparison calls equal (the Kelvin sign K matches "k").
        var alternatives = _words.Select((word, index) =>
            $"(?<{WordGroup}{index}>" + (IsLatin(word[0]) ? LatinEdge : "") + Regex.Escape(word) + (IsLatin(word[^1]) ? LatinEdgeAfter : "") + ")");
        _pattern = new Regex(string.Join("|", alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private const string WordGroup = "w";
    private const string LatinLetter = @"[\p{IsBasicLatin}\p{IsLatin-1Supplement}\p{IsLatinExtended-A}-[\W_]]";
    private const string LatinEdge = "(?<!" + LatinLetter + ")";
    private const string LatinEdgeAfter = "(?!" + LatinLetter + ")";

    private static bool IsLatin(char c) => c < 0x0180 && char.IsLetterOrDigit(c);

    /// <summary>The words of the list that <paramref name="text"/> names, each once, as the list writes them.</summary>
    public IReadOnlyList<string> In(string text) =>
        _pattern is null ? [] : _pattern.Matches(text).Select(WordOf).Distinct().ToList();

    private string WordOf(Match match) =>
        _words[int.Parse(match.Groups.Values.First(group => group.Success && group.Name.StartsWith(WordGroup, StringComparison.Ordinal)).Name[WordGroup.Length..],
            System.Globalization.CultureInfo.InvariantCulture)];
}
