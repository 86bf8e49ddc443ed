using System.Text;

namespace Crisis.Core.Playbooks;

/// <summary>URL-safe identifiers: lowercase ASCII letters, digits and single hyphens.</summary>
public static class Slug
{
    public static string From(string text, int maxLength = 48)
    {
        // ASCII is already decomposed: skipping the normalisation saves most of the cost of the ids of a large playbook.
        var source = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        Span<char> slug = source.Length <= 256 ? stackalloc char[source.Length] : new char[source.Length];
        var length = 0;
        foreach (var ch in source)
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') slug[length++] = ch;
            else if (ch is >= 'A' and <= 'Z') slug[length++] = char.ToLowerInvariant(ch);
            else if (char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            else if (length > 0 && slug[length - 1] != '-') slug[length++] = '-';
        }
        ReadOnlySpan<char> trimmed = slug[..length].Trim('-');
        if (trimmed.Length <= maxLength) return trimmed.ToString();
        var cut = trimmed[..(maxLength + 1)].LastIndexOf('-');
        return (cut > maxLength / 2 ? trimmed[..cut] : trimmed[..maxLength]).Trim('-').ToString();
    }

    public static bool IsValid(string text) =>
        text.Length > 0 && text[0] != '-' && text[^1] != '-' && !text.Contains("--", StringComparison.Ordinal)
        && text.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
