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
    public static FrontMatter? Read(SourceText source, YamlFrontMatterBlock block, IReadOnlyCollection<string> knownKeys, string expected,
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
                frontMatter.ErrorAtOpening($"front matter nests lists or mappings more than {MaxNesting} levels deep");
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException exception)
        {
            frontMatter.Error(exception.Start, $"front matter is not valid YAML: {exception.Message.Split('\n')[0].Trim()}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections, without a position.
            frontMatter.ErrorAtOpening("front matter is not valid YAML: an unclosed '[', '{' or quote");
            return null;
        }
        if (root is null)
        {
            frontMatter.ErrorAtOpening($"front matter must be a YAML mapping with {expected}");
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
        if (string.IsNullOrWhiteSpace(value)) Error(_values[key], $"'{key}' must not be empty");
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public string? Optional(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode scalar) return scalar.Value?.Trim();
        Error(node, $"'{key}' must be a single value");
        return null;
    }

    /// <summary>A required slug such as an id: lowercase letters, digits and single '-'.</summary>
    public string? RequiredSlug(string key)
    {
        var value = Required(key);
        if (value is null || Slug.IsValid(value)) return value;
        Error(_values[key], $"{key} '{value}' must be a lowercase slug: letters, digits and single '-'");
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
        Error(_values[key], $"{key} '{text}' must be a whole number of 1 or more");
        return fallback;
    }

    /// <summary>An optional value that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(string key, IReadOnlyList<string> allowed, string fallback)
    {
        var value = Optional(key) ?? fallback;
        if (allowed.Contains(value)) return value;
        Error(_values[key], $"{key} '{value}' is not one of: {string.Join(", ", allowed)}");
        return fallback;
    }

    public IEnumerable<YamlScalarNode> Sequence(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        if (node is YamlSequenceNode sequence)
        {
            var scalars = sequence.Children.OfType<YamlScalarNode>().ToList();
            if (scalars.Count != sequence.Children.Count) Error(node, $"'{key}' must be a list of plain values");
            return scalars;
        }
        Error(node, $"'{key}' must be a list, e.g. [a, b]");
        return [];
    }

    /// <summary>A mapping of lowercase keys to non-empty text, such as roles or template variables.</summary>
    public IReadOnlyList<(string Key, string Text)> KeyedTexts(string key, string shape, Func<string, bool> validKey, string keyRule)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{key} must be a mapping of {shape}");
            return [];
        }
        var entries = new List<(string, string)>();
        foreach (var (keyNode, textNode) in mapping.Children)
        {
            var entryKey = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!validKey(entryKey))
            {
                Error(keyNode, $"'{entryKey}' under {key}: {keyRule}");
                continue;
            }
            var text = (textNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(text))
            {
                Error(textNode, $"'{entryKey}' under {key} needs a description");
                text = entryKey;
            }
            entries.Add((entryKey, text));
        }
        return entries;
    }

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    public void Error(Mark mark, string message) => Add(mark, message, DiagnosticSeverity.Error);

    /// <summary>A warning in the shared text <paramref name="key"/>, so pages show it in the reader's language.</summary>
    public void Warning(Mark mark, string key, params object[] arguments)
    {
        var line = _openingLine + (int)Math.Max(1, mark.Line);
        _diagnostics.Add(Diagnostic.Of(_path, line, (int)Math.Max(1, mark.Column), DiagnosticSeverity.Warning, key, arguments));
    }

    public void ErrorAtOpening(string message) =>
        _diagnostics.Add(new Diagnostic(_path, _openingLine, 1, DiagnosticSeverity.Error, message));

    /// <summary>YAML positions are 1-based within the front matter, which starts on the line after the opening '---'.</summary>
    private void Add(Mark mark, string message, DiagnosticSeverity severity)
    {
        var line = _openingLine + (int)Math.Max(1, mark.Line);
        _diagnostics.Add(new Diagnostic(_path, line, (int)Math.Max(1, mark.Column), severity, message));
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
