using System.Data;
using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.FollowUps;

/// <summary>
/// The follow-ups: every review's action items across incidents and exercises, in one list. Closing one says what was
/// done; it can be reopened. Each change is one transaction with its event on the incident's timeline, and counts as a
/// change of the review (its version moves on), so a review page open elsewhere does not save over it unseen.
/// </summary>
public sealed class FollowUpBook(Database database, TimeProvider time, IncidentChanges changes, OrganisationSettings organisation, PlaybookLibrary playbooks)
{
    private const int LinkLimit = 500;

    public IReadOnlyList<FollowUp> List(FollowUpFilter filter)
    {
        var status = filter.Status;
        if (status is not null && status != FollowUpFilter.StillToDo && !ActionStatus.All.Contains(status))
            throw new RuleViolationException($"unknown status '{status}': use {FollowUpFilter.StillToDo} or one of {string.Join(", ", ActionStatus.All)}")
                { Field = "status" };
        if (filter.Source is { } source && !FollowUpSources.All.Contains(source))
            throw new RuleViolationException($"unknown source '{source}': use one of {string.Join(", ", FollowUpSources.All)}") { Field = "source" };
        var conditions = new List<string>();
        if (status == FollowUpFilter.StillToDo) conditions.Add($"a.status IN {StillToDoSql}");
        else if (status is not null) conditions.Add("a.status = @status");
        if (filter.OwnerPersonId is not null) conditions.Add("a.owner_person_id = @OwnerPersonId");
        if (filter.OverdueOnly) conditions.Add($"a.status IN {StillToDoSql} AND a.due_date < @today");
        if (filter.Source is not null) conditions.Add("i.is_exercise = @exercise");
        if (filter.Playbook is not null) conditions.Add("a.playbook_change = @Playbook");
        var today = Today();
        using var connection = database.Open();
        return connection.Query<FollowUpRow>(
                $"""
                {Select}
                {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))}
                ORDER BY CASE WHEN a.status IN {StillToDoSql} THEN 0 ELSE 1 END, a.due_date IS NULL, a.due_date, a.id
                """,
                new
                {
                    status, filter.OwnerPersonId, filter.Playbook, exercise = filter.Source == FollowUpSources.Exercise, today = DateText(today),
                })
            .Select(row => row.ToFollowUp(today)).ToList();
    }

    public FollowUp Get(long id)
    {
        using var connection = database.Open();
        return Read(connection, null, id) ?? throw NoSuchFollowUp(id);
    }

    /// <summary>Closes the follow-up as done or won't do, saying what was done.</summary>
    public FollowUp Close(long id, WhatWasDone done, Actor actor) => Write(id, actor, (write, followUp) => Close(write, followUp, done, actor));

    /// <summary>Opens a closed follow-up again (open); one still open is left as it is.</summary>
    public FollowUp Reopen(long id, Actor actor) => Write(id, actor, (write, followUp) => Reopen(write, followUp, ActionStatus.Open, actor));

    /// <summary>Gives the follow-up to a person of the directory; choosing nobody is refused, as a follow-up without an owner is nobody's.</summary>
    public FollowUp GiveTo(long id, long? ownerPersonId, Actor actor) =>
        Change(id, new FollowUpChange
        {
            OwnerPersonId = ownerPersonId ?? throw new RuleViolationException("choose the person from the directory who owns the follow-up")
                { Field = "ownerPersonId", TextKey = RefusalTexts.Required },
        }, actor);

