using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Crisis.Pdf.Rendering;

/// <summary>A heading in the outline: it points at the named destination drawn where the heading starts.</summary>
internal sealed record Bookmark(string Destination, int Level, string Title);

/// <summary>
/// Skia writes no PDF outline, so one is appended as an incremental update (ISO 32000-1, 7.5.6): new outline
/// objects and a new catalog that refers to them, the language and "show outline on open", then a cross-reference
/// section for just those objects. The bytes Skia wrote stay untouched.
/// </summary>
internal static partial class PdfOutline
{
    public static byte[] Append(byte[] pdf, IReadOnlyList<Bookmark> bookmarks, string language)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var startXref = int.Parse(StartXref().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var trailer = Trailer().Matches(text)[^1].Groups[1].Value;
        var size = int.Parse(SizeEntry().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        var root = int.Parse(RootEntry().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        var catalog = ObjectBody(text, startXref, root);

        var output = new StringBuilder(text);
        if (!text.EndsWith('\n'))
            output.Append('\n');
        var offsets = new SortedDictionary<int, int>();

        void Write(int number, string body)
        {
            offsets[number] = output.Length; // Latin-1: one character per byte
            output.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }

        var catalogAdditions = new StringBuilder($" /Lang {PdfString(language)}");
        if (bookmarks.Count > 0)
        {
            var outlineRoot = size;
            var tree = Tree(bookmarks, outlineRoot + 1);
            catalogAdditions.Append(CultureInfo.InvariantCulture, $" /Outlines {outlineRoot} 0 R /PageMode /UseOutlines");
            var top = tree.Where(node => node.Parent is null).ToList();
            Write(outlineRoot, $"<< /Type /Outlines /First {top[0].Number} 0 R /Last {top[^1].Number} 0 R /Count {tree.Count} >>");
            foreach (var node in tree)
                Write(node.Number, node.Body(outlineRoot));
            size = outlineRoot + 1 + tree.Count;
        }
        var trimmed = catalog.TrimEnd();
        Write(root, trimmed[..^2] + catalogAdditions + " >>");

        var xref = output.Length;
        output.Append("xref\n");
        foreach (var run in Runs(offsets.Keys))
        {
            output.Append(CultureInfo.InvariantCulture, $"{run[0]} {run.Count}\n");
            foreach (var number in run)
                output.Append(CultureInfo.InvariantCulture, $"{offsets[number]:D10} 00000 n \n");
        }
        var newTrailer = SizeEntry().Replace(trailer, $"/Size {size}", 1);
        newTrailer = PrevEntry().Replace(newTrailer, "");
        output.Append(CultureInfo.InvariantCulture, $"trailer\n<<{newTrailer} /Prev {startXref}>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(output.ToString());
    }

    private sealed class Node(int number, Bookmark bookmark)
    {
        public int Number { get; } = number;
        public Bookmark Bookmark { get; } = bookmark;
        public Node? Parent { get; set; }
        public Node? Previous { get; set; }
        public Node? Next { get; set; }
        public List<Node> Children { get; } = [];

        public int Descendants => Children.Sum(child => 1 + child.Descendants);

        public string Body(int outlineRoot)
        {
            var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<< /Title {PdfString(Bookmark.Title)} /Parent {Parent?.Number ?? outlineRoot} 0 R /Dest /{Bookmark.Destination}");
            if (Previous is not null)
                body.Append(CultureInfo.InvariantCulture, $" /Prev {Previous.Number} 0 R");
            if (Next is not null)
                body.Append(CultureInfo.InvariantCulture, $" /Next {Next.Number} 0 R");
            if (Children.Count > 0)
                body.Append(CultureInfo.InvariantCulture, $" /First {Children[0].Number} 0 R /Last {Children[^1].Number} 0 R /Count {Descendants}");
            return body.Append(" >>").ToString();
        }
    }

    /// <summary>Nests each bookmark under the nearest earlier one of a lower level.</summary>
    private static List<Node> Tree(IReadOnlyList<Bookmark> bookmarks, int firstNumber)
    {
        var nodes = bookmarks.Select((bookmark, i) => new Node(firstNumber + i, bookmark)).ToList();
        var open = new Stack<Node>();
        var topLevel = new List<Node>();
        foreach (var node in nodes)
        {
            while (open.Count > 0 && open.Peek().Bookmark.Level >= node.Bookmark.Level)
                open.Pop();
            node.Parent = open.Count > 0 ? open.Peek() : null;
            var siblings = node.Parent?.Children ?? topLevel;
            if (siblings.Count > 0)
            {
                node.Previous = siblings[^1];
                siblings[^1].Next = node;
            }
            siblings.Add(node);
            open.Push(node);
        }
        return nodes;
    }

    private static IEnumerable<List<int>> Runs(IEnumerable<int> numbers)
    {
        var run = new List<int>();
        foreach (var number in numbers)
        {
            if (run.Count > 0 && number != run[^1] + 1)
            {
                yield return run;
                run = [];
            }
            run.Add(number);
        }
        if (run.Count > 0)
            yield return run;
    }

    /// <summary>A text string in UTF-16BE with a byte order mark, as hex, so any language survives.</summary>
    private static string PdfString(string value) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    /// <summary>The dictionary of object <paramref name="number"/>, found through Skia's single cross-reference subsection.</summary>
    private static string ObjectBody(string pdf, int xref, int number)
    {
        var subsection = XrefSubsection().Match(pdf, xref);
        if (!subsection.Success || subsection.Index != xref || subsection.Groups[1].Value != "0")
            throw new InvalidOperationException("The PDF's cross-reference table is not the single table this writer expects.");
        var entry = subsection.Index + subsection.Length + number * 20;
        var offset = int.Parse(pdf.AsSpan(entry, 10), CultureInfo.InvariantCulture);
        var start = pdf.IndexOf("obj", offset, StringComparison.Ordinal) + 3;
        return pdf[start..pdf.IndexOf("endobj", start, StringComparison.Ordinal)].Trim();
    }

    [GeneratedRegex(@"xref\s*\n(\d+) (\d+)\s*\n")]
    private static partial Regex XrefSubsection();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"trailer\s*<<(.*?)>>\s*startxref", RegexOptions.Singleline)]
    private static partial Regex Trailer();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex SizeEntry();

    [GeneratedRegex(@"/Root\s+(\d+)\s+0\s+R")]
    private static partial Regex RootEntry();

    [GeneratedRegex(@"\s*/Prev\s+\d+")]
    private static partial Regex PrevEntry();
}
