using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crisis.Text;

/// <summary>
/// A line break inside a paragraph reads as a space between Latin words, and as nothing between Chinese characters:
/// Chinese is written without spaces, so "缺陷，\n或同一产品" wrapped in a playbook must read "缺陷，或同一产品". Browsers
/// and the PDF layout would show the break as a space, so this removes soft breaks that sit between two CJK characters.
/// Compiled into both Crisis.Core (pages, emails) and Crisis.Pdf (reports), which do not reference each other.
/// </summary>
internal sealed class CjkLineBreaks : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) => pipeline.DocumentProcessed += Join;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }

    private static void Join(MarkdownDocument document)
    {
        foreach (var lineBreak in document.Descendants<LineBreakInline>().Where(BetweenCjk).ToList())
            lineBreak.Remove();
    }

    private static bool BetweenCjk(LineBreakInline lineBreak) =>
        !lineBreak.IsHard && IsCjk(LastCharacter(lineBreak.PreviousSibling)) && IsCjk(FirstCharacter(lineBreak.NextSibling));

    private static char? LastCharacter(Inline? inline) => inline switch
    {
        LiteralInline literal when !literal.Content.IsEmpty => literal.Content.Text[literal.Content.End],
        ContainerInline container => LastCharacter(container.LastChild),
        _ => null,
    };

    private static char? FirstCharacter(Inline? inline) => inline switch
    {
        LiteralInline literal when !literal.Content.IsEmpty => literal.Content.Text[literal.Content.Start],
        ContainerInline container => FirstCharacter(container.FirstChild),
        _ => null,
    };

    /// <summary>Han characters, CJK and full-width punctuation: the characters Chinese runs together without spaces.</summary>
    private static bool IsCjk(char? c) => c is
        (>= '\u3000' and <= '\u303F') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uFF00' and <= '\uFFEF');
}
