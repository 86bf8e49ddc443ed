using System.Text.RegularExpressions;

namespace Crisis.Pdf.Text;

/// <summary>A line cut from a <see cref="ShapedText"/>: characters [Start, End), trailing spaces left out.</summary>
internal readonly record struct TextLine(int Start, int End, float Width);

/// <summary>
/// Greedy line breaking over shaped widths: breaks after spaces, between Chinese characters (never before
/// closing or after opening punctuation), after hyphens and slashes inside words, at "\n". A date with its time
/// and zone ("2026-11-30 09:14 UTC") stays on one line; a zone named in words after a time ("（北京时间，UTC+8）",
/// "(Beijing time, UTC+8)") may go to the next line but is not itself split. A word longer than the line is broken after a dot,
/// underscore, slash, colon or hyphen inside it ("incident." / "severity_changed"), and only cut where it
/// overflows when it has none.
/// </summary>
internal static partial class LineBreaker
{
    private const string NoBreakBefore = "，。、；：！？）》」』】〕〉,.;:!?)]}%…”’·ー々〜";
    private const string NoBreakAfter = "（《「『【〔〈([{“‘";
    private const string BreaksInsideLongWords = "._/:-=&?,;@#";

    public static List<TextLine> Break(ShapedText shaped, float maxWidth)
    {
        var text = shaped.Text;
        var widths = shaped.CharWidths;
        var unbreakable = UnbreakableRuns(text);
        var lines = new List<TextLine>();
        int lineStart = 0, breakAt = -1, lastResortAt = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(Line(shaped, lineStart, i));
                lineStart = i + 1;
                breakAt = lastResortAt = -1;
                continue;
            }
            while (text[i] != ' ' && i > lineStart && !char.IsLowSurrogate(text[i]) && Width(widths, lineStart, i + 1) > maxWidth)
            {
                var next = breakAt > lineStart ? breakAt : lastResortAt > lineStart ? lastResortAt : i;
                lines.Add(Line(shaped, lineStart, next));
                lineStart = next;
                breakAt = lastResortAt = -1;
            }
            if (CanBreakAfter(text, i))
            {
                if (unbreakable[i])
                    lastResortAt = i + 1;
                else
                    breakAt = i + 1;
            }
            else if (i + 1 < text.Length && BreaksInsideLongWords.Contains(text[i]) && char.IsLetterOrDigit(text[i + 1]))
                lastResortAt = i + 1;
        }
        lines.Add(Line(shaped, lineStart, text.Length));
        return lines;
    }

    /// <summary>Width of the text on one line without breaking it.</summary>
    public static float Measure(ShapedText shaped) => Width(shaped.CharWidths, 0, shaped.Text.Length);

    /// <summary>Characters after which a break would split a date, its time or its zone; such breaks are a last resort.</summary>
    private static bool[] UnbreakableRuns(string text)
    {
        var unbreakable = new bool[text.Length];
        foreach (var match in DateTime().Matches(text).Concat(NamedZone().Matches(text)))
            for (var i = match.Index; i < match.Index + match.Length - 1; i++)
                unbreakable[i] = true;
        return unbreakable;
    }

    /// <summary>A date, a date and time, or a time, with an optional zone: "2026-11-30", "2026-11-30 09:14 UTC", "09:14 (UTC+08:00)", "2026-11-30 17:14 CST".</summary>
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:" + Zone + @")?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?:" + Zone + @")?", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    /// <summary>
    /// The opening of a zone named in words right after a time, up to its comma: "（北京时间，" in "17:14（北京时间，UTC+8）",
    /// "(Beijing time," in "17:14 (Beijing time, UTC+8)". Ideographs and spaces inside would otherwise be break points.
    /// </summary>
    [GeneratedRegex(@"(?<=\d:\d{2} ?)[（(][^()（）,，\n]{1,40}[,，]", RegexOptions.CultureInvariant)]
    private static partial Regex NamedZone();

    /// <summary>A zone after a time: "UTC", "CST", "UTC+08:00", "(UTC+08:00)", "(Asia/Shanghai)".</summary>
    private const string Zone = @" (?:\([^()\s]{1,40}\)|(?:UTC|GMT)(?:[+-]\d{1,2}(?::\d{2})?)?|[A-Z]{2,5})(?!\w)";

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
        return current is '-' or '/' && i > 0 && char.IsLetter(text[i - 1]) && char.IsLetterOrDigit(next);
    }

    /// <summary>Characters written without spaces between words: CJK ideographs, kana, Hangul, full-width forms.</summary>
    private static bool IsWide(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
}
