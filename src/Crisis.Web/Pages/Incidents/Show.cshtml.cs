using System.Security.Claims;
using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Incidents;

/// <summary>The checklist: every action posts back here, runs the same use case as the API, and redirects to the step.</summary>
public sealed class ShowModel(IncidentQueries queries, StepActions steps, IncidentLifecycle lifecycle, PeopleDirectory people, Messages messages, ImpactLog impact,
    ExerciseRuns exercises, Timeline timeline, TemplateLibrary templates, TimeProvider time, Accounts accounts, PlaybookLibrary playbooks, RegulatorDirectory regulators,
    IncidentCases cases, Core.Evidence.EvidenceBook evidence)
    : StatusMessagePageModel
{
    public static readonly string[] Filters = ["all", "mine", "open", "overdue"];

    /// <summary>The key update's field, by the name KeyEvents' refusals use, with its label (the impact form shows its problems beside its fields).</summary>
    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string> { ["text"] = "Key update" };

    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<TimelineEvent> Events { get; private set; } = [];

    /// <summary>
    /// The timeline as the review's story tells it (<see cref="EventStory.Log"/>): a sentence per event in the reader's
    /// language, newest first, each with the event it tells.
    /// </summary>
    public IReadOnlyList<(StoryLine Line, TimelineEvent Event)> Story { get; private set; } = [];

    /// <summary>Names for who acted, where the record holds account names: as the timeline names them.</summary>
    public StoryNames Names { get; private set; } = new();

    /// <summary>The zone of every time on the page (<see cref="PageHelpers.ReaderZone"/>), named once above the timeline.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public IReadOnlyList<Person> People { get; private set; } = [];
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];
    /// <summary>The files attached to the incident and not deleted.</summary>
    public int EvidenceCount { get; private set; }
    public ImpactLogView Impact { get; private set; } = null!;

    /// <summary>The complaint cases linked to the incident, summed, with their curve.</summary>
    public IncidentCaseSummary Cases { get; private set; } = null!;

    /// <summary>Role keys, step ids and template ids as people read them.</summary>
    public IncidentWords Words { get; private set; } = null!;

    /// <summary>For an exercise: its briefing and whether it still runs, and the injects released so far (never the trainer's notes).</summary>
    public (long Id, string Briefing, bool IsRunning)? Exercise { get; private set; }
    public IReadOnlyList<PlayerInject> Injects { get; private set; } = [];
    public string Filter { get; private set; } = "all";

    /// <summary>
    /// Steps shown whatever the filter: the view that just ticked one asks for it (live.js's <c>held</c>) so that it can
    /// stay in place, done, with its Undo, under a filter it no longer matches ("open", "overdue").
    /// </summary>
    public IReadOnlySet<string> Held { get; private set; } = new HashSet<string>();
    public Person? Me { get; private set; }

    /// <summary>The brand's regulator directory, for the steps that report to one (<see cref="StepView.Regulator"/>).</summary>
    public IReadOnlyList<Regulator> Regulators { get; private set; } = [];

    /// <summary>The regulator a step reports to, blank when the directory has none for its purpose; null for a step that names none.</summary>
    public Regulator? RegulatorOf(StepView step) =>
        step.Regulator is { } purpose ? Regulators.FirstOrDefault(regulator => regulator.Purpose == purpose) ?? new Regulator(purpose) : null;

    public IActionResult OnGet(string key, string? filter, string? held = null)
    {
        Incident = queries.Get(key);
        // An exercise's players each read it in their language, the injects from the scenario's twins (ExerciseRuns) and
        // the roles, phases and steps from the playbook's; a real incident's checklist stays in the language it was opened in.
        var reader = System.Globalization.CultureInfo.CurrentUICulture.Name;
        RolesInReadersLanguage = PlaybookTwins.SameLanguage(Incident.Language, reader) || (Incident.IsExercise && playbooks.HasTwin(Incident.PlaybookId, reader));
        if (Incident.IsExercise) Incident = playbooks.InLanguage(Incident, reader);
        Words = new IncidentWords(Incident, templates, System.Globalization.CultureInfo.CurrentUICulture.Name);
        var events = timeline.Read(key);
        Events = events.Reverse().ToList();
        People = people.List();
        Names = StoryNames.Of(Incident, StoryNames.PeopleByAccount(People, accounts.ListUsers()));
        Zone = PageHelpers.ReaderZone(HttpContext);
        Story = EventStory.Log(events, Names, System.Globalization.CultureInfo.CurrentUICulture, Zone).Zip(events).Reverse().ToList();
        Messages = messages.ForIncident(key);
        EvidenceCount = evidence.Count(key);
        Regulators = regulators.All();
        Impact = impact.Read(key);
        Cases = cases.Summary(key, System.Globalization.CultureInfo.CurrentUICulture);
        if (Incident.IsExercise && exercises.ForIncident(key, System.Globalization.CultureInfo.CurrentUICulture.Name) is { } exercise)
        {
            Exercise = (exercise.Id, exercise.Scenario.Briefing, exercise.IsRunning);
            Injects = ExerciseRuns.PlayerInjects(exercise);
        }
        Filter = Filters.Contains(filter) ? filter! : "all";
        Held = (held ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var email = User.FindFirstValue(ClaimTypes.Email);
        Me = string.IsNullOrEmpty(email) ? null : People.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
        return Page();
    }

    /// <summary>The playbook's commander role and who holds it; null when the playbook names no commander.</summary>
    public RoleAssignment? Commander => Incident.Roles.FirstOrDefault(role => role.Key == CommanderRole);

    private const string CommanderRole = "commander";

    /// <summary>Whether the playbook names the incident's roles in the reader's language (its own, or an exercise's twin's).</summary>
    private bool RolesInReadersLanguage { get; set; }

    /// <summary>The commander role's name as the playbook gives it, or in the reader's words where the playbook is in another language.</summary>
    public string CommanderLabel(RoleAssignment commander) =>
        RolesInReadersLanguage ? commander.Name : SharedTexts.Get("Incident commander", System.Globalization.CultureInfo.CurrentUICulture);

    /// <summary>The open step whose deadline comes next and has not passed yet.</summary>
    public StepView? NextDeadline => Incident.AllSteps.Where(step => step.DueAt is not null && StepStatus.IsOpen(step.Status) && !step.Overdue).MinBy(step => step.DueAt);

    public int OverdueCount => Incident.AllSteps.Count(step => step.Overdue);

    /// <summary>How long the incident has run: until it was resolved, or until now.</summary>
    public TimeSpan Elapsed => (Incident.ResolvedAt ?? Incident.ClosedAt ?? time.GetUtcNow()) - Incident.OpenedAt;

    /// <summary>The latest impact figures a commander leads with, those reported so far, in this order.</summary>
    public IReadOnlyList<(string Label, long Value)> ImpactHeadline =>
        HeadlineMeasures.Select(measure => (measure.Label, Value: measure.Of(Impact.Current)))
            .Where(figure => figure.Value is not null).Select(figure => (figure.Label, figure.Value!.Value)).ToList();

    private static readonly (string Label, Func<ImpactFigures, long?> Of)[] HeadlineMeasures =
    [
        ("Orders affected", figures => figures.OrdersAffected),
        ("Customers affected", figures => figures.CustomersAffected),
        ("Complaints", figures => figures.Complaints),
        ("Units recalled", figures => figures.UnitsRecalled),
    ];

    /// <summary>Whether the reader may act on steps: the checklist's forms show; none once the incident is closed.</summary>
    public bool CanAct => User.Can(Permissions.ActOnSteps) && Incident.Status != IncidentStatus.Closed;

    /// <summary>Whether the reader may run the incident: the commander controls, role assignments, key updates and key events.</summary>
    public bool CanManage => User.Can(Permissions.ManageIncidents) && Incident.Status != IncidentStatus.Closed;

    /// <summary>
    /// The last event the page shows: live updates name the events they bring (live.js). Read with the checklist, in one
    /// transaction: an event recorded after it and read with the timeline must not count as shown.
    /// </summary>
    public long Seq => Incident.LastEventSeq;

    /// <summary>The checklist's phases, each with the steps the filter shows, whose forms post through <paramref name="forms"/>.</summary>
    public IEnumerable<ChecklistPhase> Phases(StepForms forms)
    {
        var canAct = CanAct;
        return Incident.Phases.Select(phase => new ChecklistPhase(phase, Visible(phase)
            .Select(step => new ChecklistStep(Incident.Key, forms, step, OwnerOf(step), PageHelpers.PersonOf(Names, step.StatusBy), canAct, People, RegulatorOf(step)))
            .ToList()));
    }

    /// <summary>An event of the story; a commander may mark it key unless the story tells it anyway, or it is itself a marking.</summary>
    public StoryEntry Entry(StoryLine line, TimelineEvent e) =>
        new(Incident.Key, new TimelineEntry(line, e, Zone), CanManage && !EventStory.IsKeyByDefault(e.Kind) && e.Kind != EventKinds.IncidentKeyMarked,
            MarkedKeyEvents.Contains(e.Seq));

    public IEnumerable<StepView> Visible(PhaseView phase) => phase.Steps.Where(step => Held.Contains(step.Id) || Filter switch
    {
        "mine" => IsMine(step),
        "open" => StepStatus.IsOpen(step.Status),
        "overdue" => step.Overdue,
        _ => true,
    });

    /// <summary>Whether the step is the signed-in person's: a done or blocked step stays its owner's after a hand-off of its role.</summary>
    public bool IsMine(StepView step) => Me is not null && step.OwnerId == Me.Id;

    public string OwnerOf(StepView step)
    {
        var role = Incident.Roles.FirstOrDefault(r => r.Key == step.Role);
        var holder = step.OwnerName;
        return holder is null ? role?.Name ?? "" : $"{holder} · {role?.Name ?? step.Role}";
    }

    public IActionResult OnPostStep(string key, string stepId, string verb, string? reason, string? text, long? personId, int? version)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        var inputs = new StepInputs(reason, text, personId, version);
        return Act(key, $"step-{stepId}", () => steps.Act(key, stepId, StepVerbs.Parse(verb), User.Actor(), inputs));
    }

    public IActionResult OnPostStatus(string key, string status, string? comment)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        // Resolving and closing end the response: they are confirmed on a page of their own, which lists what is still open.
        if (IncidentStatus.EndsTheResponse(status)) return RedirectToPage("/Incidents/ConfirmStatus", new { key, to = status, comment });
        return Act(key, "controls", () => lifecycle.SetStatus(key, status, User.Actor(), comment));
    }

    public IActionResult OnPostSeverity(string key, int severity)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        return Act(key, "controls", () => lifecycle.SetSeverity(key, severity, User.Actor()));
    }

    public IActionResult OnPostRole(string key, string role, long personId)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        return Act(key, "roles", () =>
        {
            lifecycle.AssignRole(key, role, personId, User.Actor());
            return true;
        });
    }

    /// <summary>Whether the signed-in person holds a role in this incident: in an exercise, a participant, who gives hot-wash feedback.</summary>
    public bool IsParticipant => Me is not null && Incident.Roles.Any(role => role.PersonId == Me.Id);

    /// <summary>Whether an inject is addressed to the signed-in person's roles in this incident.</summary>
    public bool IsForMe(PlayerInject inject) =>
        inject.Roles.Count == 0 || Incident.Roles.Any(role => Me is not null && role.PersonId == Me.Id && inject.Roles.Contains(role.Key));

    public IActionResult OnPostFeedback(string key, string? whatWorked, string? whatDidNot, int rating)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        return FormChange(key, "exercise", () =>
        {
            var exercise = exercises.ForIncident(key) ?? throw new NotFoundException($"{key} is not an exercise");
            exercises.GiveFeedback(exercise.Id, User.Actor(), whatWorked ?? "", whatDidNot ?? "", rating);
        });
    }

    public IActionResult OnPostImpact(string key, ImpactFigures figures)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        return FormChange(key, "impact", () => impact.Record(key, figures, User.Actor()));
    }

    public IActionResult OnPostImpactFromCases(string key)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        return FormChange(key, "impact", () => cases.RecordImpact(key, User.Actor()));
    }

    /// <summary>Whether the impact form was sent and refused: it is then shown open, with what was typed.</summary>
    public bool ImpactRefused => !ModelState.IsValid && string.Equals(Request.Query["handler"], "Impact", StringComparison.OrdinalIgnoreCase);

    /// <summary>The events a commander marked as key to the review's story.</summary>
    public IReadOnlySet<long> MarkedKeyEvents => _marked ??= EventStory.MarkedSeqs(Events);
    private IReadOnlySet<long>? _marked;

    public IActionResult OnPostKeyEvent(string key, long seq, bool isKey, [FromServices] KeyEvents keyEvents)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        return Act(key, $"event-{seq}", () => keyEvents.Mark(key, seq, isKey, User.Actor()));
    }

    /// <summary>The key update's field is named keyUpdate: a step's note on the same page is a "text" too.</summary>
    public IActionResult OnPostKeyUpdate(string key, string? keyUpdate, [FromServices] KeyEvents keyEvents)
    {
        if (!User.Can(Permissions.ManageIncidents)) return Forbid();
        return FormChange(key, "timeline-heading", () => keyEvents.AddUpdate(key, keyUpdate, User.Actor()), new Dictionary<string, string> { ["text"] = "keyUpdate" });
    }

    /// <summary>
    /// Post a form that takes typed input, then back to where the person was; refused, the page comes back with what was
    /// typed and each problem beside its field, not as a status message after a redirect.
    /// </summary>
    private IActionResult FormChange(string key, string anchor, Action change, IReadOnlyDictionary<string, string>? formNames = null) =>
        PageAction.TryFormChange(this, change, formNames)
            ? RedirectToPage(pageName: null, pageHandler: null, new { key, filter = (string?)Request.Query["filter"] }, anchor)
            : OnGet(key, Request.Query["filter"]);

    /// <summary>Post, then back to where the person was: the same filter, at the part they changed.</summary>
    private IActionResult Act(string key, string anchor, Func<object> change) =>
        Act(() => change(), new { key, filter = (string?)Request.Query["filter"] }, anchor);
}
