using System.Text.Json.Serialization;

namespace Crisis.Core.Playbooks;

public static class Languages
{
    public static readonly IReadOnlyList<string> All = ["en", "zh-CN"];
}

public static class PlaybookCategories
{
    public static readonly IReadOnlyList<string> All = ["recall", "food-safety", "cosmetics", "data-breach", "supply-disruption", "complaint-surge", "reputation",
        "counterfeit", "pricing-error", "platform-penalty", "regulatory", "site-safety", "outage", "other"];

    /// <summary>Categories whose legal deadlines must name their source (<c>source:</c>): lint warns about a step that does not.</summary>
    public static readonly IReadOnlyList<string> CiteTheirRules = ["recall", "food-safety", "cosmetics", "data-breach"];
}

/// <summary>A parsed playbook: what an incident's checklist is generated from.</summary>
public sealed record Playbook
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    public required int Version { get; init; }
    public string? Summary { get; init; }
    public string Language { get; init; } = "en";
    public required IReadOnlyList<int> Severities { get; init; }
    /// <summary>Role key to display name, in the order the playbook declares them.</summary>
    public required IReadOnlyList<PlaybookRole> Roles { get; init; }
    /// <summary>Roles whose holders may approve messages, besides the commander (front matter 'approvers').</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];
    /// <summary>The rules its deadlines rest on (front matter 'sources'), by the key steps name with <c>source:</c>.</summary>
    public IReadOnlyList<PlaybookSource> Sources { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string Introduction { get; init; } = "";
    public required IReadOnlyList<Phase> Phases { get; init; }
    public bool IsForeign { get; init; }
    /// <summary>SHA-256 of the Markdown source: identifies the exact text an incident was opened from.</summary>
    public required string Hash { get; init; }

    public int StepCount => Phases.Sum(phase => phase.Steps.Sum(step => 1 + step.SubSteps.Count));
}

public sealed record PlaybookRole(string Key, string Name);

/// <summary>A rule a deadline rests on: its key (an entry of docs/sources.md) and how the playbook names it.</summary>
public sealed record PlaybookSource(string Key, string Name);

public sealed record Phase(string Id, string Title, string Description, IReadOnlyList<PlaybookStep> Steps, int Line);

public sealed record PlaybookStep
{
    public required string Id { get; init; }
    public required string Text { get; init; }
    public string Guidance { get; init; } = "";
    /// <summary>Roles named with @; the first owns the step.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>The deadline as written, e.g. "+4h" or "+2wd"; incidents' snapshots keep it in this form.</summary>
    public string? Due { get; init; }

    [JsonIgnore]
    public Deadline? Deadline => Due is not null && Playbooks.Deadline.TryParse(Due, out var deadline) ? deadline : null;
    /// <summary>The severities this step is generated for; empty means all.</summary>
    public IReadOnlyList<int> Severities { get; init; } = [];
    public string? Template { get; init; }
    /// <summary>The law requires this step (token <c>required:law</c>): resolving with it open needs a stated reason.</summary>
    public bool RequiredByLaw { get; init; }
    /// <summary>The key of the rule its deadline rests on (token <c>source:</c>), one of the playbook's <see cref="Playbook.Sources"/>.</summary>
    public string? Source { get; init; }
    /// <summary>The purpose of the regulator the step reports to (token <c>regulator:</c>), which the checklist names from the
    /// brand's regulator directory.</summary>
    public string? Regulator { get; init; }
    public IReadOnlyList<PlaybookStep> SubSteps { get; init; } = [];
    public int Line { get; init; }

    public string? Role => Roles.Count > 0 ? Roles[0] : null;

    public bool AppliesTo(int severity) => Severities.Count == 0 || Severities.Contains(severity);
}

/// <summary>The outcome of parsing one file: a best-effort playbook (even with errors) and everything wrong with it.</summary>
public sealed record PlaybookParseResult(string Path, Playbook Playbook, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
