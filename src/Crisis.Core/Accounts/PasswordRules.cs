using System.Globalization;
using Crisis.Core.Localization;

namespace Crisis.Core.Accounts;

/// <summary>
/// What a password must be wherever one is set (CLI, admin page, first admin): at least <see cref="MinimumLength"/>
/// characters, not only spaces, at least <see cref="MinimumDistinctCharacters"/> different characters, not a short unit
/// repeated (abcabc…), not on the shipped list of common passwords (common-passwords.txt, made by common-passwords.py)
/// even with its trailing digits and symbols taken off (Summer2026!! is summer), and not containing the user name. Refusals are in the caller's language (English or Chinese).
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    /// <summary>Names shorter than this ("li", "x") would forbid half the alphabet: they are not looked for in the password.</summary>
    public const int ShortestNameChecked = 3;

    /// <summary>Fewer different characters than this (aaaaaaaaaaaa, 111111111112) is guessed in a moment, however long.</summary>
    public const int MinimumDistinctCharacters = 5;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public static void Require(string userName, string password)
    {
        if (password.Length < MinimumLength) throw Refusal("password:too-short", MinimumLength);
        if (string.IsNullOrWhiteSpace(password)) throw Refusal("password:only-spaces");
        if (password.Distinct().Count() < MinimumDistinctCharacters) throw Refusal("password:few-characters", MinimumDistinctCharacters);
        if (IsRepeatedUnit(password)) throw Refusal("password:repeated");
        if (IsCommon(password)) throw Refusal("password:common");
        if (userName.Trim() is { Length: >= ShortestNameChecked } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            throw Refusal("password:contains-name");
    }

    /// <summary>Whether the password, ignoring case, is on the shipped list, as it is or without its trailing digits and symbols.</summary>
    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var stem = lower[..(lower.AsSpan().LastIndexOfAnyExcept(TrailingDecoration) + 1)];
        return Common.Value.Contains(lower) || (stem.Length > 0 && Common.Value.Contains(stem));
    }

    /// <summary>Whether the password is one shorter unit written over and over (abcabcabcabc, passpasspass).</summary>
    public static bool IsRepeatedUnit(string password) =>
        password.Length > 1 && (password + password).IndexOf(password, 1, StringComparison.Ordinal) < password.Length;

    /// <summary>What people add after a word to pass a rule: digits, symbols and spaces, not letters.</summary>
    private static readonly System.Buffers.SearchValues<char> TrailingDecoration = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x5F).Select(c => (char)c).Where(c => !char.IsAsciiLetter(c))]);

    public static int CommonPasswordCount => Common.Value.Count;

    private static RuleViolationException Refusal(string key, params object[] arguments) =>
        new(string.Format(CultureInfo.CurrentUICulture, SharedTexts.Get(key, CultureInfo.CurrentUICulture), arguments));

    /// <summary>A plain set: a frozen one answers no faster for the few look-ups a process makes, and takes several times longer to build (the first admin is made as the server starts).</summary>
    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Crisis.Core.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded in Crisis.Core");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(40_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) passwords.Add(line);
        }
        return passwords;
    }
}
