using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Crisis.Core.Localization;
using Crisis.Core.People;
using Crisis.Core.Signals;
using Crisis.Core.Text;

namespace Crisis.Core.Incidents;

/// <summary>
/// The names a story needs that events hold only as keys: the playbook's title, role names, step texts, and the
/// person behind each account that acted. Missing names fall back to the key, never to nothing.
/// </summary>
public sealed record StoryNames
{
    public string PlaybookTitle { get; init; } = "";
    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Steps { get; init; } = new Dictionary<string, string>();
    /// <summary>Account name (as events record the actor) to the person's name.</summary>
    public IReadOnlyDictionary<string, string> People { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names in <paramref name="incident"/> (already in the story's language), with <paramref name="people"/> for the actors.</summary>
    public static StoryNames Of(IncidentDetails incident, IReadOnlyDictionary<string, string>? people = null) => new()
    {
        PlaybookTitle = incident.PlaybookTitle,
        Roles = incident.Roles.DistinctBy(role => role.Key).ToDictionary(role => role.Key, role => role.Name),
        Steps = incident.AllSteps.DistinctBy(step => step.Id).ToDictionary(step => step.Id, step => step.Text),
        People = people ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>
    /// The person behind each account, so the story says "Mei Chen" where the timeline says "mei": an account whose email
    /// is a person's, else a person whose email starts with the account name ("chen" for chen@…) when only one does.
    /// </summary>
    public static Dictionary<string, string> PeopleByAccount(IEnumerable<Person> people, IEnumerable<UserAccount> users) =>
        PeopleByAccount(people.Select(person => (person.Name, person.Email)), users.Select(user => (user.Name, user.Email)));

    /// <summary>The same from people's and accounts' names and emails, as read in a transaction (chat messages name who acted so).</summary>
    public static Dictionary<string, string> PeopleByAccount(IEnumerable<(string Name, string? Email)> people, IEnumerable<(string Name, string? Email)> users)
    {
        var withEmail = people.Where(person => person.Email is { Length: > 0 }).ToList();
        var byAccount = withEmail.GroupBy(person => person.Email!.Split('@')[0], StringComparer.OrdinalIgnoreCase).Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single().Name, StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
            if (withEmail.FirstOrDefault(person => string.Equals(person.Email, user.Email, StringComparison.OrdinalIgnoreCase)) is { Name: not null } person)
                byAccount[user.Name] = person.Name;
            else if (user.Email is not null)
                byAccount.Remove(user.Name);
        return byAccount;
    }
}

/// <summary>One line of the story: when, who, what happened in a sentence, and what people wrote about it.</summary>
public sealed record StoryLine(long Seq, DateTimeOffset At, string Actor, string Kind, string Sentence, string? Detail, bool IsKey);

/// <summary>
/// The timeline told in sentences ("Mei Chen raised the severity from SEV2 to SEV1."), in English or Chinese, from
/// "story:" + kind in the shared texts (with a few variants, e.g. ":raised"). Raw data appears only where people wrote
/// it (a reason, a comment, a note), as plain text: what people typed is Markdown, and a sentence shows no `**`. Hashes,
/// flags and message bodies never appear. Reports and the incident page use the same sentences.
/// </summary>
public static class EventStory
{
    /// <summary>Events that make the story by default, before (and besides) what a commander marks as key.</summary>
    private static readonly HashSet<string> KeyByDefault =
    [
        EventKinds.IncidentOpened, EventKinds.IncidentStatusChanged, EventKinds.IncidentSeverityChanged, EventKinds.RoleAssigned,
        EventKinds.StepBlocked, EventKinds.MessagePublished, EventKinds.MessageSent, EventKinds.MessageFailed, EventKinds.ImpactRecorded,
        EventKinds.ReviewPublished, EventKinds.ExerciseStarted, EventKinds.ExerciseInjectReleased, EventKinds.ExerciseEnded,
        EventKinds.IncidentKeyUpdate, EventKinds.IncidentOpenedFromSignal,
    ];

    /// <summary>Impact figures as the event data names them, with the shared text that labels each.</summary>
    private static readonly (string Field, string Label)[] ImpactLabels =
    [
        ("ordersAffected", "Orders affected"), ("customersAffected", "Customers affected"), ("complaintsPlatform", "Complaints on platforms"),
        ("complaints12315", "Complaints via 12315"), ("complaintsSocial", "Complaints on social media"),
        ("complaintsDirect", "Complaints to the brand directly"), ("refundsIssued", "Refunds issued"),
        ("refundAmount", "Refund cost"), ("unitsRecalled", "Units recalled"), ("unitsRecovered", "Units recovered"),
        ("skus", "Affected SKUs"), ("batches", "Affected batches"),
    ];

    private const int DetailLimit = 300;

    /// <summary>How much of what happened a marking repeats to name the event it marks.</summary>
    private const int MarkedEventLimit = 120;

    /// <summary>
    /// What telling an event needs besides the event: the names, the language, the zone of a time a sentence names,
    /// the subjects of messages drafted earlier, and the events by their number, for a marking to name the one it marks.
    /// </summary>
    private sealed record Telling(StoryNames Names, CultureInfo Culture, TimeZoneInfo Zone, Dictionary<long, string> Subjects, Dictionary<long, TimelineEvent> Events)
    {
        public static Telling Of(IReadOnlyList<TimelineEvent> events, StoryNames names, CultureInfo culture, TimeZoneInfo zone) =>
            new(names, culture, zone, MessageSubjects(events), events.DistinctBy(e => e.Seq).ToDictionary(e => e.Seq));
    }

    /// <summary>Every event as one line, in order: the full log, a time a sentence names in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<StoryLine> Log(IReadOnlyList<TimelineEvent> events, StoryNames names, CultureInfo culture, TimeZoneInfo zone)
    {
        var telling = Telling.Of(events, names, culture, zone);
        var marked = MarkedSeqs(events);
        return events.Select(e => Line(e, telling, marked.Contains(e.Seq) || KeyByDefault.Contains(e.Kind))).ToList();
    }

    /// <summary>
    /// The story a board reads: events marked as key, key updates, and the default ones (opening, severity and status,
    /// roles given, blocked steps, messages out, impact, review, exercise). Roles given together and one message's
    /// emails become one sentence each.
    /// </summary>
    public static IReadOnlyList<StoryLine> Story(IReadOnlyList<TimelineEvent> events, StoryNames names, CultureInfo culture, TimeZoneInfo zone)
    {
        var telling = Telling.Of(events, names, culture, zone);
        var marked = MarkedSeqs(events);
        var story = new List<StoryLine>();
        var chosen = events.Where(e => marked.Contains(e.Seq) || KeyByDefault.Contains(e.Kind)).ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var group = new List<TimelineEvent> { chosen[i] };
            while (i + 1 < chosen.Count && BelongTogether(group[0], chosen[i + 1]))
                group.Add(chosen[++i]);
            story.Add(group.Count == 1
                ? Line(group[0], telling, isKey: true)
                : Grouped(group, telling));
        }
        return story;
    }

    /// <summary>Whether events of <paramref name="kind"/> are in the story without a commander marking them.</summary>
    public static bool IsKeyByDefault(string kind) => KeyByDefault.Contains(kind);

    /// <summary>One event in a sentence, outside its timeline (no message subjects from earlier drafts, no event a marking marks).</summary>
    public static string Sentence(TimelineEvent e, StoryNames names, CultureInfo culture) =>
        Line(e, Telling.Of([], names, culture, TimeZoneInfo.Utc), isKey: false).Sentence;

    /// <summary>The person's name for an account that acted, or the words for Crisis itself and the exercise clock, as they read mid-sentence.</summary>
    public static string ActorName(string actor, StoryNames names, CultureInfo culture) =>
        names.People.TryGetValue(actor, out var person) ? person : SharedTexts.Find("story:actor:" + actor, culture) ?? actor;

    private static bool BelongTogether(TimelineEvent first, TimelineEvent next) =>
        first.Kind == next.Kind && (next.At - first.At) <= TimeSpan.FromMinutes(15) && first.Kind switch
        {
            EventKinds.RoleAssigned => first.Actor == next.Actor,
            EventKinds.MessageSent or EventKinds.MessageFailed => Number(first.Data, "message") == Number(next.Data, "message"),
            _ => false,
        };

    private static StoryLine Grouped(List<TimelineEvent> group, Telling telling)
    {
        var (names, subjects, culture) = (telling.Names, telling.Subjects, telling.Culture);
        var first = group[0];
        var actor = ActorName(first.Actor, names, culture);
        var sentence = first.Kind == EventKinds.RoleAssigned
            ? Format(Text("story:role.assigned:many", culture), actor, string.Join(ListSeparator(culture),
                group.Select(e => Format(Text("story:role-holder", culture), RoleName(e.Data, names), Str(e.Data, "person") ?? "—"))))
            : Format(Text($"story:{first.Kind}:many", culture), actor, Subject(first.Data, subjects), group.Count);
        return new StoryLine(first.Seq, first.At, Standalone(actor, first.Actor, names, culture), first.Kind, Standalone(sentence, first.Actor, names, culture), null, true);
    }

    private static StoryLine Line(TimelineEvent e, Telling telling, bool isKey)
    {
        var (names, subjects, culture) = (telling.Names, telling.Subjects, telling.Culture);
        var actor = ActorName(e.Actor, names, culture);
        var data = e.Data;
        string Step() => Str(data, "step") is { } id ? names.Steps.GetValueOrDefault(id, id) : "—";
        string Story(string suffix = "") => Text("story:" + e.Kind + suffix, culture);
        string Severity(string property) => Number(data, property) is { } level ? SharedTexts.Severity((int)level, culture) : "—";
        var sentence = e.Kind switch
        {
            EventKinds.IncidentOpened => Format(Story(), actor, Severity("severity"), names.PlaybookTitle),
            EventKinds.IncidentStatusChanged => Str(data, "to") is { } to && SharedTexts.Find($"story:{e.Kind}:{to}", culture) is { } specific
                ? Format(specific, actor)
                : Format(Story(), actor, Status(data, "from", culture), Status(data, "to", culture)),
            EventKinds.IncidentSeverityChanged => Format(
                Story(Number(data, "to") < Number(data, "from") ? ":raised" : ":lowered"), actor, Severity("from"), Severity("to")),
            EventKinds.RoleAssigned => Str(data, "previousPerson") is { } previous
                ? Format(Story(":handed-over"), actor, RoleName(data, names), Str(data, "person") ?? "—", previous)
                : Format(Story(), actor, RoleName(data, names), Str(data, "person") ?? "—"),
            EventKinds.StepReassigned => Str(data, "person") is { } person ? Format(Story(), actor, Step(), person) : Format(Story(":nobody"), actor, Step()),
            _ when EventKinds.IsStepAction(e.Kind) => Format(Story(), actor, Step()),
            EventKinds.MessageDrafted => Format(Story(), actor, Subject(data, subjects), InSentence("audience", Str(data, "audience"), culture)),
            EventKinds.MessageApproved or EventKinds.MessagePublished => Format(Story(), actor, Subject(data, subjects), InSentence("channel", Str(data, "channel"), culture)),
            EventKinds.MessageEdited => Format(Story(), actor, Subject(data, subjects)),
            EventKinds.MessageSent or EventKinds.MessageFailed or EventKinds.NotificationFailed => Format(Story(), actor, Subject(data, subjects), Str(data, "recipient") ?? "—"),
            EventKinds.NotificationQueued => Format(Story(), actor, Str(data, "person") ?? "—", Str(data, "subject") ?? ""),
            EventKinds.ImpactRecorded => Impact(data, culture) is { Length: > 0 } figures ? Format(Story(), actor, figures) : Format(Story(":note"), actor),
            EventKinds.ReviewActionAdded or EventKinds.ReviewActionUpdated => Format(Story(), actor,
                data.TryGetProperty("action", out var action) ? Str(action, "title") ?? "" : "", Status(action, "status", culture)),
            EventKinds.ExerciseInjectReleased => Format(Story(), actor, Str(data, "title") ?? Str(data, "inject") ?? ""),
            EventKinds.ExerciseEnded => Format(Story(), actor, Str(data, "exerciseTime") ?? "—"),
            EventKinds.IncidentKeyMarked => Marking(Story(IsUnmarking(data) ? ":unmarked" : ""), actor, data, telling),
            EventKinds.IncidentKeyUpdate => Format(Story(), actor, Plain(Str(data, "text")) ?? ""),
            EventKinds.IncidentOpenedFromSignal => Format(Story(), actor, Fired(data, culture).FirstOrDefault() ?? "—"),
            EventKinds.FollowUpClosed => Format(Story(Str(data, "status") == "wont_do" ? ":wont_do" : ""), actor, Str(data, "title") ?? ""),
            EventKinds.FollowUpChanged => FollowUpChanges(data, culture) is { Length: > 0 } changes
                ? Format(Story(), actor, Str(data, "title") ?? "", changes)
                : Format(Story(":other"), actor, Str(data, "title") ?? ""),
            EventKinds.FollowUpReopened => Format(Story(), actor, Str(data, "title") ?? ""),
            EventKinds.StatusUpdatePosted => Format(Story(), actor, Shortened(Plain(Str(data, "text")) ?? "", MarkedEventLimit)),
            EventKinds.ChatChannelPicked => Str(data, "channel") is { } channel ? Format(Story(), actor, channel) : Format(Story(":none"), actor),
            EventKinds.EvidenceAdded => Format(Story(), actor, Str(data, "title") ?? "",
                Text(Evidence.EvidenceTypes.Of(Str(data, "type") ?? "").TextKey, culture), Shortened(Str(data, "sha256") ?? "", 12)),
            EventKinds.EvidenceDeleted => Format(Story(), actor, Str(data, "title") ?? "", Str(data, "reason") ?? ""),
            EventKinds.EvidenceShownInReview => Format(Story(data.TryGetProperty("shown", out var shown) && shown.ValueKind == System.Text.Json.JsonValueKind.False ? ":hidden" : ""),
                actor, Str(data, "title") ?? ""),
            EventKinds.LegalHoldPlaced or EventKinds.LegalHoldLifted => Format(Story(), actor, Str(data, "reason") ?? ""),
            _ => Format(Story(), actor),
        };
        return new StoryLine(e.Seq, e.At, Standalone(actor, e.Actor, names, culture), e.Kind, Standalone(sentence, e.Actor, names, culture), Detail(e, culture), isKey);
    }

    /// <summary>
    /// A sentence, or a name on its own (in a "who" column), starts with a capital: the words for the exercise clock are
    /// written as they read in running text ("released by the exercise clock"), and begin many sentences. A person's name or an account's is left as it is written.
    /// </summary>
    private static string Standalone(string text, string actor, StoryNames names, CultureInfo culture) =>
        text.Length == 0 || !char.IsLower(text[0]) || names.People.ContainsKey(actor) || SharedTexts.Find("story:actor:" + actor, culture) is null
            ? text : char.ToUpper(text[0], culture) + text[1..];

    /// <summary>
    /// A marking names the event it marks by when and what happened ("the event at 17:28: Wang Fang completed …"), never
    /// by its number in the log, which nobody reads.
    /// </summary>
    private static string Marking(string format, string actor, JsonElement data, Telling telling) =>
        Number(data, "seq") is { } seq && telling.Events.TryGetValue(seq, out var marked) && marked.Kind != EventKinds.IncidentKeyMarked
            ? Format(format, actor, SharedTexts.LocalTime(marked.At, telling.Zone), Shortened(Line(marked, telling, isKey: false).Sentence, MarkedEventLimit))
            : Format(format, actor, "—", "—");

    private static string Shortened(string text, int limit) => text.Length <= limit ? text : text[..limit].TrimEnd() + "…";

    /// <summary>What people wrote about the event (a reason, a comment, a note, an error), and counts that explain it.</summary>
    private static string? Detail(TimelineEvent e, CultureInfo culture)
    {
        var data = e.Data;
        var parts = new List<string?>();
        switch (e.Kind)
        {
            case EventKinds.IncidentStatusChanged:
                parts.Add(Str(data, "comment"));
                parts.Add(Str(data, "reason"));
                if (Number(data, "openSteps") is > 0 and var open)
                    parts.Add(Format(Text("story:detail:open-steps", culture), open));
                break;
            case EventKinds.IncidentSeverityChanged when data.TryGetProperty("addedSteps", out var added) && added.ValueKind == JsonValueKind.Array && added.GetArrayLength() > 0:
                parts.Add(Format(Text("story:detail:added-steps", culture), added.GetArrayLength()));
                break;
            case EventKinds.ImpactRecorded when data.TryGetProperty("figures", out var figures):
                if (Number(data, "fromCases") is { } cases) parts.Add(Format(Text("story:detail:from-cases", culture), cases));
                parts.Add(Str(figures, "note"));
                break;
            case EventKinds.FollowUpClosed:
                parts.Add(Str(data, "note"));
                parts.Add(Str(data, "link"));
                if (Number(data, "playbookVersion") is { } version) parts.Add(Format(Text("story:detail:playbook-version", culture), version));
                break;
            case EventKinds.MessageFailed or EventKinds.NotificationFailed:
                parts.Add(Str(data, "error"));
                break;
            case EventKinds.IncidentOpenedFromSignal:
                parts.AddRange(Fired(data, culture).Skip(1));
                parts.Add(Format(Text("story:detail:signal-evidence", culture), SignalWords.Evidence(Number(data, "cases") ?? 0, Number(data, "alerts") ?? 0, culture)));
                break;
            default:
                parts.Add(Str(data, "reason") ?? Str(data, "note") ?? Str(data, "comment"));
                break;
        }
        var text = string.Join(" · ", parts.Select(Plain).Where(part => !string.IsNullOrWhiteSpace(part)));
        return text.Length == 0 ? null : Shortened(text, DetailLimit);
    }

    /// <summary>What the signal an incident was opened from fired on, each finding in a sentence: the first raised it, the rest were merged into it.</summary>
    private static IEnumerable<string> Fired(JsonElement data, CultureInfo culture) =>
        data.TryGetProperty("fired", out var fired) && fired.ValueKind == JsonValueKind.Array
            ? fired.EnumerateArray().Select(facts => SignalWords.Fired(SignalFacts.Read(facts), culture))
            : [];

    /// <summary>What a change of a follow-up changed, as a list: its new owner, due date, status.</summary>
    private static string FollowUpChanges(JsonElement data, CultureInfo culture)
    {
        var parts = new List<string>();
        if (Str(data, "owner") is { } owner) parts.Add(Format(Text("story:follow-up:owner", culture), owner));
        if (Str(data, "dueDate") is { } due) parts.Add(Format(Text("story:follow-up:due", culture), due));
        if (Str(data, "risk") is { } risk) parts.Add(risk.Length == 0 ? Text("story:follow-up:no-risk", culture) : Format(Text("story:follow-up:risk", culture), risk));
        if (Str(data, "status") is not null) parts.Add(Format(Text("story:follow-up:status", culture), Status(data, "status", culture)));
        return string.Join(ListSeparator(culture), parts);
    }

    /// <summary>The figures reported so far in words, as an impact entry is told: "orders affected: 1,200; …".</summary>
    internal static string ImpactInWords(ImpactFigures figures, CultureInfo culture) =>
        Impact(JsonSerializer.SerializeToElement(new { figures }, Timeline.DataJson), culture);

    private static string Impact(JsonElement data, CultureInfo culture)
    {
        if (!data.TryGetProperty("figures", out var figures) || figures.ValueKind != JsonValueKind.Object)
            return "";
        var currency = Str(figures, "currency");
        var parts = ImpactLabels
            .Where(label => figures.TryGetProperty(label.Field, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            .Select(label =>
            {
                var value = figures.GetProperty(label.Field);
                var shown = value.ValueKind == JsonValueKind.String ? value.GetString()
                    : label.Field == "refundAmount" ? SharedTexts.Money(value.GetDecimal(), currency, culture)
                    : value.GetDecimal().ToString("#,0", CultureInfo.InvariantCulture);
                return Format(Text("story:figure", culture), Text(label.Label, culture), shown);
            });
        return string.Join(ListSeparator(culture), parts);
    }

    /// <summary>Subjects by message id, from the drafts and edits on the timeline, so a "sent" event can name its message.</summary>
    private static Dictionary<long, string> MessageSubjects(IEnumerable<TimelineEvent> events)
    {
        var subjects = new Dictionary<long, string>();
        foreach (var e in events)
            if (Number(e.Data, "message") is { } id && Str(e.Data, "subject") is { } subject && e.Kind.StartsWith("message.", StringComparison.Ordinal))
                subjects[id] = subject;
        return subjects;
    }

    /// <summary>The events commanders marked as key (<see cref="EventKinds.IncidentKeyMarked"/>), less those they unmarked since.</summary>
    public static HashSet<long> MarkedSeqs(IEnumerable<TimelineEvent> events)
    {
        var marked = new HashSet<long>();
        foreach (var e in events.Where(e => e.Kind == EventKinds.IncidentKeyMarked))
            if (Number(e.Data, "seq") is { } seq)
            {
                if (IsUnmarking(e.Data))
                    marked.Remove(seq);
                else
                    marked.Add(seq);
            }
        return marked;
    }

    private static bool IsUnmarking(JsonElement data) => data.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.False;

    /// <summary>
    /// What people typed (Markdown) as one line of plain text: "**紧急**：召回" reads "紧急：召回". Lines join with a space,
    /// except after Chinese punctuation, which needs none.
    /// </summary>
    private static string? Plain(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? null
            : AfterChinesePunctuation.Replace(SafeMarkdown.ToText(markdown), "").ReplaceLineEndings(" ").Trim();

    private static readonly Regex AfterChinesePunctuation = new(@"(?<=[\u3000-\u303F\uFF00-\uFFEF])\s*(\r\n|\r|\n)\s*", RegexOptions.Compiled);

    private static string Subject(JsonElement data, Dictionary<long, string> subjects) =>
        Str(data, "subject") ?? (Number(data, "message") is { } id ? subjects.GetValueOrDefault(id) : null) ?? "—";

    private static string RoleName(JsonElement data, StoryNames names) =>
        Str(data, "role") is { } key ? names.Roles.GetValueOrDefault(key) ?? IncidentWords.Readable(key) : "—";

    private static string Status(JsonElement data, string property, CultureInfo culture) =>
        Str(data, property) is { } status ? SharedTexts.Find("status:" + status, culture) ?? status : "—";

    /// <summary>An audience or channel by its name in <paramref name="culture"/>, never its key.</summary>
    public static string Label(string group, string? key, CultureInfo culture) =>
        key is null ? "—" : SharedTexts.Find($"{group}:{key}", culture) ?? key;

    /// <summary>An audience or channel as a sentence says it ("for the regulator", "(press release)"), not as a badge or a heading labels it.</summary>
    private static string InSentence(string group, string? key, CultureInfo culture) => Label("story:" + group, key, culture);

    private static string ListSeparator(CultureInfo culture) => Text("story:list-separator", culture);

    private static string? Str(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long? Number(JsonElement data, string property) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    private static string Text(string key, CultureInfo culture) => SharedTexts.Get(key, culture);

    private static string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
