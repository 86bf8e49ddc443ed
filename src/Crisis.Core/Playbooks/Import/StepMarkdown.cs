using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace Crisis.Core.Playbooks.Import;

/// <summary>
/// A step's text as its source wrote it (links, code, emphasis), so converting keeps what the parser's plain text drops,
/// such as a link's address.
/// </summary>
internal static partial class StepMarkdown
{
    [GeneratedRegex(@"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")]
    private static partial Regex ListMarker();

    /// <summary>The first line of the step's list item without its marker, box and tokens; null when it does not read back as the step's text.</summary>
    public static string? Of(SourceText source, PlaybookStep step)
    {
        if (step.Line < 1 || step.Line > source.LineCount) return null;
        var line = source.Lines(step.Line - 1, step.Line);
        var marker = ListMarker().Match(line);
        if (!marker.Success) return null;
        var words = line[marker.Length..].TrimEnd().Split(' ').ToList();
        while (words.Count > 0 && PlaybookParser.IsToken(words[^1])) words.RemoveAt(words.Count - 1);
        var markdown = string.Join(' ', words).Trim();
        return markdown.Length > 0 && ReadsAs(markdown) == step.Text ? markdown : null;
    }

    private static string? ReadsAs(string markdown)
    {
        var document = Markdown.Parse("- [ ] " + markdown, PlaybookParser.Pipeline);
        return document.FirstOrDefault() is ListBlock list && list.FirstOrDefault() is ListItemBlock item && item.Count == 1
            && item[0] is ParagraphBlock paragraph ? PlaybookParser.PlainText(paragraph.Inline) : null;
    }
}
