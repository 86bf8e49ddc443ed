namespace Crisis.Core.Incidents;

/// <summary>What a responder can do to a checklist step; the checklist's buttons and the API's URLs name them in lower case.</summary>
public enum StepVerb { Complete, Start, Reopen, Skip, Block, Note, Reassign }

public static class StepVerbs
{
    /// <summary>Every verb by its wire name, in the order a caller who named an unknown one is told them.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<StepVerb>().Select(WireName).ToList();

    private static readonly Dictionary<string, StepVerb> ByName = Enum.GetValues<StepVerb>().ToDictionary(WireName);

    public static string WireName(this StepVerb verb) => verb.ToString().ToLowerInvariant();

    /// <summary>The verb with this wire name; an unknown name is a step action that does not exist.</summary>
    public static StepVerb Parse(string name) => ByName.TryGetValue(name, out var verb)
        ? verb
        : throw new NotFoundException($"unknown step action '{name}': use one of {string.Join(", ", Names)}");
}

/// <summary>
/// What a step action may take: a reason (skip, block), a note's text, the person to reassign to (null gives the step
/// back to its role), and the step version the caller saw (a stale one is a conflict; a note does not check it).
/// </summary>
public sealed record StepInputs(string? Reason = null, string? Text = null, long? PersonId = null, int? ExpectedVersion = null);
