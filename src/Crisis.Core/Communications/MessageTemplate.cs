using Crisis.Core.Playbooks;

namespace Crisis.Core.Communications;

public static class Audiences
{
    public static readonly IReadOnlyList<string> All = ["customers", "employees", "suppliers", "media", "regulator", "platform", "leadership"];
}

public static class Channels
{
    public const string Email = "email";
    public static readonly IReadOnlyList<string> All = [Email, "sms", "platform-message", "press-release", "social-post"];
}

/// <summary>A communication template in one language: Liquid for the subject and the Markdown body.</summary>
public sealed record MessageTemplate
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Audience { get; init; }
    public required string Channel { get; init; }
    public required string Language { get; init; }
    public int Version { get; init; } = 1;
    public required string Subject { get; init; }
    /// <summary>Declared inputs, in order: name and what to fill in.</summary>
    public required IReadOnlyList<TemplateVariable> Variables { get; init; }
    public required string Body { get; init; }
    public required string Hash { get; init; }
}

/// <summary>A declared input: its name in the Liquid text, what to fill in, and the label people see (from the template's
/// <c>labels</c>, else made readable from the name).</summary>
public sealed record TemplateVariable(string Name, string Description, string Label);

public sealed record TemplateParseResult(string Path, MessageTemplate Template, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
