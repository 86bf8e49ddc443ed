using System.Globalization;
using Markdig.Extensions.Yaml;
using Crisis.Core.Text;

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
    public IReadOnlyList<string> Approvers { get; init; } = [];
    public IReadOnlyList<PlaybookSource> Sources { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool IsForeign { get; init; }

    public static PlaybookMetadata Foreign(string path) => new() { Id = PlaybookParser.IdFromPath(path), IsForeign = true };
}

/// <summary>Reads a playbook's front matter: id, title, version, category, language, severities, roles, approvers, sources, tags.</summary>
internal static class FrontMatterReader
{
    private static readonly string[] KnownKeys = ["id", "title", "category", "version", "summary", "severities", "roles", "approvers", "sources", "tags", "language"];

    public static PlaybookMetadata Read(SourceText source, YamlFrontMatterBlock block, List<Diagnostic> diagnostics)
    {
        var fallbackId = PlaybookParser.IdFromPath(source.Path);
        var frontMatter = FrontMatter.Read(source, block, KnownKeys, new DiagnosticWords("diagnostic:playbook-front-matter-keys", []), diagnostics);
        if (frontMatter is null) return new PlaybookMetadata { Id = fallbackId };
        if (!CrisisOnlyKeys.Any(key => frontMatter.Node(key) is not null)) return WrittenForAnotherTool(frontMatter, fallbackId);

        var id = frontMatter.RequiredSlug("id");
        var title = frontMatter.Required("title");
        var version = frontMatter.Required("version") is null ? 1 : frontMatter.PositiveNumber("version", 1);
        var roles = frontMatter.KeyedTexts("roles", new DiagnosticWords("diagnostic:roles-shape", []), IsRoleKey,
                new DiagnosticWords("diagnostic:role-key-rule", []))
            .Select(entry => new PlaybookRole(entry.Key, entry.Text)).ToList();
        return new PlaybookMetadata
        {
            Id = id ?? fallbackId,
            Title = title,
            Category = frontMatter.OneOf("category", PlaybookCategories.All, "other"),
            Version = version,
            Summary = frontMatter.Optional("summary"),
            Language = frontMatter.OneOf("language", Languages.All, "en"),
            Severities = ReadSeverities(frontMatter),
            Roles = roles,
            Approvers = ReadApprovers(frontMatter, roles),
            Sources = frontMatter.KeyedTexts("sources", new DiagnosticWords("diagnostic:sources-shape", []), Slug.IsValid, new DiagnosticWords("diagnostic:source-key-rule", []))
                .Select(entry => new PlaybookSource(entry.Key, entry.Text)).ToList(),
            Tags = frontMatter.Sequence("tags").Select(n => n.Value ?? "").Where(t => t.Length > 0).ToList(),
        };
    }

    /// <summary>Keys only a Crisis playbook has: front matter with none of them (Jekyll, Hugo, MkDocs, Docs) belongs to another tool.</summary>
    private static readonly string[] CrisisOnlyKeys = ["id", "version", "category", "severities", "roles", "approvers"];

    /// <summary>Imported as a file without front matter would be, keeping the title and tags it gives; its other keys were warned about.</summary>
    private static PlaybookMetadata WrittenForAnotherTool(FrontMatter frontMatter, string fallbackId) => new()
    {
        Id = fallbackId,
        Title = frontMatter.Node("title") is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } title } && title.Trim().Length > 0 ? title.Trim() : null,
        Language = frontMatter.Node("language") is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } language } && Languages.All.Contains(language) ? language : "en",
        Tags = frontMatter.Node("tags") is YamlDotNet.RepresentationModel.YamlSequenceNode tags
            ? tags.Children.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(t => t.Value ?? "").Where(t => t.Length > 0).ToList()
            : [],
        IsForeign = true,
    };

    internal static bool IsRoleKey(string key) =>
        key.Length > 0 && key.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

    /// <summary>Roles, besides the commander, whose holders may approve this playbook's messages; each must be declared.</summary>
    private static IReadOnlyList<string> ReadApprovers(FrontMatter frontMatter, IReadOnlyList<PlaybookRole> roles)
    {
        var approvers = new List<string>();
        foreach (var node in frontMatter.Sequence("approvers"))
        {
            var key = node.Value ?? "";
            if (roles.Any(role => role.Key == key))
            {
                if (!approvers.Contains(key)) approvers.Add(key);
            }
            else
            {
                frontMatter.Error(node, "diagnostic:approver-undeclared", key);
            }
        }
        return approvers;
    }

    private static IReadOnlyList<int> ReadSeverities(FrontMatter frontMatter)
    {
        var severities = new List<int>();
        foreach (var node in frontMatter.Sequence("severities"))
        {
            var text = node.Value ?? "";
            var number = text.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) && severity is >= 1 and <= 9)
            {
                if (!severities.Contains(severity)) severities.Add(severity);
            }
            else
            {
                frontMatter.Error(node, "diagnostic:severity-out-of-range", text);
            }
        }
        severities.Sort();
        return severities.Count > 0 ? severities : [1, 2, 3];
    }
}
