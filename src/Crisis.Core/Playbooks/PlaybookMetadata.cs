using System.Globalization;
using Markdig.Extensions.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Crisis.Core.Playbooks;

internal sealed record PlaybookMetadata
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    public string Category { get; init; } = "other";
    public int Version { get; init; } = 1;
    public string? Summary { get; init; }
    public string Language { get; init; } = "en";
    public IReadOnlyList<int> Severities { get; init; } = [1, 2, 3];
    public IReadOnlyList<PlaybookRole> Roles { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool IsForeign { get; init; }

    public static PlaybookMetadata Foreign(string path) => new() { Id = PlaybookParser.IdFromPath(path), IsForeign = true };
}

/// <summary>Reads the YAML front matter through YamlDotNet's node model, so every value keeps its position.</summary>
internal static class FrontMatterReader
{
    private static readonly HashSet<string> KnownKeys = ["id", "title", "category", "version", "summary", "severities", "roles", "tags", "language"];

    public static PlaybookMetadata Read(SourceText source, YamlFrontMatterBlock block, List<Diagnostic> diagnostics)
    {
        // The YAML starts on the line after the opening '---'.
        var openingLine = source.LineOf(block.Span.Start);
        var closingLine = source.LineOf(Math.Min(block.Span.End, source.Text.Length - 1));
        var lines = source.Text.Split('\n');
        var yaml = string.Join('\n', lines[(openingLine + 1)..Math.Max(openingLine + 1, closingLine)]);
        var reporter = new Reporter(source.Path, openingLine + 1, diagnostics);
        var fallbackId = PlaybookParser.IdFromPath(source.Path);

        YamlMappingNode? root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlException exception)
        {
            reporter.Error(exception.Start, $"front matter is not valid YAML: {FirstLine(exception.Message)}");
            return new PlaybookMetadata { Id = fallbackId };
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unterminated flow collections, without a position.
            reporter.ErrorAtOpening("front matter is not valid YAML: an unclosed '[', '{' or quote");
            return new PlaybookMetadata { Id = fallbackId };
        }
        if (root is null)
        {
            reporter.ErrorAtOpening("front matter must be a YAML mapping with id, title and version");
            return new PlaybookMetadata { Id = fallbackId };
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!KnownKeys.Contains(key)) reporter.Warning(keyNode.Start, $"unknown front matter key '{key}' is ignored (known: {string.Join(", ", KnownKeys)})");
            else values[key] = valueNode;
        }

        var id = reporter.RequiredScalar(values, "id");
        if (id is not null && !Slug.IsValid(id))
        {
            reporter.Error(values["id"].Start, $"id '{id}' must be a lowercase slug: letters, digits and single '-'");
        }
        var title = reporter.RequiredScalar(values, "title");
        var versionText = reporter.RequiredScalar(values, "version");
        var version = 1;
        if (versionText is not null && (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1))
        {
            reporter.Error(values["version"].Start, $"version '{versionText}' must be a whole number of 1 or more");
            version = 1;
        }
        var category = reporter.OptionalScalar(values, "category") ?? "other";
        if (!PlaybookCategories.All.Contains(category))
        {
            reporter.Error(values["category"].Start, $"category '{category}' is not one of: {string.Join(", ", PlaybookCategories.All)}");
        }
        var language = reporter.OptionalScalar(values, "language") ?? "en";
        if (language is not ("en" or "zh-CN"))
        {
            reporter.Error(values["language"].Start, $"language '{language}' is not supported: use en or zh-CN");
        }

        return new PlaybookMetadata
        {
            Id = id is not null && Slug.IsValid(id) ? id : fallbackId,
            Title = title,
            Category = category,
            Version = version,
            Summary = reporter.OptionalScalar(values, "summary"),
            Language = language,
            Severities = ReadSeverities(values, reporter),
            Roles = ReadRoles(values, reporter),
            Tags = reporter.Sequence(values, "tags").Select(n => n.Value ?? "").Where(t => t.Length > 0).ToList(),
        };
    }

    private static IReadOnlyList<int> ReadSeverities(Dictionary<string, YamlNode> values, Reporter reporter)
    {
        var severities = new List<int>();
        foreach (var node in reporter.Sequence(values, "severities"))
        {
            var text = node.Value ?? "";
            var number = text.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) && severity is >= 1 and <= 9)
            {
                if (!severities.Contains(severity)) severities.Add(severity);
            }
            else
            {
                reporter.Error(node.Start, $"severity '{text}' must be SEV1 to SEV9");
            }
        }
        severities.Sort();
        return severities.Count > 0 ? severities : [1, 2, 3];
    }

    private static IReadOnlyList<PlaybookRole> ReadRoles(Dictionary<string, YamlNode> values, Reporter reporter)
    {
        if (!values.TryGetValue("roles", out var node)) return [];
        if (node is not YamlMappingNode mapping)
        {
            reporter.Error(node.Start, "roles must be a mapping of role key to display name, e.g. 'comms: Communications lead'");
            return [];
        }
        var roles = new List<PlaybookRole>();
        foreach (var (keyNode, nameNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (key.Length == 0 || !key.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                reporter.Error(keyNode.Start, $"role key '{key}' must be lowercase letters, digits, '-' or '_'");
                continue;
            }
            var name = (nameNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(name))
            {
                reporter.Error(nameNode.Start, $"role '{key}' needs a display name");
                name = key;
            }
            roles.Add(new PlaybookRole(key, name));
        }
        return roles;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>Turns YAML positions (1-based within the front matter) into file positions.</summary>
    private sealed class Reporter(string path, int openingLine, List<Diagnostic> diagnostics)
    {
        public void Error(Mark mark, string message) => Add(mark, message, DiagnosticSeverity.Error);

        public void Warning(Mark mark, string message) => Add(mark, message, DiagnosticSeverity.Warning);

        public void ErrorAtOpening(string message) =>
            diagnostics.Add(new Diagnostic(path, openingLine, 1, DiagnosticSeverity.Error, message));

        public string? RequiredScalar(Dictionary<string, YamlNode> values, string key)
        {
            if (!values.ContainsKey(key))
            {
                ErrorAtOpening($"front matter is missing the required '{key}'");
                return null;
            }
            var value = OptionalScalar(values, key);
            if (string.IsNullOrWhiteSpace(value)) Error(values[key].Start, $"'{key}' must not be empty");
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        public string? OptionalScalar(Dictionary<string, YamlNode> values, string key)
        {
            if (!values.TryGetValue(key, out var node)) return null;
            if (node is YamlScalarNode scalar) return scalar.Value?.Trim();
            Error(node.Start, $"'{key}' must be a single value");
            return null;
        }

        public IEnumerable<YamlScalarNode> Sequence(Dictionary<string, YamlNode> values, string key)
        {
            if (!values.TryGetValue(key, out var node)) return [];
            if (node is YamlSequenceNode sequence)
            {
                var scalars = sequence.Children.OfType<YamlScalarNode>().ToList();
                if (scalars.Count != sequence.Children.Count) Error(node.Start, $"'{key}' must be a list of plain values");
                return scalars;
            }
            Error(node.Start, $"'{key}' must be a list, e.g. [a, b]");
            return [];
        }

        private void Add(Mark mark, string message, DiagnosticSeverity severity)
        {
            var line = openingLine + (int)Math.Max(1, mark.Line);
            diagnostics.Add(new Diagnostic(path, line, (int)Math.Max(1, mark.Column), severity, message));
        }
    }
}
