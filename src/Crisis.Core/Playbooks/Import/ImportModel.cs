namespace Crisis.Core.Playbooks.Import;

/// <summary>What importing a document found: the parse result, and per step what could be read from its prose.</summary>
public sealed record ImportDraft(PlaybookParseResult Parsed, IReadOnlyList<ImportPhase> Phases, IReadOnlyList<string> OwnerPhrases)
{
    /// <summary>The table the owners were read with; it also names the roles the native playbook declares.</summary>
    public OwnerSynonyms Synonyms { get; init; } = OwnerSynonyms.Default;

    public IEnumerable<ImportStep> AllSteps => Phases.SelectMany(phase => phase.Steps.SelectMany(step => step.SubSteps.Prepend(step)));
}

public sealed record ImportPhase(string Id, string Title, IReadOnlyList<ImportStep> Steps)
{
    /// <summary>The phase's text under its heading, kept as its description.</summary>
    public string Description { get; init; } = "";
}

public sealed record ImportStep(
    string Id, string Text, int Line, IReadOnlyList<ImportStep> SubSteps,
    string? Role, string? OwnerPhrase, bool RoleInferred,     // Role: a role key (written @role, or inferred from OwnerPhrase)
    string? Due, string? DuePhrase, bool DueInferred)         // Due: native form such as "+1h"; DuePhrase: the words it came from
{
    /// <summary>The 1-based source line the owner phrase was read from (the step's line when none was found).</summary>
    public int OwnerLine { get; init; } = Line;

    /// <summary>The 1-based source line the deadline phrase was read from: the step, its guidance or its phase heading.</summary>
    public int DueLine { get; init; } = Line;

    /// <summary>The step as the parser read it: guidance, severities, template and the tokens written on it.</summary>
    public PlaybookStep Source { get; init; } = null!;

    /// <summary>The step's text as the source wrote it, links and code included, when that reads back as <see cref="Text"/>.</summary>
    public string? Markdown { get; init; }
}

/// <summary>What the person importing decided in the preview.</summary>
public sealed record ImportChoices
{
    public string? Id { get; init; }                 // default: the parsed id
    public string? Title { get; init; }
    public string Category { get; init; } = "other"; // one of PlaybookCategories.All
    public string Language { get; init; } = "en";    // one of Languages.All
    public IReadOnlySet<string> ExcludedSteps { get; init; } = new HashSet<string>();             // step ids left out
    public IReadOnlyDictionary<string, string> PhaseTitles { get; init; } = new Dictionary<string, string>(); // phase id -> new title
    public IReadOnlyDictionary<string, string> OwnerRoles { get; init; } = new Dictionary<string, string>();  // owner phrase -> role key ("" = no owner)
    public bool AcceptInferredDeadlines { get; init; } = true;
}
