using System.Data;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.Reviews;

public static class ReviewStatus
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Published = "published";
}

public static class ActionStatus
{
    public const string Open = "open";
    public const string InProgress = "in_progress";
    public const string Done = "done";
    /// <summary>Closed without being done, the note saying why: a lesson can turn out not worth its cost, or be overtaken.</summary>
    public const string WontDo = "wont_do";

    public static readonly IReadOnlyList<string> All = [Open, InProgress, Done, WontDo];

    /// <summary>The statuses of an item still being worked on, which reminders are about.</summary>
    public static readonly IReadOnlyList<string> Working = [Open, InProgress];

    /// <summary>Done or won't do: closed, with what was done said (see <see cref="FollowUps.FollowUpBook.Close"/>).</summary>
    public static bool IsClosed(string status) => status is Done or WontDo;
}

/// <summary>The review's narrative, all Markdown; five whys is one answer per "why?".</summary>
public sealed record ReviewContent
{
    public string Summary { get; init; } = "";
    public string CustomerImpact { get; init; } = "";
    public string RevenueImpact { get; init; } = "";
    public string RegulatorsNotified { get; init; } = "";
    public string RootCause { get; init; } = "";
    public IReadOnlyList<string> FiveWhys { get; init; } = [];
    public string WentWell { get; init; } = "";
    public string WentPoorly { get; init; } = "";
    public string Lucky { get; init; } = "";
    public string Lessons { get; init; } = "";
}

public sealed record ActionItem
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    /// <summary>
    /// The owner's name as the directory has it now; for an item whose owner was typed before owners were people, and
    /// matched nobody, the text typed (<see cref="OwnerPersonId"/> is then null). Ignored when an item is sent.
    /// </summary>
    public string Owner { get; init; } = "";
    /// <summary>The person from the directory who owns the item; an item sent without one keeps the owner it has (a new one needs one).</summary>
    public long? OwnerPersonId { get; init; }
    public DateOnly? DueDate { get; init; }
    public string Status { get; init; } = ActionStatus.Open;
    /// <summary>The playbook (id or link to the change) this action will change, if any.</summary>
    public string? PlaybookChange { get; init; }
}

public sealed record ReviewView
{
    public required string IncidentKey { get; init; }
    public required string Status { get; init; }
    public required ReviewContent Content { get; init; }
    public required IReadOnlyList<ActionItem> Actions { get; init; }
    public required string OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required int Version { get; init; }

    public bool IsEditable => Status != ReviewStatus.Published;
}

/// <summary>
/// The post-incident review: opened by a commander once the incident is resolved, written as a draft, sent for
/// review, published. Every change is on the incident's timeline; a published review is final.
/// </summary>
public sealed class PostIncidentReviews(Database database, TimeProvider time, IncidentChanges changes)
{
    private const int FieldLimit = 20_000;