    /// <summary>
    /// Changes what <paramref name="change"/> sends: owner, due date, risk and status; a closing status closes it with what
    /// was done, an open one reopens it. Nothing sent that differs from what is stored changes nothing and records nothing.
    /// </summary>
    public FollowUp Change(long id, FollowUpChange change, Actor actor) => Write(id, actor, (write, followUp) =>
    {
        var status = change.Status ?? followUp.Status;
        if (!ActionStatus.All.Contains(status))
            throw new RuleViolationException($"unknown status '{status}': use one of {string.Join(", ", ActionStatus.All)}")
                { Field = "status" };
        var closing = ActionStatus.IsClosed(status) && status != followUp.Status;
        if (!closing && (change.Note is not null || change.Link is not null || change.PlaybookVersion is not null))
            throw new RuleViolationException("what was done (note, link, playbookVersion) is said when closing: send it with status done or wont_do")
                { Field = change.Note is not null ? "note" : change.Link is not null ? "link" : "playbookVersion", TextKey = RefusalTexts.NotClosing };
        var changed = new Dictionary<string, object?>();
        if (change.OwnerPersonId is { } owner && owner != followUp.OwnerPersonId)
            changed["owner"] = write.Connection.ExecuteScalar<string?>("SELECT name FROM people WHERE id = @owner", new { owner }, write.Transaction)
                ?? throw new RuleViolationException($"there is no person {owner}") { Field = "ownerPersonId", TextKey = RefusalTexts.NoSuchPerson, TextArguments = [owner] };
        if (change.DueDate is { } due && due != followUp.DueDate) changed["dueDate"] = DateText(due);
        if (change.RiskId is { } risk && risk != (followUp.RiskId ?? 0))
        {
            // 0 leaves the risk register; any other id must be a risk, or a risk made later would take the follow-up over.
            var title = risk == 0 ? "" : write.Connection.ExecuteScalar<string?>("SELECT title FROM risks WHERE id = @risk", new { risk }, write.Transaction)
                ?? throw new RuleViolationException($"there is no risk {risk}: send a risk's id, or 0 for none") { Field = "riskId" };
            changed["risk"] = title;
        }
        if (!closing && status != followUp.Status && !followUp.IsClosed) changed["status"] = status;
        if (changed.Count > 0)
        {
            write.Connection.Execute(
                $"""
                UPDATE review_actions SET owner_person_id = COALESCE(@OwnerPersonId, owner_person_id), owner = COALESCE(@ownerName, owner),
                    due_date = COALESCE(@due, due_date), risk_id = CASE WHEN @RiskId = 0 THEN NULL ELSE COALESCE(@RiskId, risk_id) END, status = COALESCE(@newStatus, status),
                    {FollowUpReminders.KeptWhileDueDateIs("COALESCE(@due, due_date)")}
                WHERE id = @Id
                """,
                new
                {
                    change.OwnerPersonId, ownerName = changed.GetValueOrDefault("owner"), due = changed.GetValueOrDefault("dueDate"), change.RiskId,
                    newStatus = changed.GetValueOrDefault("status"), followUp.Id,
                }, write.Transaction);
            Record(write, followUp, actor, EventKinds.FollowUpChanged, changed);
        }
        if (closing) Close(write, followUp, new WhatWasDone(status, change.Note, change.Link, change.PlaybookVersion), actor);
        else if (followUp.IsClosed && !ActionStatus.IsClosed(status)) Reopen(write, followUp, status, actor);
    });

    private void Close(IncidentWrite write, FollowUp followUp, WhatWasDone done, Actor actor)
    {
        if (!ActionStatus.IsClosed(done.Status))
            throw new RuleViolationException($"a follow-up closes as {ActionStatus.Done} or {ActionStatus.WontDo}, not {done.Status}")
                { Field = "status" };
        if (followUp.IsClosed)
            throw new RuleViolationException($"the follow-up \"{followUp.Title}\" is closed already; reopen it to close it again") { TextKey = RefusalTexts.FollowUpClosed };
        var note = string.IsNullOrWhiteSpace(done.Note) ? null : TextLimits.RequireMarkdown(done.Note, TextLimits.Note, "the note", "note");
        var link = Link(done.Link);
        if (done.Status == ActionStatus.WontDo && note is null)
            throw new RuleViolationException("closing as won't do needs a note saying why") { Field = "note", TextKey = RefusalTexts.WontDoWhy };
        if (note is null && link is null)
            throw new RuleViolationException("closing needs what was done: a note or a link") { Field = "note", TextKey = RefusalTexts.WhatWasDone };
        if (done.PlaybookVersion is { } version) EnsurePlaybookVersion(write, followUp, version);
        write.Connection.Execute(
            """
            UPDATE review_actions SET status = @Status, done_note = @note, done_link = @link, done_playbook_version = @PlaybookVersion,
                closed_at = @now, closed_by = @by
            WHERE id = @Id
            """, new { done.Status, note, link, done.PlaybookVersion, now = write.Now, by = actor.Name, followUp.Id }, write.Transaction);
        Record(write, followUp, actor, EventKinds.FollowUpClosed, new Dictionary<string, object?>
        {
            ["status"] = done.Status, ["note"] = note, ["link"] = link, ["playbookVersion"] = done.PlaybookVersion,
        });
    }

