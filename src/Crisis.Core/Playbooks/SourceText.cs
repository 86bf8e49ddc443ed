using Markdig.Syntax;

namespace Crisis.Core.Playbooks;

/// <summary>A Markdown source with its line table, to turn Markdig offsets into 1-based lines and columns.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text, string path)
    {
        Text = text;
        Path = path;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    public string Text { get; }

    public string Path { get; }

    public int LineCount => _lineStarts.Length;

    public static string Normalize(string markdown) =>
        markdown.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>The text with every NUL character replaced by U+FFFD (as CommonMark asks); the 0-based lines that held one go into <paramref name="lines"/>.</summary>
    public static string ReplaceNul(string text, List<int> lines)
    {
        var index = text.IndexOf('\0', StringComparison.Ordinal);
        if (index < 0) return text;
        var chars = text.ToCharArray();
        var line = 0;
        var counted = 0;
        for (; index >= 0; index = text.IndexOf('\0', index + 1))
        {
            line += text.AsSpan(counted, index - counted).Count('\n');
            counted = index;
            if (lines.Count == 0 || lines[^1] != line) lines.Add(line);
            chars[index] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>The 0-based line holding <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, Math.Clamp(offset, 0, Text.Length));
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The 1-based column of <paramref name="offset"/>.</summary>
    public int ColumnOf(int offset)
    {
        var clamped = Math.Clamp(offset, 0, Text.Length);
        return clamped - _lineStarts[LineOf(clamped)] + 1;
    }

    /// <summary>The 0-based lines from <paramref name="first"/> up to (not including) <paramref name="end"/>, without the last line break.</summary>
    public string Lines(int first, int end)
    {
        if (end <= first) return "";
        var start = _lineStarts[first];
        var stop = end < _lineStarts.Length ? _lineStarts[end] - 1 : Text.Length;
        return Text[start..Math.Max(start, stop)];
    }

    /// <summary>The whole source lines a block spans, with their common indentation removed.</summary>
    public string BlockText(Block block)
    {
        if (block.Span.IsEmpty) return "";
        var first = LineOf(block.Span.Start);
        var last = LineOf(Math.Min(block.Span.End, Text.Length - 1));
        var end = last + 1 < _lineStarts.Length ? _lineStarts[last + 1] : Text.Length;
        return Dedent(Text.AsSpan()[_lineStarts[first]..end]);
    }

    public static string Dedent(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimEnd('\n');
        if (!trimmed.Contains('\n'))
        {
            // One line, as most step guidance is: the same result without splitting and joining.
            return (trimmed.IsWhiteSpace() ? trimmed : trimmed.TrimStart(" \t")).ToString();
        }
        var lines = trimmed.ToString().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart(' ', '\t').Length)
            .DefaultIfEmpty(0)
            .Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n');
    }
}