    public ReviewView Open(string key, Actor actor)
    {
        Writer.Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            if (incident.Status is not (IncidentStatus.Resolved or IncidentStatus.Closed))
                throw new RuleViolationException($"{key} is {incident.Status}; a review opens once the incident is resolved") { TextKey = RefusalTexts.ReviewNotYet };
            if (write.Connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM reviews WHERE incident_id = @Id)", new { incident.Id }, write.Transaction))
                return;
            write.Connection.Execute(
                """
                INSERT INTO reviews (incident_id, status, opened_by, opened_at, updated_by, updated_at)
                VALUES (@Id, @status, @by, @now, @by, @now)
                """, new { incident.Id, status = ReviewStatus.Draft, by = actor.Name, now = write.Now }, write.Transaction);
            write.Record(incident, actor, EventKinds.ReviewOpened, new { });
        });
        return Get(key)!;
    }

    public ReviewView? Get(string key)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return Read(connection, null, incident.Id, key);
    }

    /// <summary>The review, or a 404 that says how a review comes to exist.</summary>
    public ReviewView Require(string key) => Get(key) ?? throw NoReview(key);

    private static NotFoundException NoReview(string key) => new($"{key} has no review yet; a commander opens it once the incident is resolved");

    /// <summary>Saves the narrative; <paramref name="expectedVersion"/> guards against overwriting someone else's edit.</summary>
    public ReviewView Edit(string key, ReviewContent content, int expectedVersion, Actor actor)
    {
        var cleaned = Clean(content);
        return Change(key, expectedVersion, actor, EventKinds.ReviewEdited, review =>
        {
            var changed = ChangedFields(review.Content, cleaned);
            return changed.Count == 0 ? null : (new { fields = changed }, connection => connection.Execute(
                """
                UPDATE reviews SET summary = @Summary, customer_impact = @CustomerImpact, revenue_impact = @RevenueImpact,
                    regulators_notified = @RegulatorsNotified, root_cause = @RootCause, five_whys = @FiveWhysJson,
                    went_well = @WentWell, went_poorly = @WentPoorly, lucky = @Lucky, lessons = @Lessons
                WHERE incident_id = @IncidentId
                """,
                new
                {
                    cleaned.Summary, cleaned.CustomerImpact, cleaned.RevenueImpact, cleaned.RegulatorsNotified, cleaned.RootCause,
                    FiveWhysJson = JsonSerializer.Serialize(cleaned.FiveWhys), cleaned.WentWell, cleaned.WentPoorly, cleaned.Lucky,
                    cleaned.Lessons, review.IncidentId,
                }, review.Transaction));
        });
    }

    public ReviewView SubmitForReview(string key, int expectedVersion, Actor actor) =>
        Move(key, expectedVersion, actor, ReviewStatus.Draft, ReviewStatus.InReview, EventKinds.ReviewSubmitted);

    public ReviewView ReturnToDraft(string key, int expectedVersion, Actor actor, string reason) =>
        Move(key, expectedVersion, actor, ReviewStatus.InReview, ReviewStatus.Draft, EventKinds.ReviewReturned, TextLimits.RequireMarkdown(reason, TextLimits.Note, "a reason"));

    public ReviewView Publish(string key, int expectedVersion, Actor actor) =>
        Move(key, expectedVersion, actor, ReviewStatus.InReview, ReviewStatus.Published, EventKinds.ReviewPublished);

    public ReviewView AddAction(string key, ActionItem action, int expectedVersion, Actor actor)
    {
        var item = CleanAction(action);
        if (ActionStatus.IsClosed(item.Status)) throw CloseOnFollowUps();
        return Change(key, expectedVersion, actor, EventKinds.ReviewActionAdded, review =>
        {
            var owned = item with { Owner = review.OwnerName(item.OwnerPersonId ?? throw OwnerRequired()) };
            return (new { action = owned }, connection => connection.Execute(
                """
                INSERT INTO review_actions (incident_id, title, owner, owner_person_id, due_date, status, playbook_change, created_at)
                VALUES (@IncidentId, @Title, @Owner, @OwnerPersonId, @Due, @Status, @PlaybookChange, @now)
                """,
                new { review.IncidentId, owned.Title, owned.Owner, owned.OwnerPersonId, Due = DueText(owned.DueDate), owned.Status, owned.PlaybookChange, now = review.Now },
                review.Transaction));
        });
    }

    public ReviewView UpdateAction(string key, long actionId, ActionItem action, int expectedVersion, Actor actor)
    {
        var item = CleanAction(action) with { Id = actionId };
        return Change(key, expectedVersion, actor, EventKinds.ReviewActionUpdated, review =>
        {
            var existing = review.Actions.FirstOrDefault(existing => existing.Id == actionId)
                ?? throw new NotFoundException($"the review of {key} has no action item {actionId}");
            // A closed item keeps the status its closing was recorded with: done and won't do differ in what the closer said.
            if (existing.Status != item.Status && (ActionStatus.IsClosed(existing.Status) || ActionStatus.IsClosed(item.Status))) throw CloseOnFollowUps();
            var owned = item.OwnerPersonId is { } person
                ? item with { Owner = review.OwnerName(person) }
                : item with { Owner = existing.Owner, OwnerPersonId = existing.OwnerPersonId };
            return (new { action = owned }, connection => connection.Execute(
                $"""
                UPDATE review_actions SET title = @Title, owner = @Owner, owner_person_id = @OwnerPersonId, due_date = @Due, status = @Status,
                    playbook_change = @PlaybookChange,
                    {FollowUpReminders.KeptWhileDueDateIs("@Due")}
                WHERE id = @Id
                """,
                new { owned.Title, owned.Owner, owned.OwnerPersonId, Due = DueText(owned.DueDate), owned.Status, owned.PlaybookChange, owned.Id }, review.Transaction));
        }, allowPublished: true);
    }

    private ReviewView Move(string key, int expectedVersion, Actor actor, string from, string to, string kind, string? reason = null) =>
        Change(key, expectedVersion, actor, kind, review =>
        {
            if (review.Status != from)
                throw new RuleViolationException($"the review of {key} is {review.Status.Replace('_', ' ')}; this needs it to be {from.Replace('_', ' ')}")
                    { TextKey = RefusalTexts.ReviewStage };
            return (new { from, to, reason }, connection => connection.Execute(
                "UPDATE reviews SET status = @to, published_at = CASE WHEN @to = 'published' THEN @now ELSE published_at END WHERE incident_id = @IncidentId",
                new { to, now = review.Now, review.IncidentId }, review.Transaction));
        });

    private sealed record Pending(long IncidentId, string Status, ReviewContent Content, IReadOnlyList<ActionItem> Actions, IDbConnection Connection,
        IDbTransaction Transaction, DateTimeOffset Now)
    {
        /// <summary>The name of the person who is to own an item, refused by field when the directory has nobody by that id.</summary>
        public string OwnerName(long personId) =>
            Connection.ExecuteScalar<string?>("SELECT name FROM people WHERE id = @personId", new { personId }, Transaction)
            ?? throw new RuleViolationException($"there is no person {personId}") { Field = "ownerPersonId", TextKey = RefusalTexts.NoSuchPerson, TextArguments = [personId] };
    }

    private static RuleViolationException OwnerRequired() =>
        new("'ownerPersonId' is required: the person from the people directory who owns the action item") { Field = "ownerPersonId", TextKey = RefusalTexts.Required };

    private static RuleViolationException CloseOnFollowUps() =>
        new("an action item is closed (done or won't do) and reopened on the follow-ups, saying what was done: PATCH /api/follow-ups/{id}")
            { Field = "status", TextKey = RefusalTexts.CloseOnFollowUps };

    /// <summary>
    /// One review change: checks the review exists, is the version the caller saw and may still change; applies the
    /// change; bumps the version; records the event. A change that returns null changed nothing.
    /// </summary>
    private ReviewView Change(string key, int expectedVersion, Actor actor, string kind,
        Func<Pending, (object Data, Func<IDbConnection, int> Apply)?> change, bool allowPublished = false)
    {
        Writer.Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            var review = Read(write.Connection, write.Transaction, incident.Id, key)
                ?? throw NoReview(key);
            IncidentWrite.EnsureVersion(expectedVersion, review.Version, () =>
                $"the review of {key} changed since you read it (version {expectedVersion}, now {review.Version}) by {review.UpdatedBy}; reload and try again");
            if (!review.IsEditable && !allowPublished)
                throw new RuleViolationException($"the review of {key} is published and can no longer change") { TextKey = RefusalTexts.ReviewPublished };
            if (change(new Pending(incident.Id, review.Status, review.Content, review.Actions, write.Connection, write.Transaction, write.Now)) is not { } applied)
                return;
            applied.Apply(write.Connection);
            write.Connection.Execute("UPDATE reviews SET version = version + 1, updated_by = @by, updated_at = @now WHERE incident_id = @Id",
                new { by = actor.Name, now = write.Now, incident.Id }, write.Transaction);
            write.Record(incident, actor, kind, applied.Data);
        });
        return Get(key)!;
    }

    private IncidentWriter Writer => new(database, time, changes);

    private static ReviewView? Read(IDbConnection connection, IDbTransaction? transaction, long incidentId, string key)
    {
        var row = connection.QuerySingleOrDefault<ReviewRow>("SELECT * FROM reviews WHERE incident_id = @incidentId", new { incidentId }, transaction);
        if (row is null)
            return null;
        // Read as the follow-ups they are; the review needs no day to tell which are overdue.
        var actions = FollowUpBook.OfIncident(connection, transaction, incidentId, DateOnly.MinValue)
            .Select(action => new ActionItem
            {
                Id = action.Id, Title = action.Title, Owner = action.Owner, OwnerPersonId = action.OwnerPersonId, DueDate = action.DueDate,
                Status = action.Status, PlaybookChange = action.PlaybookChange,
            }).ToList();
        return row.ToView(key, actions);
    }

    private static ReviewContent Clean(ReviewContent content)
    {
        // field: as the API names it, for a page to name it by its label in the reader's language.
        string Field(string? value, string name, string field)
        {
            var text = (value ?? "").Trim();
            if (text.Length > FieldLimit)
                throw new RuleViolationException($"{name} is {text.Length} characters; the limit is {FieldLimit}")
                    { Field = field, TextKey = RefusalTexts.TooLong, TextArguments = [text.Length, FieldLimit] };
            return SafeMarkdown.RequireRenderable(text, name, field);
        }
        var whys = (content.FiveWhys ?? []).Select((why, i) => Field(why, $"why {i + 1}", "fiveWhys")).ToList();
        while (whys.Count > 0 && whys[^1].Length == 0)
            whys.RemoveAt(whys.Count - 1);
        if (whys.Count > 5)
            throw new RuleViolationException($"five whys takes at most five answers, not {whys.Count}")
                { Field = "fiveWhys", TextKey = RefusalTexts.TooManyWhys, TextArguments = [whys.Count] };
        return new ReviewContent
        {
            Summary = Field(content.Summary, "the summary", "summary"),
            CustomerImpact = Field(content.CustomerImpact, "customer impact", "customerImpact"),
            RevenueImpact = Field(content.RevenueImpact, "revenue impact", "revenueImpact"),
            RegulatorsNotified = Field(content.RegulatorsNotified, "regulators notified", "regulatorsNotified"),
            RootCause = Field(content.RootCause, "the root cause", "rootCause"),
            FiveWhys = whys,
            WentWell = Field(content.WentWell, "what went well", "wentWell"),
            WentPoorly = Field(content.WentPoorly, "what went poorly", "wentPoorly"),
            Lucky = Field(content.Lucky, "where we were lucky", "lucky"),
            Lessons = Field(content.Lessons, "lessons", "lessons"),
        };
    }

    private static List<string> ChangedFields(ReviewContent before, ReviewContent after)
    {
        var changed = new List<string>();
        void Compare(string name, string a, string b)
        {
            if (a != b) changed.Add(name);
        }
        Compare("summary", before.Summary, after.Summary);
        Compare("customerImpact", before.CustomerImpact, after.CustomerImpact);
        Compare("revenueImpact", before.RevenueImpact, after.RevenueImpact);
        Compare("regulatorsNotified", before.RegulatorsNotified, after.RegulatorsNotified);
        Compare("rootCause", before.RootCause, after.RootCause);
        Compare("fiveWhys", string.Join('\n', before.FiveWhys), string.Join('\n', after.FiveWhys));
        Compare("wentWell", before.WentWell, after.WentWell);
        Compare("wentPoorly", before.WentPoorly, after.WentPoorly);
        Compare("lucky", before.Lucky, after.Lucky);
        Compare("lessons", before.Lessons, after.Lessons);
        return changed;
    }

    private static ActionItem CleanAction(ActionItem action)
    {
        if (!ActionStatus.All.Contains(action.Status))
            throw new RuleViolationException($"unknown action status '{action.Status}': use one of {string.Join(", ", ActionStatus.All)}") { Field = "status" };
        var change = action.PlaybookChange?.Trim();
        return action with
        {
            Title = TextLimits.Require(action.Title, TextLimits.Title, "an action's title", "title"),
            PlaybookChange = string.IsNullOrEmpty(change) ? null : TextLimits.Require(change, 500, "the playbook change"),
        };
    }

    private static string? DueText(DateOnly? due) => due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class ReviewRow
    {
        public string Status { get; init; } = "";
        public string Summary { get; init; } = "";
        public string CustomerImpact { get; init; } = "";
        public string RevenueImpact { get; init; } = "";
        public string RegulatorsNotified { get; init; } = "";
        public string RootCause { get; init; } = "";
        public string FiveWhys { get; init; } = "[]";
        public string WentWell { get; init; } = "";
        public string WentPoorly { get; init; } = "";
        public string Lucky { get; init; } = "";
        public string Lessons { get; init; } = "";
        public string OpenedBy { get; init; } = "";
        public DateTimeOffset OpenedAt { get; init; }
        public string UpdatedBy { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public int Version { get; init; }

        public ReviewView ToView(string key, IReadOnlyList<ActionItem> actions) => new()
        {
            IncidentKey = key,
            Status = Status,
            Content = new ReviewContent
            {
                Summary = Summary, CustomerImpact = CustomerImpact, RevenueImpact = RevenueImpact, RegulatorsNotified = RegulatorsNotified,
                RootCause = RootCause, FiveWhys = JsonSerializer.Deserialize<List<string>>(FiveWhys) ?? [], WentWell = WentWell,
                WentPoorly = WentPoorly, Lucky = Lucky, Lessons = Lessons,
            },
            Actions = actions,
            OpenedBy = OpenedBy,
            OpenedAt = OpenedAt,
            UpdatedBy = UpdatedBy,
            UpdatedAt = UpdatedAt,
            PublishedAt = PublishedAt,
            Version = Version,
        };
    }
}
