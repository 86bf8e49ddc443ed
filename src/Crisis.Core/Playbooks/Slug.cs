using System.Text;

namespace Crisis.Core.Playbooks;

/// <summary>URL-safe identifiers: lowercase ASCII letters, digits and single hyphens.</summary>
public static class Slug
{
    public static string From(string text, int maxLength = 48)
    {
        var builder = new StringBuilder();
        // ASCII is already decomposed: skipping the normalisation saves most of the cost of the ids of a large playbook.
        foreach (var ch in System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD))
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') builder.Append(ch);
            else if (ch is >= 'A' and <= 'Z') builder.Append(char.ToLowerInvariant(ch));
            else if (char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        if (slug.Length <= maxLength) return slug;
        var cut = slug.LastIndexOf('-', maxLength);
        return (cut > maxLength / 2 ? slug[..cut] : slug[..maxLength]).Trim('-');
    }

    public static bool IsValid(string text) =>
        text.Length > 0 && text[0] != '-' && text[^1] != '-' && !text.Contains("--", StringComparison.Ordinal)
        && text.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
