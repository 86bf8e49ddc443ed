using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Signals;

namespace Crisis.Web.Api;

/// <summary>The early-warning queue over HTTP: read the signals, acknowledge, dismiss or merge them, open an incident from one.</summary>
public static class SignalsApi
{
    public static void MapSignalsApi(this RouteGroupBuilder api)
    {
        var signals = api.MapGroup("/signals").ProducesProblem(StatusCodes.Status409Conflict);

        signals.MapGet("/", (string? status, string? lang, SignalQueue queue) =>
                TypedResults.Ok(queue.List(status).Select(signal => SignalAnswer.Of(signal, Culture(lang))).ToList()))
            .RequireAuthorization(Permissions.Read)
            .WithName("ListSignals")
            .WithSummary("The open signals (new and acknowledged), most severe and latest first; or those of one ?status=; their words in ?lang=en|zh-CN");

        signals.MapGet("/{id:long}", (long id, string? lang, SignalQueue queue) => TypedResults.Ok(SignalDetailsAnswer.Of(queue.Get(id), Culture(lang))))
            .RequireAuthorization(Permissions.Read)
            .WithName("GetSignal").WithSummary("One signal with its evidence: its latest cases, its alerts, its daily counts and its history");

        signals.MapPost("/{id:long}/acknowledge", (long id, ClaimsPrincipal user, SignalQueue queue) =>
                TypedResults.Ok(SignalAnswer.Of(queue.Acknowledge(id, user.Actor()), Culture(null))))
            .RequireAuthorization(Permissions.WorkCases)
            .WithName("AcknowledgeSignal").WithSummary("Say someone is looking into it; it stays in the queue");

        signals.MapPost("/{id:long}/dismiss", (long id, DismissSignalBody body, ClaimsPrincipal user, SignalQueue queue) =>
                TypedResults.Ok(SignalAnswer.Of(queue.Dismiss(id, body.Reason, user.Actor(), body.ExpectedVersion), Culture(null))))
            .RequireAuthorization(Permissions.WorkCases)
            .WithName("DismissSignal").WithSummary("Take it out of the queue as no issue, with the reason");

        signals.MapPost("/{id:long}/merge", (long id, MergeSignalBody body, ClaimsPrincipal user, SignalQueue queue) =>
                TypedResults.Ok(SignalAnswer.Of(queue.Merge(id, body.Into!.Value, user.Actor(), body.ExpectedVersion), Culture(null))))
            .RequireAuthorization(Permissions.WorkCases)
            .WithName("MergeSignal").WithSummary("Merge it into another open signal, which takes its cases and alerts; answers with that signal");

        signals.MapPost("/{id:long}/open-incident", (long id, OpenFromSignalBody? body, ClaimsPrincipal user, SignalQueue queue, IncidentQueries queries) =>
            {
                var language = body?.Language ?? "en";
                var suggested = queue.Suggestion(id, SharedTexts.In(language));
                var key = queue.OpenIncident(id, new OpenIncidentRequest(body?.PlaybookId ?? suggested.PlaybookId, body?.Title ?? suggested.Title,
                    body?.Severity ?? suggested.Severity, body?.Roles ?? new Dictionary<string, long>(), Language: language), user.Actor());
                return TypedResults.Created($"/api/incidents/{key}", queries.Get(key));
            })
            .RequireAuthorization(Permissions.ManageIncidents)
            .WithIdempotencyKey()
            .WithName("OpenIncidentFromSignal")
            .WithSummary("Open an incident from the signal: its cases are linked and its timeline says what fired")
            .WithDescription("Every field may be left out: the playbook and severity are the rule's suggestion, the title is made from what fired, in the body's language.");
    }

    private static CultureInfo Culture(string? lang) => SharedTexts.In(ReviewsApi.Language(lang));
}

public sealed record DismissSignalBody
{
    [Required(ErrorMessage = "'reason' is required: why this is no issue")]
    public string? Reason { get; init; }

    /// <summary>When given, the signal must still be at this version, or the answer is 409.</summary>
    public long? ExpectedVersion { get; init; }
}

public sealed record MergeSignalBody
{
    [Required(ErrorMessage = "'into' is required: the id of the open signal to merge this one into")]
    public long? Into { get; init; }

    public long? ExpectedVersion { get; init; }
}

/// <summary>What to open: each field left out is the signal's suggestion.</summary>
public sealed record OpenFromSignalBody
{
    public string? PlaybookId { get; init; }
    public string? Title { get; init; }

    [JsonConverter(typeof(SeverityJson))]
    public int? Severity { get; init; }

    /// <summary>Role key to person id.</summary>
    public IReadOnlyDictionary<string, long>? Roles { get; init; }

    [SupportedLanguage]
    public string? Language { get; init; }
}

/// <summary>A signal as the API gives it: its facts as data, and in words (<see cref="Title"/>, <see cref="Fired"/>) in the language asked for.</summary>
public sealed record SignalAnswer(long Id, string Status, int Severity, string PlaybookId, string Title, IReadOnlyList<string> Fired, IReadOnlyList<SignalFacts> Facts,
    long CaseCount, long AlertCount, DateTimeOffset RaisedAt, DateTimeOffset LastFiredAt, string? IncidentKey, long? MergedIntoId, long Version)
{
    public static SignalAnswer Of(SignalSummary signal, CultureInfo culture) => new(signal.Id, signal.Status, signal.Severity, signal.PlaybookId,
        SignalWords.Title(signal.Fired[0], culture), signal.Fired.Select(facts => SignalWords.Fired(facts, culture)).ToList(), signal.Fired,
        signal.CaseCount, signal.AlertCount, signal.RaisedAt, signal.LastFiredAt, signal.IncidentKey, signal.MergedIntoId, signal.Version);
}

public sealed record SignalHistoryEntry(DateTimeOffset At, string Actor, string Kind, string Sentence);

public sealed record SignalDetailsAnswer(SignalAnswer Signal, IReadOnlyList<SignalCase> Cases, IReadOnlyList<MonitoringAlert> Alerts, SignalChart? Chart,
    IReadOnlyList<SignalHistoryEntry> History, string? DismissReason)
{
    public static SignalDetailsAnswer Of(SignalDetails details, CultureInfo culture) => new(SignalAnswer.Of(details.Signal, culture), details.Cases, details.Alerts,
        details.Chart, details.History.Select(entry => new SignalHistoryEntry(entry.At, entry.Actor, entry.Kind, SignalWords.Event(entry, EventStory.ActorName(entry.Actor, new StoryNames(), culture), culture))).ToList(),
        details.DismissReason);
}
