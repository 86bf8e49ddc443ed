using System.Collections.Frozen;
using System.Globalization;
using Crisis.Core.Localization;

namespace Crisis.Core.Accounts;

/// <summary>
/// What a password must be wherever one is set (CLI, admin page, first admin): at least <see cref="MinimumLength"/>
/// characters, not on the shipped list of common passwords (common-passwords.txt, made by common-passwords.py),
/// and not containing the user name. Refusals are in the caller's language (English or Chinese).
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    /// <summary>Names shorter than this ("li", "x") would forbid half the alphabet: they are not looked for in the password.</summary>
    public const int ShortestNameChecked = 3;

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommonPasswords);

    public static void Require(string userName, string password)
    {
        if (password.Length < MinimumLength) throw Refusal("password:too-short", MinimumLength);
        if (IsCommon(password)) throw Refusal("password:common");
        if (userName.Trim() is { Length: >= ShortestNameChecked } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            throw Refusal("password:contains-name");
    }

    /// <summary>Whether the password, ignoring case, is on the shipped list.</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    public static int CommonPasswordCount => Common.Value.Count;

    private static RuleViolationException Refusal(string key, params object[] arguments) =>
        new(string.Format(CultureInfo.CurrentUICulture, SharedTexts.Get(key, CultureInfo.CurrentUICulture), arguments));

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Crisis.Core.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded in Crisis.Core");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) passwords.Add(line);
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
