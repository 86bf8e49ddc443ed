using System.Globalization;
using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;

namespace Crisis.Core.Cases;

/// <summary>The names a case's history holds only as keys: the person behind each account, people by id, incidents by key.</summary>
public sealed record CaseStoryNames
{
    /// <summary>Account name (as the history records who acted) to the person's name (<see cref="StoryNames.PeopleByAccount"/>).</summary>
    public IReadOnlyDictionary<string, string> Accounts { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<long, string> People { get; init; } = new Dictionary<long, string>();
    /// <summary>Incident key to its title.</summary>
    public IReadOnlyDictionary<string, string> Incidents { get; init; } = new Dictionary<string, string>();
}

/// <summary>One entry of a case's history told in words; <see cref="Note"/> is what someone wrote (Markdown), if anything.</summary>
public sealed record CaseStoryLine(long Id, DateTimeOffset At, string Sentence, string? Note);

/// <summary>
/// A case's history as a reader reads it, in their language: who did what, with statuses, channels and people in
/// words. The history records no customer's phone or address, so neither does the story: a change to one is told
/// by naming the field alone.
/// </summary>
public static class CaseStory
{
    public static IReadOnlyList<CaseStoryLine> Tell(IEnumerable<CaseEvent> events, CaseStoryNames names, CultureInfo culture) =>
        events.Select(e => new CaseStoryLine(e.Id, e.At, Sentence(e, names, culture), e.Kind == CaseEventKinds.Noted ? Str(e.Data, "text") : null)).ToList();

    private static string Sentence(CaseEvent e, CaseStoryNames names, CultureInfo culture)
    {
        var actor = EventStory.ActorName(e.Actor, new StoryNames { People = names.Accounts }, culture);
        string Story(string suffix = "") => Text("case-story:" + e.Kind + suffix, culture);
        return e.Kind switch
        {
            // form, api, import:NAME or intake:NAME (CaseSources); the name is the one people gave the source.
            CaseEventKinds.Created => Created(e, actor, culture),
            CaseEventKinds.Changed => Format(Story(), actor, SharedTexts.List(e.Data.Select(field => Change(field.Key, field.Value, culture)), culture)),
            CaseEventKinds.Assigned => Number(e.Data, "personId") is { } person
                ? Format(Story(), actor, names.People.GetValueOrDefault(person, "—"))
                : Format(Story(":nobody"), actor),
            CaseEventKinds.Linked => Str(e.Data, "incidentKey") is { } key
                ? Format(Story(), actor, key, names.Incidents.GetValueOrDefault(key, ""))
                : Format(Story(":none"), actor),
            CaseEventKinds.Reminded => Format(Story(Bool(e.Data, "overdue") ? ":overdue" : ""), actor, Str(e.Data, "person") ?? "—"),
            _ => Format(SharedTexts.Find("case-story:" + e.Kind, culture) ?? Text("case-story:unknown", culture), actor),
        };
    }

    /// <summary>How the case came in (form, api, import:NAME or intake:NAME: <see cref="CaseSources"/>), and where its source had left it.</summary>
    private static string Created(CaseEvent e, string actor, CultureInfo culture)
    {
        var source = (Str(e.Data, "source") ?? "").Split(':', 2);
        var told = SharedTexts.Find($"case-story:created:{source[0]}", culture) is { } text
            ? Format(text, actor, source.ElementAtOrDefault(1) ?? "")
            : Format(Text("case-story:created", culture), actor);
        return Str(e.Data, "status") is { } status ? told + Format(Text("case-story:came-in-as", culture), Word("status", status, culture)) : told;
    }

    /// <summary>"the status from “New” to “In progress”"; a personal field or the summary by its name alone.</summary>
    private static string Change(string field, object? value, CultureInfo culture)
    {
        var name = SharedTexts.Find("case-changed-field:" + field, culture) ?? field;
        if (value is not JsonElement { ValueKind: JsonValueKind.Array } fromTo || field == "summary") return name;
        var values = fromTo.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? Word(field, v.GetString()!, culture) : "—").ToList();
        return values.Count == 2 ? Format(Text("case-change:from-to", culture), name, values[0], values[1]) : name;
    }

    /// <summary>A status, channel or category in words; an order number, SKU or batch as it was typed.</summary>
    private static string Word(string field, string value, CultureInfo culture) => field switch
    {
        "status" => SharedTexts.Find("case-status:" + value, culture) ?? value,
        "channel" => SharedTexts.Find("case-channel:" + value, culture) ?? value,
        "category" => SharedTexts.Find("case-category:" + value, culture) ?? value,
        _ => value,
    };

    private static string? Str(IReadOnlyDictionary<string, object?> data, string key) =>
        data.GetValueOrDefault(key) is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static long? Number(IReadOnlyDictionary<string, object?> data, string key) =>
        data.GetValueOrDefault(key) is JsonElement { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var value) ? value : null;

    private static bool Bool(IReadOnlyDictionary<string, object?> data, string key) =>
        data.GetValueOrDefault(key) is JsonElement { ValueKind: JsonValueKind.True };

    private static string Text(string key, CultureInfo culture) => SharedTexts.Get(key, culture);

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