    private static void Reopen(IncidentWrite write, FollowUp followUp, string status, Actor actor)
    {
        if (!followUp.IsClosed) return;
        write.Connection.Execute(
            """
            UPDATE review_actions SET status = @status, done_note = NULL, done_link = NULL, done_playbook_version = NULL, closed_at = NULL, closed_by = NULL
            WHERE id = @Id
            """, new { status, followUp.Id }, write.Transaction);
        Record(write, followUp, actor, EventKinds.FollowUpReopened, new Dictionary<string, object?> { ["status"] = status });
    }

    /// <summary>
    /// The version must be one this installation has seen of the playbook the follow-up asks to change (one an incident
    /// was opened from, or the one in the library now) and, when that playbook is the one its incident was opened from,
    /// newer than the version the incident used: the change cannot be in the version that needed it.
    /// </summary>
    private void EnsurePlaybookVersion(IncidentWrite write, FollowUp followUp, int version)
    {
        if (followUp.PlaybookId is not { } playbook)
            throw new RuleViolationException($"the follow-up \"{followUp.Title}\" asks to change no playbook, so no playbook version changed with it")
                { Field = "playbookVersion", TextKey = RefusalTexts.NoPlaybookToChange };
        if (!VersionsThatCanCarry(followUp, PlaybookVersions(write.Connection, write.Transaction, playbook)).Contains(version))
            throw new RuleViolationException($"playbook {playbook} has no version {version} newer than the one {followUp.IncidentKey} was opened from")
                { Field = "playbookVersion", TextKey = RefusalTexts.UnknownPlaybookVersion, TextArguments = [version] };
    }

    /// <summary>The versions of its playbook a follow-up can say carry the change, newest first.</summary>
    public IReadOnlyList<int> PlaybookVersions(FollowUp followUp)
    {
        if (followUp.PlaybookId is not { } playbook) return [];
        using var connection = database.Open();
        return VersionsThatCanCarry(followUp, PlaybookVersions(connection, null, playbook));
    }

    private static List<int> VersionsThatCanCarry(FollowUp followUp, IEnumerable<int> versions) =>
        versions.Where(version => followUp.IncidentPlaybookId != followUp.PlaybookId || version > followUp.IncidentPlaybookVersion).ToList();

    private List<int> PlaybookVersions(IDbConnection connection, IDbTransaction? transaction, string playbookId) =>
        connection.Query<int>("SELECT DISTINCT version FROM playbook_versions WHERE playbook_id = @playbookId", new { playbookId }, transaction)
            .Concat(playbooks.All().Where(result => result.Playbook.Id == playbookId).Select(result => result.Playbook.Version))
            .Distinct().OrderDescending().ToList();

