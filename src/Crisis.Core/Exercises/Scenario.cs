namespace Crisis.Core.Exercises;

/// <summary>An exercise scenario: a playbook to rehearse, a briefing, and injects released over exercise time.</summary>
public sealed record Scenario
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string PlaybookId { get; init; }
    public required int Severity { get; init; }
    public required TimeSpan Duration { get; init; }
    public string Language { get; init; } = "en";
    public IReadOnlyList<string> Objectives { get; init; } = [];
    /// <summary>Markdown shown to the participants when the exercise starts.</summary>
    public string Briefing { get; init; } = "";
    public required IReadOnlyList<Inject> Injects { get; init; }
    public required string Hash { get; init; }

    public IEnumerable<Expectation> Expectations => Injects.SelectMany(inject => inject.Expectations);

    /// <summary>
    /// This scenario in the words of a twin in another language (<see cref="ScenarioLibrary.Twins"/>), inject by inject:
    /// ids, times, roles and expectations stay this scenario's, so releases and scores hold whichever words are read.
    /// </summary>
    public Scenario InWordsOf(Scenario twin) => this with
    {
        Title = twin.Title,
        Briefing = twin.Briefing,
        Objectives = twin.Objectives,
        Injects = Injects.Zip(twin.Injects, (inject, words) =>
            inject with { Title = words.Title, Body = words.Body, TrainerNote = words.TrainerNote, EmailSubject = words.EmailSubject }).ToList(),
    };

    /// <summary>Whether the scenario is written in <paramref name="language"/> (a reader's culture: "zh-CN", "en-GB").</summary>
    public bool IsIn(string language) =>
        string.Equals(Language.Split('-')[0], language.Split('-')[0], StringComparison.OrdinalIgnoreCase);
}

/// <param name="Offset">Exercise time of release; null for an on-demand inject the trainer plays by hand.</param>
/// <param name="Body">Markdown the targeted players see once it is released.</param>
/// <param name="TrainerNote">For the trainer only: what to look for, how to play it.</param>
/// <param name="EmailSubject">Set for an inject that arrives as an email to the targeted players.</param>
public sealed record Inject(
    string Id,
    string Title,
    TimeSpan? Offset,
    IReadOnlyList<string> Roles,
    string Body,
    string? TrainerNote,
    IReadOnlyList<Expectation> Expectations,
    InjectCondition? Condition,
    string? EmailSubject,
    int Line)
{
    public bool IsOnDemand => Offset is null;
}

/// <summary>Something the players should do after an inject: a step done or a template's message sent, within a time.</summary>
/// <param name="Target">A step id, or <c>tpl:</c> and a template id.</param>
public sealed record Expectation(string Id, string InjectId, string Target, TimeSpan Within, int Line)
{
    public const string TemplatePrefix = "tpl:";

    public bool IsTemplate => Target.StartsWith(TemplatePrefix, StringComparison.Ordinal);
    public string TemplateId => Target[TemplatePrefix.Length..];
}

/// <summary>Release the inject only if an earlier expectation was met (or missed) by the time the inject is due.</summary>
public sealed record InjectCondition(bool WhenMet, string Target);

public sealed record ScenarioParseResult(string Path, Scenario Scenario, IReadOnlyList<Playbooks.Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
    public IEnumerable<Playbooks.Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
