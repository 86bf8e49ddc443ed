using Crisis.Core.Playbooks;
using Markdig.Extensions.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crisis.Core.Text;

/// <summary>
/// YAML front matter read through YamlDotNet's node model, so that every value keeps its position and every
/// problem is reported at the file's own line and column. Shared by playbooks and templates.
/// </summary>
internal sealed class FrontMatter
{
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly int _openingLine;
    private readonly List<Diagnostic> _diagnostics;

    private FrontMatter(string path, int openingLine, List<Diagnostic> diagnostics)
    {
        _path = path;
        _openingLine = openingLine;
        _diagnostics = diagnostics;
    }

    /// <summary>The 0-based line just after the closing '---': where the body starts.</summary>
    public int BodyLine { get; private init; }

    /// <returns>The front matter, or null when it is not a readable YAML mapping (the reason is reported).</returns>
    public static FrontMatter? Read(SourceText source, YamlFrontMatterBlock block, IReadOnlyCollection<string> knownKeys, DiagnosticWords expected,
        List<Diagnostic> diagnostics)
    {
        var openingLine = source.LineOf(block.Span.Start);
        var closingLine = source.LineOf(Math.Min(block.Span.End, source.Text.Length - 1));
        var yaml = source.Lines(openingLine + 1, closingLine);
        var frontMatter = new FrontMatter(source.Path, openingLine + 1, diagnostics) { BodyLine = closingLine + 1 };

        YamlMappingNode? root;
        try
        {
            if (NestingDepth(yaml) > MaxNesting)
            {
                frontMatter.ErrorAtOpening("diagnostic:front-matter-too-deep", MaxNesting);
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException exception)
        {
            frontMatter.Error(exception.Start, "diagnostic:front-matter-not-yaml", exception.Message.Split('\n')[0].Trim());
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections, without a position.
            frontMatter.ErrorAtOpening("diagnostic:front-matter-unclosed-bracket");
            return null;
        }
        if (root is null)
        {
            frontMatter.ErrorAtOpening("diagnostic:front-matter-not-mapping", expected);
            return null;
        }
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!knownKeys.Contains(key)) frontMatter.Warning(keyNode.Start, "diagnostic:unknown-front-matter-key", key, string.Join(", ", knownKeys));
            else frontMatter._values[key] = valueNode;
        }
        return frontMatter;
    }

    public YamlNode? Node(string key) => _values.GetValueOrDefault(key);

    public string? Required(string key)
    {
        if (!_values.ContainsKey(key))
        {
            _diagnostics.Add(Diagnostic.Of(_path, _openingLine, 1, DiagnosticSeverity.Error, "diagnostic:front-matter-key-missing", key));
            return null;
        }
        var value = Optional(key);
        if (string.IsNullOrWhiteSpace(value)) Error(_values[key], "diagnostic:front-matter-value-empty", key);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public string? Optional(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode scalar) return scalar.Value?.Trim();
        Error(node, "diagnostic:front-matter-not-single", key);
        return null;
    }

    /// <summary>A required slug such as an id: lowercase letters, digits and single '-'.</summary>
    public string? RequiredSlug(string key)
    {
        var value = Required(key);
        if (value is null || Slug.IsValid(value)) return value;
        Error(_values[key], "diagnostic:front-matter-not-slug", key, value);
        return null;
    }

    /// <summary>An optional whole number of 1 or more; <paramref name="fallback"/> when absent or wrong (reported).</summary>
    public int PositiveNumber(string key, int fallback)
    {
        var text = Optional(key);
        if (text is null) return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }
        Error(_values[key], "diagnostic:front-matter-not-positive", key, text);
        return fallback;
    }

    /// <summary>An optional value that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(string key, IReadOnlyList<string> allowed, string fallback)
    {
        var value = Optional(key) ?? fallback;
        if (allowed.Contains(value)) return value;
        Error(_values[key], "diagnostic:front-matter-not-one-of", key, value, string.Join(", ", allowed));
        return fallback;
    }

    public IEnumerable<YamlScalarNode> Sequence(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        if (node is YamlSequenceNode sequence)
        {
            var scalars = sequence.Children.OfType<YamlScalarNode>().ToList();
            if (scalars.Count != sequence.Children.Count) Error(node, "diagnostic:front-matter-list-not-plain", key);
            return scalars;
        }
        Error(node, "diagnostic:front-matter-not-list", key);
        return [];
    }

    /// <summary>A mapping of lowercase keys to non-empty text, such as roles or template variables.</summary>
    public IReadOnlyList<(string Key, string Text)> KeyedTexts(string key, DiagnosticWords shape, Func<string, bool> validKey, DiagnosticWords keyRule)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        if (node is not YamlMappingNode mapping)
        {
            Error(node, "diagnostic:front-matter-not-mapping-of", key, shape);
            return [];
        }
        var entries = new List<(string, string)>();
        foreach (var (keyNode, textNode) in mapping.Children)
        {
            var entryKey = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!validKey(entryKey))
            {
                Error(keyNode, "diagnostic:front-matter-entry-key", entryKey, key, keyRule);
                continue;
            }
            var text = (textNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(text))
            {
                Error(textNode, "diagnostic:front-matter-entry-text", entryKey, key);
                text = entryKey;
            }
            entries.Add((entryKey, text));
        }
        return entries;
    }

    /// <summary>An error in the shared text <paramref name="key"/>, so pages show it in the reader's language.</summary>
    public void Error(YamlNode node, string key, params object[] arguments) => Error(node.Start, key, arguments);

    public void Error(Mark mark, string key, params object[] arguments) => Add(mark, DiagnosticSeverity.Error, key, arguments);

    /// <summary>A warning in the shared text <paramref name="key"/>, so pages show it in the reader's language.</summary>
    public void Warning(Mark mark, string key, params object[] arguments) => Add(mark, DiagnosticSeverity.Warning, key, arguments);

    public void ErrorAtOpening(string key, params object[] arguments) =>
        _diagnostics.Add(Diagnostic.Of(_path, _openingLine, 1, DiagnosticSeverity.Error, key, arguments));

    /// <summary>YAML positions are 1-based within the front matter, which starts on the line after the opening '---'.</summary>
    private void Add(Mark mark, DiagnosticSeverity severity, string key, object[] arguments)
    {
        var line = _openingLine + (int)Math.Max(1, mark.Line);
        _diagnostics.Add(Diagnostic.Of(_path, line, (int)Math.Max(1, mark.Column), severity, key, arguments));
    }

    private const int MaxNesting = 32;

    /// <summary>
    /// How deeply the YAML nests, read from the parser's events, which keep no call stack: YamlStream loads nodes
    /// recursively, and a few kilobytes of '[' would overflow the stack and end the process, catch or not.
    /// </summary>
    private static int NestingDepth(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, deepest = 0;
        while (deepest <= MaxNesting && parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart) deepest = Math.Max(deepest, ++depth);
            else if (parser.Current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd) depth--;
        }
        return deepest;
    }
}
