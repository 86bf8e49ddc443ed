using System.Text;

namespace Crisis.Core.Playbooks;

/// <summary>
/// Bounds how deeply lists and quotes nest before Markdig sees the text. Markdig gives up past 128 nested blocks (64
/// list levels), and long before that every line pays for every level open above it: 2,000 levels took 23 seconds.
/// </summary>
/// <remarks>
/// Each line is measured by its prefix alone, which bounds how many lists and quotes it can be inside: every list level
/// needs at least two columns of indentation or a marker of its own, every quote its own '&gt;'. A line whose prefix
/// could reach deeper than <see cref="MaxLevels"/> keeps the first levels, then its own list marker if it has one, and
/// loses the rest of its prefix: what was nested deeper becomes siblings at the deepest level kept. Lines keep their
/// numbers, so every diagnostic still points at the right line. Fenced code at the top level and front matter are left
/// as written: nothing nests inside them.
/// </remarks>
internal static class DeepNesting
{
    public const int MaxLevels = 16;

    /// <summary>The text with deep nesting flattened; the 0-based lines that were changed go into <paramref name="flattenedLines"/>.</summary>
    public static string Flatten(string text, List<int> flattenedLines)
    {
        StringBuilder? result = null;
        var lineStart = 0;
        var fence = (Char: '\0', Length: 0);
        var frontMatterEnd = FrontMatterEnd(text);
        for (var line = 0; lineStart <= text.Length; line++)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            var content = text.AsSpan(lineStart, lineEnd - lineStart);
            string? flattened = null;
            if (lineStart >= frontMatterEnd && !InTopLevelFence(content, ref fence))
            {
                flattened = FlattenLine(content);
            }
            if (flattened is not null)
            {
                result ??= new StringBuilder(text, 0, lineStart, text.Length);
                result.Append(flattened);
                flattenedLines.Add(line);
            }
            else
            {
                result?.Append(content);
            }
            if (lineEnd < text.Length) result?.Append('\n');
            lineStart = lineEnd + 1;
        }
        return result?.ToString() ?? text;
    }

    /// <summary>The line rebuilt with at most <see cref="MaxLevels"/> levels, or null when it is not that deep.</summary>
    private static string? FlattenLine(ReadOnlySpan<char> line)
    {
        var prefix = Prefix.Measure(line);
        if (prefix.Levels <= MaxLevels) return null;

        var kept = new StringBuilder();
        var levels = new Prefix();
        var position = 0;
        while (position < prefix.Length)
        {
            var element = Prefix.ElementAt(line, position, levels.Columns);
            var next = levels.With(element);
            if (next.Levels > MaxLevels - 1) break;
            kept.Append(element.Kind == ElementKind.Space ? new string(' ', element.Columns) : line.Slice(position, element.Length));
            levels = next;
            position += element.Length;
        }
        if (prefix.LastMarker is { } marker)
        {
            if (kept.Length > 0 && kept[^1] != ' ') kept.Append(' ');
            kept.Append(line.Slice(marker.Start, marker.Length)).Append(' ');
        }
        return kept.Append(line[prefix.Length..].TrimStart(" \t")).ToString();
    }

    /// <summary>Whether the line is inside (or opens or closes) a fenced code block that no list or quote holds.</summary>
    private static bool InTopLevelFence(ReadOnlySpan<char> line, ref (char Char, int Length) fence)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        var rest = line.TrimStart(' ');
        var run = rest.Length > 0 && rest[0] is '`' or '~' ? rest.Length - rest.TrimStart(rest[0]).Length : 0;
        if (fence.Length > 0)
        {
            if (indent < 4 && run >= fence.Length && rest[0] == fence.Char && rest[run..].Trim(" \t").IsEmpty) fence = ('\0', 0);
            return true;
        }
        // Only a fence at the margin is sure to be outside every list: an indented one may belong to a list item and end with it.
        if (indent == 0 && run >= 3 && !(rest[0] == '`' && rest[run..].Contains('`')))
        {
            fence = (rest[0], run);
            return true;
        }
        return false;
    }

    /// <summary>The offset just past YAML front matter that is closed, else 0.</summary>
    private static int FrontMatterEnd(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal)) return 0;
        foreach (var closing in new[] { "\n---\n", "\n...\n" })
        {
            var end = text.IndexOf(closing, 3, StringComparison.Ordinal);
            if (end >= 0) return end + closing.Length;
        }
        foreach (var closing in new[] { "\n---", "\n..." })
        {
            if (text.EndsWith(closing, StringComparison.Ordinal) && text.Length > 4) return text.Length;
        }
        return 0;
    }

    private enum ElementKind { Space, Quote, Marker }

    private readonly record struct Element(ElementKind Kind, int Length, int Columns);

    /// <summary>A line's run of indentation, '&gt;' and list markers, and the most levels it could open.</summary>
    private readonly record struct Prefix(int Columns, int Spaces, int Quotes, int Markers, int Length, (int Start, int Length)? LastMarker)
    {
        public int Levels => Quotes + Markers + Spaces / 2;

        public Prefix With(Element element) => element.Kind switch
        {
            ElementKind.Space => this with { Spaces = Spaces + element.Columns, Columns = Columns + element.Columns, Length = Length + element.Length },
            ElementKind.Quote => this with { Quotes = Quotes + 1, Columns = Columns + 1, Length = Length + 1 },
            _ => this with { Markers = Markers + 1, Columns = Columns + element.Length, Length = Length + element.Length, LastMarker = (Length, element.Length) },
        };

        public static Prefix Measure(ReadOnlySpan<char> line)
        {
            var prefix = new Prefix();
            while (prefix.Length < line.Length && ElementAt(line, prefix.Length, prefix.Columns) is { Length: > 0 } element)
            {
                prefix = prefix.With(element);
            }
            return prefix;
        }

        public static Element ElementAt(ReadOnlySpan<char> line, int position, int column)
        {
            var ch = line[position];
            if (ch == ' ') return new Element(ElementKind.Space, 1, 1);
            if (ch == '\t') return new Element(ElementKind.Space, 1, 4 - column % 4);
            if (ch == '>') return new Element(ElementKind.Quote, 1, 1);
            var end = position;
            if (ch is '-' or '+' or '*')
            {
                end++;
            }
            else
            {
                while (end < line.Length && end - position < 9 && char.IsAsciiDigit(line[end])) end++;
                if (end == position || end >= line.Length || line[end] is not ('.' or ')')) return default;
                end++;
            }
            var followedBySpace = end == line.Length || line[end] is ' ' or '\t';
            return followedBySpace ? new Element(ElementKind.Marker, end - position, end - position) : default;
        }
    }
}