    private static string? Link(string? link)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        var trimmed = TextLimits.Require(link, LinkLimit, "the link", "link");
        return FollowUp.IsWebAddress(trimmed) ? trimmed
            : throw new RuleViolationException("the link must be a web address starting with https:// or http://") { Field = "link", TextKey = RefusalTexts.WebAddress };
    }

    /// <summary>One change of a follow-up: it and its incident read in the transaction, the change, the review's version moved on.</summary>
    private FollowUp Write(long id, Actor actor, Action<IncidentWrite, FollowUp> change)
    {
        new IncidentWriter(database, time, changes).Write(write =>
        {
            var followUp = Read(write.Connection, write.Transaction, id) ?? throw NoSuchFollowUp(id);
            change(write, followUp);
            if (write.Changed.Count > 0)
                write.Connection.Execute(
                    "UPDATE reviews SET version = version + 1, updated_by = @by, updated_at = @now WHERE incident_id = (SELECT incident_id FROM review_actions WHERE id = @id)",
                    new { by = actor.Name, now = write.Now, id }, write.Transaction);
        });
        return Get(id);
    }

    private static void Record(IncidentWrite write, FollowUp followUp, Actor actor, string kind, Dictionary<string, object?> data)
    {
        data["followUp"] = followUp.Id;
        data["title"] = followUp.Title;
        var incidentId = write.Connection.ExecuteScalar<long>("SELECT incident_id FROM review_actions WHERE id = @Id", new { followUp.Id }, write.Transaction);
        write.Record(incidentId, followUp.IncidentKey, actor.Name, kind, data);
    }

    /// <summary>The action items of one incident's review, oldest first, as the review lists them.</summary>
    internal static IEnumerable<FollowUp> OfIncident(IDbConnection connection, IDbTransaction? transaction, long incidentId, DateOnly today) =>
        connection.Query<FollowUpRow>($"{Select} WHERE a.incident_id = @incidentId ORDER BY a.id", new { incidentId }, transaction).Select(row => row.ToFollowUp(today));

    private FollowUp? Read(IDbConnection connection, IDbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefault<FollowUpRow>($"{Select} WHERE a.id = @id", new { id }, transaction)?.ToFollowUp(Today());

    private static NotFoundException NoSuchFollowUp(long id) => new($"no follow-up {id}");

    /// <summary>Today in the organisation's time zone: a follow-up due today is overdue from midnight there.</summary>
    public DateOnly Today() => organisation.Today(time);

    internal static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private const string StillToDoSql = "('open', 'in_progress')";

    private const string Select =
        """
        SELECT a.id, a.title, COALESCE(p.name, a.owner) AS owner, p.id AS owner_person_id, a.due_date, a.status, a.playbook_change, a.risk_id,
            a.done_note, a.done_link, a.done_playbook_version, a.closed_at, a.closed_by, i.key AS incident_key, i.title AS incident_title, i.is_exercise,
            i.playbook_id AS incident_playbook_id, i.playbook_version AS incident_playbook_version
        FROM review_actions a
        JOIN incidents i ON i.id = a.incident_id
        LEFT JOIN people p ON p.id = a.owner_person_id
        """;

    private sealed class FollowUpRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string Owner { get; init; } = "";
        public long? OwnerPersonId { get; init; }
        public string? DueDate { get; init; }
        public string Status { get; init; } = "";
        public string? PlaybookChange { get; init; }
        public long? RiskId { get; init; }
        public string? DoneNote { get; init; }
        public string? DoneLink { get; init; }
        public int? DonePlaybookVersion { get; init; }
        public string? ClosedAt { get; init; }
        public string? ClosedBy { get; init; }
        public string IncidentKey { get; init; } = "";
        public string IncidentTitle { get; init; } = "";
        public bool IsExercise { get; init; }
        public string IncidentPlaybookId { get; init; } = "";
        public int IncidentPlaybookVersion { get; init; }

        public FollowUp ToFollowUp(DateOnly today)
        {
            // A date stored by hand in another shape reads as no date rather than failing the list.
            DateOnly? due = DateOnly.TryParseExact(DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
            return new FollowUp
            {
                Id = Id, Title = Title, Owner = Owner, OwnerPersonId = OwnerPersonId, DueDate = due, Status = Status, PlaybookChange = PlaybookChange,
                RiskId = RiskId, IncidentKey = IncidentKey, IncidentTitle = IncidentTitle, IsExercise = IsExercise,
                IncidentPlaybookId = IncidentPlaybookId, IncidentPlaybookVersion = IncidentPlaybookVersion,
                IsOverdue = due < today && ActionStatus.Working.Contains(Status),
                Closing = ActionStatus.IsClosed(Status)
                    ? new FollowUpClosing(DoneNote, DoneLink, DonePlaybookVersion, Timestamps.ParseOrNull(ClosedAt) ?? DateTimeOffset.MinValue, ClosedBy ?? "")
                    : null,
            };
        }
    }
}
