using System.Data;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Exercises;

public sealed record StartExercise(string ScenarioId, IReadOnlyDictionary<string, long> Participants, string Clock, double Rate = 1, string Language = "en");

/// <summary>An inject and where it stands in this exercise.</summary>
public sealed record InjectState(Inject Inject, DateTimeOffset? ReleasedAt, string? ReleasedBy, TimeSpan? ReleasedAtExerciseTime, InjectSkip? Skipped, bool IsAdHoc)
{
    public bool IsReleased => ReleasedAt is not null;
}

public sealed record Observation(DateTimeOffset At, TimeSpan ExerciseTime, string By, string Text);

public sealed record ParticipantFeedback(string Participant, string WhatWorked, string WhatDidNot, int Rating, DateTimeOffset At);

/// <summary>The trainer's view of an exercise: the whole schedule, scores, notes and feedback.</summary>
public sealed record ExerciseView
{
    public required long Id { get; init; }
    public required string IncidentKey { get; init; }
    public required Scenario Scenario { get; init; }
    public required ExerciseClock Clock { get; init; }
    public required string Trainer { get; init; }

    /// <summary>Accounts the trainer added to help steer: they see and do what the trainer does.</summary>
    public required IReadOnlyList<string> CoTrainers { get; init; }
    public required TimeSpan ExerciseTime { get; init; }
    public required IReadOnlyList<InjectState> Injects { get; init; }
    public required IReadOnlyList<ExpectationScore> Scores { get; init; }
    public required IReadOnlyList<Observation> Observations { get; init; }
    public required IReadOnlyList<ParticipantFeedback> Feedback { get; init; }
    public required IReadOnlyDictionary<string, long> Participants { get; init; }

    public bool IsRunning => Clock.EndedAt is null;

    /// <summary>Whether <paramref name="actor"/> may see the trainer material and steer: the trainer, a co-trainer or an admin.</summary>
    public bool IsSteeredBy(Actor actor) => ExerciseAccess.Steers(Trainer, CoTrainers, actor);
}

/// <summary>What a player sees of an inject: no trainer notes, no expectations, nothing before its release.</summary>
public sealed record PlayerInject(string Id, string Title, string Body, IReadOnlyList<string> Roles, DateTimeOffset ReleasedAt, TimeSpan ExerciseTime, string? EmailSubject);

