namespace Crisis.Pdf.Text;

/// <summary>A line cut from a <see cref="ShapedText"/>: characters [Start, End), trailing spaces left out.</summary>
internal readonly record struct TextLine(int Start, int End, float Width);

/// <summary>
/// Greedy line breaking over shaped widths: breaks after spaces, between Chinese characters (never before
/// closing or after opening punctuation), after hyphens and slashes inside words, at "\n"; a word longer
/// than the line is cut where it overflows.
/// </summary>
internal static class LineBreaker
{
    private const string NoBreakBefore = "，。、；：！？）》」』】〕〉,.;:!?)]}%…”’·ー々〜";
    private const string NoBreakAfter = "（《「『【〔〈([{“‘";

    public static List<TextLine> Break(ShapedText shaped, float maxWidth)
    {
        var text = shaped.Text;
        var widths = shaped.CharWidths;
        var lines = new List<TextLine>();
        int lineStart = 0, breakAt = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(Line(shaped, lineStart, i));
                lineStart = i + 1;
                breakAt = -1;
                continue;
            }
            while (text[i] != ' ' && i > lineStart && !char.IsLowSurrogate(text[i]) && Width(widths, lineStart, i + 1) > maxWidth)
            {
                var next = breakAt > lineStart ? breakAt : i;
                lines.Add(Line(shaped, lineStart, next));
                lineStart = next;
                breakAt = -1;
            }
            if (CanBreakAfter(text, i))
                breakAt = i + 1;
        }
        lines.Add(Line(shaped, lineStart, text.Length));
        return lines;
    }

    /// <summary>Width of the text on one line without breaking it.</summary>
    public static float Measure(ShapedText shaped) => Width(shaped.CharWidths, 0, shaped.Text.Length);

    private static TextLine Line(ShapedText shaped, int start, int end)
    {
        while (end > start && shaped.Text[end - 1] == ' ')
            end--;
        return new TextLine(start, end, Width(shaped.CharWidths, start, end));
    }

    private static float Width(float[] widths, int start, int end)
    {
        var sum = 0f;
        for (var i = start; i < end; i++)
            sum += widths[i];
        return sum;
    }

    private static bool CanBreakAfter(string text, int i)
    {
        if (i + 1 >= text.Length)
            return false;
        char current = text[i], next = text[i + 1];
        if (next == ' ' || next == '\n' || char.IsLowSurrogate(next) || char.IsHighSurrogate(current))
            return false;
        if (current == ' ')
            return true;
        if (NoBreakBefore.Contains(next) || NoBreakAfter.Contains(current))
            return false;
        if (IsWide(current) || IsWide(next))
            return true;
        return current is '-' or '/' && i > 0 && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(next);
    }

    /// <summary>Characters written without spaces between words: CJK ideographs, kana, Hangul, full-width forms.</summary>
    private static bool IsWide(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
}
