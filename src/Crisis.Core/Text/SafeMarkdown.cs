using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crisis.Core.Text;

/// <summary>
/// Markdown from playbooks, guidance and notes rendered for the browser: raw HTML is shown as text, never
/// interpreted, and links or images with a scheme other than http, https, mailto or tel lose their target.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseAlertBlocks()
        .DisableHtml()
        .Build();

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "#";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(autolink.Url)) autolink.Url = "#";
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>The same Markdown as plain text, for the text part of an email.</summary>
    public static string ToText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();

    /// <summary>Relative URLs are safe; absolute ones only with an allowed scheme. Browsers ignore control characters
    /// and spaces inside a scheme ("java&#9;script:"), so they are removed before looking.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        var compact = new string(url.Where(ch => ch > ' ').ToArray()).ToLowerInvariant();
        var colon = compact.IndexOf(':');
        var pathStart = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon)) return true;
        return SafeSchemes.Contains(compact[..colon]);
    }
}