/// <summary>
/// Running exercises: start one on an incident flagged EXERCISE, release injects by the trainer's hand (the exercise
/// clock releases the scheduled ones: <see cref="ScheduledInjects"/>), pause, resume and end, add ad-hoc injects and
/// observations, override scores, take feedback.
/// Releases, pauses and the end are on the incident's timeline; trainer notes and scores never are.
/// </summary>
public sealed class ExerciseRuns(Database database, TimeProvider time, IncidentChanges changes, ScenarioLibrary scenarios, OpenIncident open,
    ScheduledInjects scheduled, Accounts.Accounts accounts, People.AccountNames names)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public (long Id, string IncidentKey) Start(StartExercise request, Actor trainer)
    {
        if (!ClockModes.All.Contains(request.Clock))
            throw new RuleViolationException($"clock must be one of {string.Join(", ", ClockModes.All)}, not '{request.Clock}'");
        if (request.Clock == ClockModes.Accelerated && request.Rate is < 2 or > 60)
            throw new RuleViolationException($"an accelerated clock runs at ×2 to ×60, not ×{request.Rate}") { Field = "rate", TextKey = RefusalTexts.Speed };
        var scenario = scenarios.GetUsable(request.ScenarioId, request.Language);
        if (request.Participants.Count == 0)
            throw new RuleViolationException("an exercise needs participants: give each role a person") { Field = "participants", TextKey = RefusalTexts.NoParticipants };
        long exerciseId = 0;
        var key = open.Execute(new OpenIncidentRequest(scenario.PlaybookId, ExerciseSafety.IncidentTitle(scenario), scenario.Severity, request.Participants,
            IsExercise: true, Language: scenario.Language), trainer, (write, incidentId, incidentKey) =>
        {
            exerciseId = write.Connection.ExecuteScalar<long>(
                """
                INSERT INTO exercises (incident_id, scenario_id, scenario_hash, scenario, translations, clock, rate, trainer, trainer_email, started_at)
                VALUES (@incidentId, @Id, @Hash, @json, @translations, @Clock, @rate, @trainer, @email, @now)
                RETURNING id
                """,
                new
                {
                    incidentId, scenario.Id, scenario.Hash, json = JsonSerializer.Serialize(scenario, Json),
                    translations = JsonSerializer.Serialize(scenarios.Twins(scenario), Json), request.Clock,
                    rate = request.Clock == ClockModes.Accelerated ? request.Rate : 1, trainer = trainer.Name, email = trainer.Email?.Trim().ToLowerInvariant(), now = write.Now,
                }, write.Transaction);
            for (var i = 0; i < scenario.Injects.Count; i++)
                write.Connection.Execute("INSERT INTO exercise_injects (exercise_id, inject_id, position) VALUES (@exerciseId, @Id, @i)",
                    new { exerciseId, scenario.Injects[i].Id, i }, write.Transaction);
            write.Record(incidentId, incidentKey, trainer.Name, EventKinds.ExerciseStarted,
                new { exercise = exerciseId, scenario = scenario.Id, clock = request.Clock, rate = request.Clock == ClockModes.Accelerated ? request.Rate : 1, briefing = scenario.Briefing });
        });
        scheduled.ReleaseDue();
        return (exerciseId, key);
    }

    /// <param name="language">The reader's: the scenario's words in it where the scenario has a twin in it; else as started.</param>
    public ExerciseView Get(long id, string? language = null)
    {
        using var connection = database.Open();
        var row = ExerciseRow.Load(connection, null, id);
        return View(connection, row, time.GetUtcNow(), language: language);
    }

    /// <summary>The whole exercise, trainer material included: for its trainer and admins only.</summary>
    public ExerciseView TrainerView(long id, Actor reader, string? language = null)
    {
        var view = Get(id, language);
        ExerciseAccess.EnsureSteers(view.Trainer, view.CoTrainers, reader);
        return view;
    }

    /// <summary>The exercise as its after-action report tells it: for the trainer while it runs, for every reader once it ends.</summary>
    public ExerciseView AfterAction(long id, Actor reader, string? language = null)
    {
        var view = Get(id, language);
        if (view.IsRunning && !view.IsSteeredBy(reader))
            throw new ForbiddenException("the after-action report is the trainer's while the exercise runs; it opens to everyone when the exercise ends");
        return view;
    }

    public ExerciseView? ForIncident(string key, string? language = null)
    {
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long?>("SELECT e.id FROM exercises e JOIN incidents i ON i.id = e.incident_id WHERE i.key = @key", new { key });
        return id is { } found ? View(connection, ExerciseRow.Load(connection, null, found), time.GetUtcNow(), language: language) : null;
    }

    public IReadOnlyList<ExerciseView> List(string? language = null)
    {
        using var connection = database.Open();
        var now = time.GetUtcNow();
        return connection.Query<long>("SELECT id FROM exercises ORDER BY id DESC").Select(id => View(connection, ExerciseRow.Load(connection, null, id), now, language: language)).ToList();
    }

    /// <summary>Released injects as the players see them, in release order: like the timeline, everyone sees every released one.</summary>
    public static IReadOnlyList<PlayerInject> PlayerInjects(ExerciseView view) =>
        view.Injects
            .Where(state => state.ReleasedAt is not null)
            .OrderBy(state => state.ReleasedAt)
            .Select(state => new PlayerInject(state.Inject.Id, state.Inject.Title, state.Inject.Body, state.Inject.Roles, state.ReleasedAt!.Value,
                state.ReleasedAtExerciseTime ?? TimeSpan.Zero, state.Inject.EmailSubject))
            .ToList();

    /// <summary>The trainer releases an inject now: on demand, ahead of its time, or over its condition.</summary>
    public ExerciseView ReleaseNow(long id, string injectId, Actor trainer) =>
        ChangeRunning(id, trainer, (write, row) =>
        {
            var state = View(write.Connection, row, write.Now, write.Transaction).Injects.FirstOrDefault(state => state.Inject.Id == injectId)
                ?? throw new NotFoundException($"exercise {id} has no inject '{injectId}'");
            if (state.IsReleased) throw new ConflictException($"'{state.Inject.Title}' was already released at {Timestamps.Format(state.ReleasedAt!.Value)}")
                { TextKey = RefusalTexts.InjectReleased };
            Release(write, row, state.Inject, row.Clock(), trainer.Name);
        });

    /// <summary>An inject the trainer writes during the exercise, released at once.</summary>
    public ExerciseView AddInject(long id, string title, string body, IReadOnlyList<string> roles, Actor trainer)
    {
        var cleanTitle = TextLimits.Require(title, TextLimits.Title, "an inject title", field: "title");
        var cleanBody = TextLimits.RequireMarkdown(body, TextLimits.Note, "what the players are told", field: "body");
        return ChangeRunning(id, trainer, (write, row) =>
        {
            var participants = Participants(write.Connection, write.Transaction, row.IncidentId);
            var unknown = roles.Where(role => !participants.ContainsKey(role)).ToList();
            if (unknown.Count > 0) throw new RuleViolationException($"no participant holds {string.Join(", ", unknown)} in this exercise");
            var number = write.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM exercise_injects WHERE exercise_id = @id AND ad_hoc IS NOT NULL", new { id }, write.Transaction) + 1;
            var inject = new Inject($"ad-hoc-{number}", cleanTitle, null, roles, cleanBody, null, [], null, null, 0);
            write.Connection.Execute(
                "INSERT INTO exercise_injects (exercise_id, inject_id, position, ad_hoc) VALUES (@id, @Id, (SELECT COUNT(*) FROM exercise_injects WHERE exercise_id = @id), @json)",
                new { id, inject.Id, json = JsonSerializer.Serialize(inject, Json) }, write.Transaction);
            Release(write, row, inject, row.Clock(), trainer.Name);
        });
    }

    /// <summary>Releases an inject to the players: on the timeline, and by email to the roles it names when it is an email inject.</summary>
    internal static void Release(IncidentWrite write, ExerciseRow row, Inject inject, ExerciseClock clock, string by)
    {
        var at = clock.At(write.Now);
        write.Connection.Execute(
            "UPDATE exercise_injects SET released_at = @now, released_by = @by, released_seconds = @seconds WHERE exercise_id = @Id AND inject_id = @injectId",
            new { now = write.Now, by, seconds = at.TotalSeconds, row.Id, injectId = inject.Id }, write.Transaction);
        write.Record(row.IncidentId, row.IncidentKey, by, EventKinds.ExerciseInjectReleased,
            new { inject = inject.Id, inject.Title, inject.Roles, inject.Body, exerciseTime = ScenarioParser.Format(at) });
        if (inject.EmailSubject is { } subject)
        {
            var incident = IncidentRecord.LoadById(write.Connection, write.Transaction, row.IncidentId);
            var language = row.Scenario().Language;
            foreach (var recipient in RoleHolderEmails(write.Connection, write.Transaction, row.IncidentId, inject.Roles))
                Outbox.EnqueueNotification(write.Connection, write.Transaction, incident, recipient, subject, inject.Body, language, write.Now);
        }
    }

    /// <summary>Sends an email inject to the inbox of whoever steers (trainer, co-trainer or admin), to see it as the players will.</summary>
    public void DryRun(long id, string injectId, Actor trainer)
    {
        if (string.IsNullOrWhiteSpace(trainer.Email))
            throw new RuleViolationException("your account has no email address to send the dry run to") { TextKey = RefusalTexts.NoEmailForDryRun };
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = ExerciseRow.Load(connection, transaction, id);
            row.EnsureSteeredBy(trainer);
            var inject = row.Scenario().Injects.FirstOrDefault(inject => inject.Id == injectId) ?? throw new NotFoundException($"exercise {id} has no inject '{injectId}'");
            if (inject.EmailSubject is null) throw new RuleViolationException($"'{inject.Title}' is not an email inject");
            if (ExerciseSafety.AllowedRecipients(connection, transaction, row.IncidentId) is { } allowed && !allowed.Contains(trainer.Email.Trim().ToLowerInvariant()))
                throw new RuleViolationException($"{trainer.Email} is not the address of a trainer or participant of this exercise, so a dry run would not be delivered")
                    { TextKey = RefusalTexts.DryRunUndeliverable, TextArguments = [trainer.Email] };
            Outbox.EnqueueNotification(connection, transaction, IncidentRecord.LoadById(connection, transaction, row.IncidentId), trainer.Email, inject.EmailSubject, inject.Body, row.Scenario().Language, now);
            return true;
        });
    }

    public ExerciseView Pause(long id, Actor trainer) => ChangeClock(id, trainer, EventKinds.ExercisePaused, (row, now) =>
    {
        if (row.Clock().IsPaused) throw new ConflictException("the exercise is already paused") { TextKey = RefusalTexts.AlreadyPaused };
        return [.. row.PauseList(), new Pause(now, null)];
    });

    public ExerciseView Resume(long id, Actor trainer) => ChangeClock(id, trainer, EventKinds.ExerciseResumed, (row, now) =>
    {
        var pauses = row.PauseList();
        if (!row.Clock().IsPaused) throw new ConflictException("the exercise is not paused") { TextKey = RefusalTexts.NotPaused };
        return [.. pauses.SkipLast(1), pauses[^1] with { End = now }];
    });

    public ExerciseView End(long id, Actor trainer) =>
        ChangeRunning(id, trainer, (write, row) =>
        {
            var pauses = row.Clock().IsPaused ? [.. row.PauseList().SkipLast(1), row.PauseList()[^1] with { End = write.Now }] : row.PauseList();
            write.Connection.Execute("UPDATE exercises SET ended_at = @now, pauses = @json WHERE id = @id",
                new { now = write.Now, json = JsonSerializer.Serialize(pauses, Json), id }, write.Transaction);
            write.Record(row.IncidentId, row.IncidentKey, trainer.Name, EventKinds.ExerciseEnded, new { exerciseTime = ScenarioParser.Format(row.Clock().At(write.Now)) });
        });

    private ExerciseView ChangeClock(long id, Actor trainer, string kind, Func<ExerciseRow, DateTimeOffset, List<Pause>> change) =>
        ChangeRunning(id, trainer, (write, row) =>
        {
            var pauses = change(row, write.Now);
            write.Connection.Execute("UPDATE exercises SET pauses = @json WHERE id = @id", new { json = JsonSerializer.Serialize(pauses, Json), id }, write.Transaction);
            write.Record(row.IncidentId, row.IncidentKey, trainer.Name, kind, new { exerciseTime = ScenarioParser.Format(row.Clock().At(write.Now)) });
        });

    /// <summary>A change to a running exercise, recorded on its incident's timeline; returns the exercise as it is then.</summary>
    private ExerciseView ChangeRunning(long id, Actor trainer, Action<IncidentWrite, ExerciseRow> change)
    {
        Writer.Write(write =>
        {
            var row = ExerciseRow.Load(write.Connection, write.Transaction, id);
            row.EnsureSteeredBy(trainer);
            row.EnsureRunning();
            change(write, row);
        });
        return Get(id);
    }

    private IncidentWriter Writer => new(database, time, changes);

    public ExerciseView Observe(long id, string text, Actor trainer)
    {
        var note = TextLimits.RequireMarkdown(text, TextLimits.Note, "an observation", field: "text");
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = ExerciseRow.Load(connection, transaction, id);
            row.EnsureSteeredBy(trainer);
            return connection.Execute("INSERT INTO exercise_observations (exercise_id, at, exercise_seconds, by_name, text) VALUES (@id, @now, @seconds, @by, @note)",
                new { id, now, seconds = row.Clock().At(now).TotalSeconds, by = trainer.Name, note }, transaction);
        });
        return Get(id);
    }

    /// <summary>The trainer's judgement over the measured result: pass or fail, with why.</summary>
    public ExerciseView OverrideScore(long id, string expectationId, bool passed, string comment, Actor trainer)
    {
        var why = TextLimits.RequireMarkdown(comment, TextLimits.Note, "a comment on the override", "comment");
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = ExerciseRow.Load(connection, transaction, id);
            row.EnsureSteeredBy(trainer);
            if (row.Scenario().Expectations.All(expectation => expectation.Id != expectationId))
                throw new NotFoundException($"exercise {id} has no expectation '{expectationId}'");
            return connection.Execute(
                """
                INSERT INTO exercise_overrides (exercise_id, expectation_id, passed, comment, by_name, at) VALUES (@id, @expectationId, @passed, @why, @by, @now)
                ON CONFLICT (exercise_id, expectation_id) DO UPDATE SET passed = excluded.passed, comment = excluded.comment, by_name = excluded.by_name, at = excluded.at
                """, new { id, expectationId, passed, why, by = trainer.Name, now }, transaction);
        });
        return Get(id);
    }

    /// <summary>The trainer (or an admin) adds another account that runs exercises to help steer this one.</summary>
    public ExerciseView AddCoTrainer(long id, string name, Actor by)
    {
        var account = accounts.FindUser(name.Trim()) ?? throw new NotFoundException($"no account '{name.Trim()}'");
        if (!Permissions.Allows(account.Role, Permissions.RunExercises))
            throw new RuleViolationException($"{account.Name} does not run exercises: only trainers and admins can co-train")
                { TextKey = RefusalTexts.NotATrainer, TextArguments = [names.Of(account.Name)] };
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = ExerciseRow.Load(connection, transaction, id);
            ExerciseAccess.EnsureOwns(row.Trainer, by);
            if (account.Name == row.Trainer) throw new ConflictException($"{account.Name} already runs this exercise") { TextKey = RefusalTexts.AlreadyRuns, TextArguments = [names.Of(account.Name)] };
            return connection.Execute(
                "INSERT INTO exercise_cotrainers (exercise_id, trainer, added_by, added_at) VALUES (@id, @name, @by, @now) ON CONFLICT (exercise_id, trainer) DO NOTHING",
                new { id, name = account.Name, by = by.Name, now }, transaction);
        });
        return Get(id);
    }

    public ExerciseView RemoveCoTrainer(long id, string name, Actor by)
    {
        database.InTransaction((connection, transaction) =>
        {
            ExerciseAccess.EnsureOwns(ExerciseRow.Load(connection, transaction, id).Trainer, by);
            return connection.Execute("DELETE FROM exercise_cotrainers WHERE exercise_id = @id AND trainer = @name", new { id, name }, transaction) == 0
                ? throw new NotFoundException($"{name} is not a co-trainer of exercise {id}")
                : 0;
        });
        return Get(id);
    }

    /// <summary>
    /// Hot-wash feedback after the exercise, one per participant (a second one replaces the first). Participants are
    /// those holding a role in the exercise incident, matched through their account's email.
    /// </summary>
    public void GiveFeedback(long id, Actor participant, string whatWorked, string whatDidNot, int rating)
    {
        if (rating is < 1 or > 5)
            throw new RuleViolationException($"the rating is 1 to 5, not {rating}") { Field = "rating", TextKey = RefusalTexts.Rating };
        var worked = TextLimits.RequireMarkdown(whatWorked, TextLimits.Note, "what worked", "whatWorked");
        var didNot = TextLimits.RequireMarkdown(whatDidNot, TextLimits.Note, "what did not work", "whatDidNot");
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = ExerciseRow.Load(connection, transaction, id);
            if (!Plays(connection, transaction, row.IncidentId, participant))
                throw new ForbiddenException("only the exercise's participants give hot-wash feedback");
            if (row.EndedAt is null) throw new RuleViolationException("feedback opens when the trainer ends the exercise") { TextKey = RefusalTexts.FeedbackNotYet };
            return connection.Execute(
                """
                INSERT INTO exercise_feedback (exercise_id, participant, what_worked, what_did_not, rating, at) VALUES (@id, @participant, @worked, @didNot, @rating, @now)
                ON CONFLICT (exercise_id, participant) DO UPDATE SET what_worked = excluded.what_worked, what_did_not = excluded.what_did_not, rating = excluded.rating, at = excluded.at
                """, new { id, participant = participant.Name, worked, didNot, rating, now }, transaction);
        });
    }

    /// <summary>Whether the account holds a role in the exercise incident, matched through its email.</summary>
    private static bool Plays(IDbConnection connection, IDbTransaction transaction, long incidentId, Actor actor) =>
        actor.Email is { } email && connection.ExecuteScalar<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM incident_roles r JOIN people p ON p.id = r.person_id
                           WHERE r.incident_id = @incidentId AND p.email = @email COLLATE NOCASE)
            """, new { incidentId, email = email.Trim() }, transaction);

    private static IEnumerable<string> RoleHolderEmails(IDbConnection connection, IDbTransaction transaction, long incidentId, IReadOnlyList<string> roles) =>
        connection.Query<(string Role, string? Email)>(
                "SELECT r.role_key, p.email FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @incidentId", new { incidentId }, transaction)
            .Where(holder => !string.IsNullOrWhiteSpace(holder.Email) && (roles.Count == 0 || roles.Contains(holder.Role)))
            .Select(holder => holder.Email!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who plays which role: the exercise incident's role assignments.</summary>
    private static Dictionary<string, long> Participants(IDbConnection connection, IDbTransaction? transaction, long incidentId) =>
        connection.Query<(string RoleKey, long PersonId)>("SELECT role_key, person_id FROM incident_roles WHERE incident_id = @incidentId", new { incidentId }, transaction)
            .ToDictionary(role => role.RoleKey, role => role.PersonId);

    internal static ExerciseView View(IDbConnection connection, ExerciseRow row, DateTimeOffset now, IDbTransaction? transaction = null, string? language = null)
    {
        var scenario = row.Scenario(language);
        var clock = row.Clock();
        var states = connection.Query<InjectRow>("SELECT * FROM exercise_injects WHERE exercise_id = @Id ORDER BY position", new { row.Id }, transaction)
            .Select(injectRow =>
            {
                var inject = injectRow.AdHoc is { } json ? JsonSerializer.Deserialize<Inject>(json, Json)! : scenario.Injects.First(candidate => candidate.Id == injectRow.InjectId);
                return new InjectState(inject, injectRow.ReleasedAt, injectRow.ReleasedBy,
                    injectRow.ReleasedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, InjectSkip.Read(injectRow.SkippedReason), injectRow.AdHoc is not null);
            }).ToList();
        var completions = new Completions(
            connection.Query<(string StepId, DateTimeOffset At)>(
                "SELECT step_id, status_at FROM steps WHERE incident_id = @IncidentId AND status = 'done' AND status_at IS NOT NULL", new { row.IncidentId }, transaction)
                .ToDictionary(step => step.StepId, step => step.At),
            connection.Query<(string TemplateId, DateTimeOffset At)>(
                """
                SELECT template_id, MIN(COALESCE(approved_at, published_at)) FROM messages
                WHERE incident_id = @IncidentId AND COALESCE(approved_at, published_at) IS NOT NULL GROUP BY template_id
                """, new { row.IncidentId }, transaction)
                .ToDictionary(message => message.TemplateId, message => message.At));
        var overrides = connection.Query<(string ExpectationId, bool Passed, string Comment, string ByName, DateTimeOffset At)>(
                "SELECT expectation_id, passed, comment, by_name, at FROM exercise_overrides WHERE exercise_id = @Id", new { row.Id }, transaction)
            .ToDictionary(item => item.ExpectationId, item => new Override(item.Passed, item.Comment, item.ByName, item.At));
        var scores = states.SelectMany(state => state.Inject.Expectations.Select(expectation =>
            ExerciseScoring.Score(expectation, state, completions, clock, now, overrides.GetValueOrDefault(expectation.Id)))).ToList();
        return new ExerciseView
        {
            Id = row.Id,
            IncidentKey = row.IncidentKey,
            Scenario = scenario,
            Clock = clock,
            Trainer = row.Trainer,
            CoTrainers = row.CoTrainers,
            ExerciseTime = clock.At(now),
            Injects = states,
            Scores = scores,
            Observations = connection.Query<(DateTimeOffset At, double ExerciseSeconds, string ByName, string Text)>(
                    "SELECT at, exercise_seconds, by_name, text FROM exercise_observations WHERE exercise_id = @Id ORDER BY id", new { row.Id }, transaction)
                .Select(item => new Observation(item.At, TimeSpan.FromSeconds(item.ExerciseSeconds), item.ByName, item.Text)).ToList(),
            Feedback = connection.Query<(string Participant, string WhatWorked, string WhatDidNot, int Rating, DateTimeOffset At)>(
                    "SELECT participant, what_worked, what_did_not, rating, at FROM exercise_feedback WHERE exercise_id = @Id ORDER BY at", new { row.Id }, transaction)
                .Select(item => new ParticipantFeedback(item.Participant, item.WhatWorked, item.WhatDidNot, item.Rating, item.At)).ToList(),
            Participants = Participants(connection, transaction, row.IncidentId),
        };
    }

    private sealed class InjectRow
    {
        public string InjectId { get; init; } = "";
        public DateTimeOffset? ReleasedAt { get; init; }
        public string? ReleasedBy { get; init; }
        public double? ReleasedSeconds { get; init; }
        public string? SkippedReason { get; init; }
        public string? AdHoc { get; init; }
    }
}

/// <summary>An exercise row as the use cases that change it read it, inside their transaction.</summary>
internal sealed class ExerciseRow
{
    public long Id { get; init; }
    public long IncidentId { get; init; }
    public string IncidentKey { get; init; } = "";
    public string ScenarioJson { get; init; } = "";

    /// <summary>The scenario's twins in other languages when it started (<see cref="ScenarioLibrary.Twins"/>); null for exercises started before.</summary>
    public string? Translations { get; init; }
    public string ClockMode { get; init; } = "";
    public double Rate { get; init; }
    public string Trainer { get; init; } = "";
    public string? TrainerEmail { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public string Pauses { get; init; } = "[]";
    public DateTimeOffset? EndedAt { get; init; }
    public IReadOnlyList<string> CoTrainers { get; private set; } = [];

    public static ExerciseRow Load(IDbConnection connection, IDbTransaction? transaction, long id)
    {
        var row = connection.QuerySingleOrDefault<ExerciseRow>(
            """
            SELECT e.id, e.incident_id, i.key AS incident_key, e.scenario AS scenario_json, e.translations, e.clock AS clock_mode, e.rate, e.trainer, e.trainer_email,
                   e.started_at, e.pauses, e.ended_at
            FROM exercises e JOIN incidents i ON i.id = e.incident_id WHERE e.id = @id
            """, new { id }, transaction)
            ?? throw new NotFoundException($"no exercise {id}");
        row.CoTrainers = connection.Query<string>("SELECT trainer FROM exercise_cotrainers WHERE exercise_id = @id ORDER BY added_at, trainer", new { id }, transaction).ToList();
        return row;
    }

    public void EnsureSteeredBy(Actor actor) => ExerciseAccess.EnsureSteers(Trainer, CoTrainers, actor);

    /// <summary>The scenario as started, in the words of its twin in <paramref name="language"/> when it had one.</summary>
    public Scenario Scenario(string? language = null)
    {
        var scenario = JsonSerializer.Deserialize<Scenario>(ScenarioJson, ExerciseRuns.Json)!;
        if (language is null || scenario.IsIn(language) || Translations is null) return scenario;
        var twin = JsonSerializer.Deserialize<List<Scenario>>(Translations, ExerciseRuns.Json)!.FirstOrDefault(candidate => candidate.IsIn(language));
        return twin is null ? scenario : scenario.InWordsOf(twin);
    }

    public List<Pause> PauseList() => JsonSerializer.Deserialize<List<Pause>>(Pauses, ExerciseRuns.Json)!;

    public ExerciseClock Clock() => new(ClockMode, Rate, StartedAt, PauseList(), EndedAt);

    public void EnsureRunning()
    {
        if (EndedAt is not null) throw new RuleViolationException($"the exercise ended at {Timestamps.Format(EndedAt.Value)}") { TextKey = RefusalTexts.ExerciseEnded };
    }
}
