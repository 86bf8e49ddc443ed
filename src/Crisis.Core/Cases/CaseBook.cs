using System.Data;
using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases;

/// <summary>
/// Complaint cases: logged from a form, the API, an import or a webhook, worked (status, owner, notes, link to an
/// incident) and read back with their clocks. Every change is in the case's history; reading a customer's full phone
/// number or address is a <see cref="Reveal"/>, which the history records too. New cases wake the early-warning
/// evaluation, so a rule fires as soon as the import, webhook call or form that brought them is stored.
/// </summary>
public sealed class CaseBook(Database database, SignalWake signals, TimeProvider time)
{
    public const int SummaryLimit = 2000;
    public static readonly DateTimeOffset EarliestReceivedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int ShortLimit = 100;
    private const int AddressLimit = 300;

    /// <summary>Logs one complaint, refusing it with every wrong field named.</summary>
    public CaseLogged Log(NewCase complaint, string source, Actor actor)
    {
        var valid = Validate(complaint, time.GetUtcNow());
        return Store([valid], source, actor)[0];
    }

    /// <summary>
    /// Logs many complaints in one transaction, as an import does: all of them are validated first, and nothing is
    /// stored when any is wrong (the refusal names each wrong row by its index in <see cref="RuleViolationException.Field"/>,
    /// as <c>[index].field</c>). A complaint its source sent before is not added again.
    /// </summary>
    public IReadOnlyList<CaseLogged> LogMany(IReadOnlyList<NewCase> complaints, string source, Actor actor)
    {
        var checkedCases = CheckEach(complaints);
        var problems = checkedCases.SelectMany((@case, index) => @case.Problems.Select(problem =>
            new RuleViolationException($"row {index + 1}: {problem.Message}")
            {
                Field = $"[{index}].{problem.Field}", TextKey = problem.TextKey, TextArguments = problem.TextArguments,
            })).ToList();
        if (problems.Count > 0) throw RuleViolationException.Together(problems);
        return Store(checkedCases.Select(@case => @case.Valid!).ToList(), source, actor);
    }

    /// <summary>
    /// Logs the right complaints of a batch in one transaction and refuses the wrong ones one by one, as an import that
    /// keeps its good rows does: each outcome, in the order given, is the case a complaint made or found, or its
    /// problems (one per wrong field). A person or incident that does not exist refuses the whole batch, as
    /// <see cref="LogMany"/> does: that is the caller's mistake, not the row's.
    /// </summary>
    public IReadOnlyList<CaseOutcome> LogEach(IReadOnlyList<NewCase> complaints, string source, Actor actor)
    {
        var checkedCases = CheckEach(complaints);
        var logged = new Queue<CaseLogged>(Store(checkedCases.Where(@case => @case.Valid is not null).Select(@case => @case.Valid!).ToList(), source, actor));
        return checkedCases.Select(@case => @case.Valid is null ? new CaseOutcome(null, @case.Problems) : new CaseOutcome(logged.Dequeue(), [])).ToList();
    }

    private IReadOnlyList<CaseLogged> Store(IReadOnlyList<ValidCase> valid, string source, Actor actor)
    {
        var logged = database.InTransaction((connection, transaction) => InsertAll(connection, transaction, valid, source, actor));
        if (logged.Any(@case => @case.IsNew)) signals.Wake();
        return logged;
    }

    private sealed record ValidCase(NewCase Case, DateTimeOffset ReceivedAt);

    /// <summary>A complaint as validation left it: valid, or refused with one problem per wrong field.</summary>
    private sealed record CheckedCase(ValidCase? Valid, IReadOnlyList<RuleViolationException> Problems);

    private List<CheckedCase> CheckEach(IReadOnlyList<NewCase> complaints)
    {
        var now = time.GetUtcNow();
        return complaints.Select(complaint => Check(complaint, now)).ToList();
    }

    private ValidCase Validate(NewCase complaint, DateTimeOffset now)
    {
        var result = Check(complaint, now);
        return result.Valid ?? throw RuleViolationException.Together(result.Problems);
    }

    private static CheckedCase Check(NewCase complaint, DateTimeOffset now)
    {
        var problems = new FieldProblems();

        var cleaned = complaint with
        {
            Channel = problems.Check(() => Choice(complaint.Channel, CaseChannels.All, "channel")),
            Category = problems.Check(() => Choice(complaint.Category, CaseCategories.All, "category")),
            Summary = problems.Check(() => Summary(complaint.Summary)),
            OrderId = problems.Check(() => OptionalLine(complaint.OrderId, ShortLimit, "the order id", "orderId")),
            Sku = problems.Check(() => OptionalLine(complaint.Sku, ShortLimit, "the SKU", "sku")),
            Batch = problems.Check(() => OptionalLine(complaint.Batch, ShortLimit, "the batch", "batch")),
            CustomerRef = problems.Check(() => OptionalLine(complaint.CustomerRef, TextLimits.Title, "the customer reference", "customerRef")),
            CustomerPhone = problems.Check(() => Phone(complaint.CustomerPhone)),
            CustomerAddress = problems.Check(() => OptionalLine(complaint.CustomerAddress, AddressLimit, "the customer's address", "customerAddress")),
            ExternalId = problems.Check(() => OptionalLine(complaint.ExternalId, TextLimits.Title, "the id in the source", "externalId")),
        };
        var status = string.IsNullOrWhiteSpace(complaint.Status) ? (complaint.ResolvedAt is null ? CaseStatuses.New : CaseStatuses.Resolved)
            : problems.Check(() => Choice(complaint.Status, CaseStatuses.All, "status"));
        cleaned = cleaned with { Status = status };
        var receivedAt = complaint.ReceivedAt ?? now;
        // A clock that starts in the future would never warn; a minute covers the sender's clock running a little fast.
        if (receivedAt > now.AddMinutes(1))
            problems.Add(new RuleViolationException("a complaint cannot be received in the future") { Field = "receivedAt", TextKey = RefusalTexts.InTheFuture });
        // A default date (0001-01-01, 1970-01-01) is a sender's mistake, and would stretch every day count and window back to it.
        if (receivedAt < EarliestReceivedAt)
            problems.Add(new RuleViolationException("a complaint received before 2000 is a wrong date") { Field = "receivedAt", TextKey = RefusalTexts.TooLongAgo });
        if (complaint.ResolvedAt is { } resolvedAt && status is not null && !CaseStatuses.IsDone(status))
            problems.Add(new RuleViolationException($"a case that is {status} has no resolved time") { Field = "resolvedAt", TextKey = RefusalTexts.ResolvedButOpen });
        else if (complaint.ResolvedAt < receivedAt || complaint.ResolvedAt > now.AddMinutes(1))
            problems.Add(new RuleViolationException("a case is resolved after it was received and not in the future") { Field = "resolvedAt", TextKey = RefusalTexts.ResolvedTime });
        return problems.All.Count > 0 ? new CheckedCase(null, problems.All) : new CheckedCase(new ValidCase(cleaned, receivedAt), []);
    }

    private static string Choice(string? value, IReadOnlyList<string> choices, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0) throw new RuleViolationException($"the {field} is required") { Field = field, TextKey = RefusalTexts.Required };
        if (!choices.Contains(trimmed))
            throw new RuleViolationException($"'{trimmed}' is not a {field}; one of {string.Join(", ", choices)}") { Field = field, TextKey = RefusalTexts.Required };
        return trimmed;
    }

    /// <summary>Plain text over several lines, as customers write: no control characters but line breaks and tabs.</summary>
    private static string Summary(string? text)
    {
        var trimmed = text?.Trim().ReplaceLineEndings("\n") ?? "";
        if (trimmed.Length == 0) throw new RuleViolationException("the summary is required") { Field = "summary", TextKey = RefusalTexts.Required };
        if (trimmed.Length > SummaryLimit)
            throw new RuleViolationException($"the summary is {trimmed.Length} characters; the limit is {SummaryLimit}")
                { Field = "summary", TextKey = RefusalTexts.TooLong, TextArguments = [trimmed.Length, SummaryLimit] };
        foreach (var line in trimmed.Split('\n'))
            if (line.Replace('\t', ' ').Trim() is { Length: > 0 } words) TextLimits.Require(words, SummaryLimit, "the summary", "summary");
        return trimmed;
    }

    private static string? OptionalLine(string? text, int limit, string what, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : TextLimits.Require(text, limit, what, field);

    private static string? Phone(string? text)
    {
        var phone = OptionalLine(text, 40, "the customer's phone number", "customerPhone");
        if (phone is not null && (phone.Count(char.IsAsciiDigit) < 5 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '-' or '+' or '(' or ')')))
            throw new RuleViolationException("the customer's phone number must be a number such as 138 0013 8000") { Field = "customerPhone", TextKey = RefusalTexts.PhoneNumber };
        return phone;
    }

    /// <summary>
    /// Stores the cases in one pass, however many there are: the clocks, people and incidents they name and the ids
    /// their source sent before are each read once, every new row goes through one prepared statement, and their
    /// "logged" history entries are written by one statement. A complaint its source sent before (here or earlier in
    /// the same batch) gets the case it made, with <see cref="CaseLogged.IsNew"/> false.
    /// </summary>
    private List<CaseLogged> InsertAll(IDbConnection connection, IDbTransaction transaction, IReadOnlyList<ValidCase> cases, string source, Actor actor)
    {
        var clocks = CaseClocks.All(connection, transaction).ToDictionary(clock => clock.Channel);
        foreach (var owner in cases.Select(@case => @case.Case.OwnerId).OfType<long>().Distinct()) RequirePerson(connection, transaction, owner);
        var incidents = cases.Select(@case => @case.Case.IncidentKey?.Trim()).OfType<string>().Where(key => key.Length > 0).Distinct()
            .ToDictionary(key => key, key => RequireIncident(connection, transaction, key));

        var known = connection.Query<(string ExternalId, long Id)>(
                $"SELECT external_id, id FROM cases WHERE source = @source AND external_id {SqlLists.In("externalIds")}",
                new { source, externalIds = SqlLists.Of(cases.Select(@case => @case.Case.ExternalId).OfType<string>().Distinct()) }, transaction)
            .ToDictionary(row => row.ExternalId, row => row.Id);
        // Each case is either one its source sent before (its id known) or one to store (its index among the fresh rows).
        var fresh = new List<ValidCase>();
        var freshIndex = new Dictionary<string, int>();
        var places = new List<(long? KnownId, int FreshIndex)>(cases.Count);
        foreach (var @case in cases)
        {
            var externalId = @case.Case.ExternalId;
            if (externalId is not null && known.TryGetValue(externalId, out var id)) places.Add((id, -1));
            else if (externalId is not null && freshIndex.TryGetValue(externalId, out var earlier)) places.Add((null, earlier));
            else
            {
                if (externalId is not null) freshIndex[externalId] = fresh.Count;
                places.Add((null, fresh.Count));
                fresh.Add(@case);
            }
        }

        var now = time.GetUtcNow();
        var before = connection.ExecuteScalar<long>("SELECT COALESCE(MAX(id), 0) FROM cases", transaction: transaction);
        // One statement, prepared once and run for every row (Dapper reuses the command for a list of parameters).
        connection.Execute(
            """
            INSERT INTO cases (channel, category, status, summary, order_id, sku, batch, customer_ref, customer_phone, customer_address,
                owner_id, incident_id, source, external_id, received_at, response_due_at, resolution_due_at, response_warn_at, resolution_warn_at,
                responded_at, resolved_at, created_by, created_at, updated_at)
            VALUES (@Channel, @Category, @Status, @Summary, @OrderId, @Sku, @Batch, @CustomerRef, @CustomerPhone, @CustomerAddress,
                @OwnerId, @IncidentId, @Source, @ExternalId, @ReceivedAt, @ResponseDue, @ResolutionDue, @ResponseWarn, @ResolutionWarn,
                @RespondedAt, @ResolvedAt, @By, @Now, @Now)
            """,
            fresh.Select(valid =>
            {
                var complaint = valid.Case;
                var deadlines = clocks[complaint.Channel!].DeadlinesFrom(valid.ReceivedAt);
                // A complaint its source has worked came in answered, and resolved if it says so. When it was answered is not
                // known, nor always when resolved: by the time it came in here, or by its clock's end if that was earlier.
                // Crisis counts no miss it cannot see, and sends no reminder about one.
                var resolvedAt = CaseStatuses.IsDone(complaint.Status!) ? complaint.ResolvedAt ?? Earlier(now, deadlines.ResolutionDue) : (DateTimeOffset?)null;
                var respondedAt = complaint.Status == CaseStatuses.New ? (DateTimeOffset?)null : Earlier(resolvedAt ?? now, deadlines.ResponseDue);
                return new
                {
                    complaint.Channel, complaint.Category, complaint.Status, complaint.Summary, complaint.OrderId, complaint.Sku, complaint.Batch,
                    complaint.CustomerRef, complaint.CustomerPhone, complaint.CustomerAddress, complaint.OwnerId,
                    IncidentId = complaint.IncidentKey is { Length: > 0 } key ? incidents[key.Trim()] : (long?)null,
                    Source = source, complaint.ExternalId, valid.ReceivedAt, deadlines.ResponseDue, deadlines.ResolutionDue, deadlines.ResponseWarn,
                    deadlines.ResolutionWarn, RespondedAt = respondedAt, ResolvedAt = resolvedAt,
                    By = actor.Name, Now = now,
                };
            }), transaction);
        // The write lock is held and no id was given, so SQLite numbered the new rows on from the largest id, in order.
        var freshIds = connection.Query<long>("SELECT id FROM cases WHERE id > @before ORDER BY id", new { before }, transaction).ToList();
        if (freshIds.Count != fresh.Count) throw new InvalidOperationException($"stored {freshIds.Count} cases for {fresh.Count} complaints");
        // One statement a status the cases came in with: the history of one that came in worked already says so.
        foreach (var status in fresh.Select(@case => @case.Case.Status!).Distinct())
        {
            var data = new Dictionary<string, object?> { ["source"] = source };
            if (status != CaseStatuses.New) data["status"] = status;
            connection.Execute("INSERT INTO case_events (case_id, at, actor, kind, data) SELECT id, @now, @actor, @kind, @data FROM cases WHERE id > @before AND status = @status",
                new { now, actor = actor.Name, kind = CaseEventKinds.Created, data = JsonSerializer.Serialize(data), before, status }, transaction);
        }
        var firstSeen = new HashSet<int>();
        return places.Select(place => place.KnownId is { } id
            ? new CaseLogged(id, IsNew: false)
            : new CaseLogged(freshIds[place.FreshIndex], IsNew: firstSeen.Add(place.FreshIndex))).ToList();
    }

    private static DateTimeOffset Earlier(DateTimeOffset one, DateTimeOffset other) => one < other ? one : other;

    private static long RequirePerson(IDbConnection connection, IDbTransaction transaction, long personId) =>
        connection.ExecuteScalar<long?>("SELECT id FROM people WHERE id = @personId", new { personId }, transaction)
        ?? throw new RuleViolationException($"there is no person {personId}") { Field = "ownerId", TextKey = RefusalTexts.NoSuchPerson, TextArguments = [personId] };

    private static long RequireIncident(IDbConnection connection, IDbTransaction transaction, string key) =>
        connection.ExecuteScalar<long?>("SELECT id FROM incidents WHERE key = @key", new { key = key.Trim() }, transaction)
        ?? throw new NotFoundException($"incident {key} not found") { Field = "incidentKey" };

    private void Record(IDbConnection connection, IDbTransaction transaction, long caseId, Actor actor, string kind, Dictionary<string, object?> data) =>
        Record(connection, transaction, caseId, time.GetUtcNow(), actor.Name, kind, data);

    /// <summary>Adds an entry to a case's history (<see cref="CaseEvent"/>), as whoever changes a case does.</summary>
    internal static void Record(IDbConnection connection, IDbTransaction transaction, long caseId, DateTimeOffset at, string actor, string kind,
        Dictionary<string, object?> data) =>
        connection.Execute("INSERT INTO case_events (case_id, at, actor, kind, data) VALUES (@caseId, @at, @actor, @kind, @data)",
            new { caseId, at, actor, kind, data = JsonSerializer.Serialize(data) }, transaction);

    /// <summary>One case, its phone and address masked.</summary>
    public CaseView Get(long id)
    {
        using var connection = database.Open();
        return connection.Query<CaseRow>(SelectCases + " WHERE c.id = @id", new { id }).SingleOrDefault()?.ToView(time.GetUtcNow(), reveal: false)
            ?? throw new NotFoundException($"case {id} not found");
    }

    /// <summary>One case with the customer's full phone and address, for someone who must call or write to them; the history records who looked.</summary>
    public CaseView Reveal(long id, Actor actor) => database.InTransaction((connection, transaction) =>
    {
        var row = connection.Query<CaseRow>(SelectCases + " WHERE c.id = @id", new { id }, transaction).SingleOrDefault()
            ?? throw new NotFoundException($"case {id} not found");
        Record(connection, transaction, id, actor, CaseEventKinds.Revealed, new());
        return row.ToView(time.GetUtcNow(), reveal: true);
    });

    /// <summary>A page of cases, newest first, as the filter narrows them; phones and addresses masked.</summary>
    public CasePage List(CaseFilter filter)
    {
        var now = time.GetUtcNow();
        var (where, parameters) = Where(filter, now);
        var limit = Math.Clamp(filter.Limit, 1, 500);
        parameters.Add("limit", limit + 1);
        using var connection = database.Open();
        var rows = connection.Query<CaseRow>($"{SelectCases} {where} ORDER BY c.id DESC LIMIT @limit", parameters).ToList();
        var page = rows.Take(limit).Select(row => row.ToView(now, reveal: false)).ToList();
        return new CasePage(page, rows.Count > limit ? page[^1].Id : null);
    }

    /// <summary>How many cases the filter matches (its <see cref="CaseFilter.Before"/> and limit aside).</summary>
    public long Count(CaseFilter filter)
    {
        var (where, parameters) = Where(filter with { Before = null }, time.GetUtcNow());
        using var connection = database.Open();
        return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM cases c {where}", parameters);
    }

    private static (string Where, DynamicParameters Parameters) Where(CaseFilter filter, DateTimeOffset now)
    {
        var clauses = new List<string>();
        var parameters = new DynamicParameters();
        void Equal(string column, string name, object? value)
        {
            if (value is null or "") return;
            clauses.Add($"{column} = @{name}");
            parameters.Add(name, value is string text ? text.Trim() : value);
        }
        Equal("c.channel", "channel", filter.Channel);
        Equal("c.category", "category", filter.Category);
        Equal("c.status", "status", filter.Status);
        Equal("c.sku", "sku", filter.Sku);
        Equal("c.batch", "batch", filter.Batch);
        Equal("c.owner_id", "ownerId", filter.OwnerId);
        if (filter.Before is { } before)
        {
            clauses.Add("c.id < @before");
            parameters.Add("before", before);
        }
        if (filter.IncidentKey is { Length: > 0 } key)
        {
            clauses.Add("c.incident_id = (SELECT id FROM incidents WHERE key = @incidentKey)");
            parameters.Add("incidentKey", key.Trim());
        }
        if (filter.OpenOnly) clauses.Add(NotDone);
        if (filter.ClockState is { Length: > 0 } state)
        {
            clauses.Add(state switch
            {
                CaseClockStates.Overdue => $"{NotDone} AND {Overdue}",
                CaseClockStates.DueSoon => $"{NotDone} AND NOT {Overdue} AND {Warning}",
                CaseClockStates.OnTrack => $"{NotDone} AND NOT {Overdue} AND NOT {Warning}",
                CaseClockStates.Met => $"NOT {NotDone} AND {Met}",
                CaseClockStates.Missed => $"NOT {NotDone} AND NOT {Met}",
                _ => throw new RuleViolationException($"'{state}' is not a clock state; one of {string.Join(", ", CaseClockStates.All)}") { Field = "clockState" },
            });
            parameters.Add("now", Timestamps.Format(now));
        }
        return (clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses), parameters);
    }

    /// <summary>A case (aliased <c>c</c>) whose clocks still run.</summary>
    internal const string NotDone = "c.status NOT IN ('resolved', 'closed')";
    private const string Overdue = "(COALESCE(c.responded_at, @now) > c.response_due_at OR c.resolution_due_at < @now)";
    private const string Warning = "((c.responded_at IS NULL AND c.response_warn_at <= @now) OR (c.responded_at IS NOT NULL AND c.resolution_warn_at <= @now))";
    private const string Met = "(c.resolved_at <= c.resolution_due_at AND COALESCE(c.responded_at, c.resolved_at) <= c.response_due_at)";

    private const string SelectCases =
        """
        SELECT c.id, c.channel, c.category, c.status, c.summary, c.order_id, c.sku, c.batch, c.customer_ref, c.customer_phone, c.customer_address,
            c.personal_data_purged_at, c.owner_id, p.name AS owner_name, i.key AS incident_key, i.title AS incident_title, c.source, c.external_id,
            c.received_at, c.response_due_at, c.resolution_due_at, c.response_warn_at, c.resolution_warn_at, c.responded_at, c.resolved_at,
            c.version, c.created_by, c.created_at, c.updated_at
        FROM cases c LEFT JOIN people p ON p.id = c.owner_id LEFT JOIN incidents i ON i.id = c.incident_id
        """;

    /// <summary>The case's history, oldest first.</summary>
    public IReadOnlyList<CaseEvent> History(long id)
    {
        using var connection = database.Open();
        if (connection.ExecuteScalar<long?>("SELECT id FROM cases WHERE id = @id", new { id }) is null) throw new NotFoundException($"case {id} not found");
        return connection.Query<(long Id, string At, string Actor, string Kind, string Data)>(
                "SELECT id, at, actor, kind, data FROM case_events WHERE case_id = @id ORDER BY id", new { id })
            .Select(row => new CaseEvent(row.Id, Timestamps.Parse(row.At), row.Actor, row.Kind, EventData.Read(row.Data)))
            .ToList();
    }

    /// <summary>Changes a case's fields; the history names what changed, without the customer's phone or address.</summary>
    public CaseView Change(long id, CaseChanges changes, Actor actor)
    {
        var now = time.GetUtcNow();
        database.InTransaction((connection, transaction) =>
        {
            var row = connection.Query<CaseRow>(SelectCases + " WHERE c.id = @id", new { id }, transaction).SingleOrDefault()
                ?? throw new NotFoundException($"case {id} not found");
            if (changes.ExpectedVersion is { } expected && expected != row.Version)
                throw new ConflictException($"case {id} has changed since version {expected}; it is at version {row.Version}") { TextKey = RefusalTexts.ChangedSince };
            var current = new NewCase
            {
                Channel = row.Channel, Category = row.Category, Summary = row.Summary, OrderId = row.OrderId, Sku = row.Sku, Batch = row.Batch,
                CustomerRef = row.CustomerRef, CustomerPhone = row.CustomerPhone, CustomerAddress = row.CustomerAddress, ReceivedAt = row.ReceivedAtValue,
            };
            var wanted = Validate(current with
            {
                Channel = changes.Channel ?? current.Channel, Category = changes.Category ?? current.Category, Summary = changes.Summary ?? current.Summary,
                OrderId = changes.OrderId ?? current.OrderId, Sku = changes.Sku ?? current.Sku, Batch = changes.Batch ?? current.Batch,
                CustomerRef = changes.CustomerRef ?? current.CustomerRef, CustomerPhone = changes.CustomerPhone ?? current.CustomerPhone,
                CustomerAddress = changes.CustomerAddress ?? current.CustomerAddress,
            }, now).Case;
            var status = changes.Status is null ? row.Status : Choice(changes.Status, CaseStatuses.All, "status");

            var changed = new Dictionary<string, object?>();
            void Compare(string field, string? before, string? after, bool personal = false)
            {
                if (before != after) changed[field] = personal ? null : new[] { before, after };
            }
            Compare("channel", row.Channel, wanted.Channel);
            Compare("category", row.Category, wanted.Category);
            Compare("status", row.Status, status);
            // The summary is in the customer's words and can carry their number or address: its history says it changed, not what it said.
            Compare("summary", row.Summary, wanted.Summary, personal: true);
            Compare("orderId", row.OrderId, wanted.OrderId);
            Compare("sku", row.Sku, wanted.Sku);
            Compare("batch", row.Batch, wanted.Batch);
            Compare("customerRef", row.CustomerRef, wanted.CustomerRef, personal: true);
            Compare("customerPhone", row.CustomerPhone, wanted.CustomerPhone, personal: true);
            Compare("customerAddress", row.CustomerAddress, wanted.CustomerAddress, personal: true);
            if (changed.Count == 0) return 0;

            var deadlines = CaseClocks.All(connection, transaction).Single(c => c.Channel == wanted.Channel).DeadlinesFrom(row.ReceivedAtValue);
            var keepDeadlines = wanted.Channel == row.Channel;
            var respondedAt = row.RespondedAt ?? (status != CaseStatuses.New ? Timestamps.Format(now) : null);
            var resolvedAt = CaseStatuses.IsDone(status) ? row.ResolvedAt ?? Timestamps.Format(now) : null;
            connection.Execute(
                """
                UPDATE cases SET channel = @Channel, category = @Category, status = @status, summary = @Summary, order_id = @OrderId, sku = @Sku,
                    batch = @Batch, customer_ref = @CustomerRef, customer_phone = @CustomerPhone, customer_address = @CustomerAddress,
                    response_due_at = @responseDue, resolution_due_at = @resolutionDue, response_warn_at = @responseWarn, resolution_warn_at = @resolutionWarn,
                    responded_at = @respondedAt, resolved_at = @resolvedAt, version = version + 1, updated_at = @now,
                    personal_data_purged_at = CASE WHEN @personalDataGiven THEN NULL ELSE personal_data_purged_at END
                WHERE id = @id
                """,
                new
                {
                    wanted.Channel, wanted.Category, status, wanted.Summary, wanted.OrderId, wanted.Sku, wanted.Batch, wanted.CustomerRef,
                    wanted.CustomerPhone, wanted.CustomerAddress,
                    responseDue = keepDeadlines ? row.ResponseDueAt : Timestamps.Format(deadlines.ResponseDue),
                    resolutionDue = keepDeadlines ? row.ResolutionDueAt : Timestamps.Format(deadlines.ResolutionDue),
                    responseWarn = keepDeadlines ? row.ResponseWarnAt : Timestamps.Format(deadlines.ResponseWarn),
                    resolutionWarn = keepDeadlines ? row.ResolutionWarnAt : Timestamps.Format(deadlines.ResolutionWarn),
                    respondedAt, resolvedAt, now, id,
                    // Personal data given again after a purge is the customer's anew: the next purge takes it too.
                    personalDataGiven = wanted.CustomerRef is not null || wanted.CustomerPhone is not null || wanted.CustomerAddress is not null,
                }, transaction);
            Record(connection, transaction, id, actor, CaseEventKinds.Changed, changed);
            return 0;
        });
        return Get(id);
    }

    /// <summary>Adds a note to a case's history.</summary>
    public void Note(long id, string? text, Actor actor)
    {
        var note = TextLimits.RequireMarkdown(text, TextLimits.Note, "the note", "text");
        database.InTransaction((connection, transaction) =>
        {
            RequireCases(connection, transaction, [id]);
            Record(connection, transaction, id, actor, CaseEventKinds.Noted, new() { ["text"] = note });
            Touch(connection, transaction, [id]);
            return 0;
        });
    }

    /// <summary>Gives cases to a person, or back to nobody; cases already theirs are left as they are.</summary>
    public int Assign(IReadOnlyCollection<long> ids, long? personId, Actor actor) => database.InTransaction((connection, transaction) =>
    {
        RequireCases(connection, transaction, ids);
        if (personId is { } person) RequirePerson(connection, transaction, person);
        var moving = connection.Query<(long Id, long? OwnerId)>($"SELECT id, owner_id FROM cases WHERE id {SqlLists.In("ids")}", new { ids = SqlLists.Of(ids) }, transaction)
            .Where(row => row.OwnerId != personId).Select(row => row.Id).ToList();
        foreach (var id in moving) Record(connection, transaction, id, actor, CaseEventKinds.Assigned, new() { ["personId"] = personId });
        connection.Execute($"UPDATE cases SET owner_id = @personId WHERE id {SqlLists.In("moving")}", new { personId, moving = SqlLists.Of(moving) }, transaction);
        Touch(connection, transaction, moving);
        return moving.Count;
    });

    /// <summary>Links cases to an incident (or unlinks them with a null key); cases already linked to it are left as they are.</summary>
    public int Link(IReadOnlyCollection<long> ids, string? incidentKey, Actor actor) =>
        database.InTransaction((connection, transaction) => Link(connection, transaction, ids, incidentKey, actor));

    /// <summary>Links inside the caller's transaction: an incident opened from a signal takes its cases as it opens.</summary>
    internal int Link(IDbConnection connection, IDbTransaction transaction, IReadOnlyCollection<long> ids, string? incidentKey, Actor actor)
    {
        RequireCases(connection, transaction, ids);
        var incidentId = incidentKey is { Length: > 0 } key ? RequireIncident(connection, transaction, key) : (long?)null;
        var moving = connection.Query<(long Id, long? IncidentId)>($"SELECT id, incident_id FROM cases WHERE id {SqlLists.In("ids")}", new { ids = SqlLists.Of(ids) }, transaction)
            .Where(row => row.IncidentId != incidentId).Select(row => row.Id).ToList();
        foreach (var id in moving) Record(connection, transaction, id, actor, CaseEventKinds.Linked, new() { ["incidentKey"] = incidentKey?.Trim() });
        connection.Execute($"UPDATE cases SET incident_id = @incidentId WHERE id {SqlLists.In("moving")}", new { incidentId, moving = SqlLists.Of(moving) }, transaction);
        Touch(connection, transaction, moving);
        return moving.Count;
    }

    private static void RequireCases(IDbConnection connection, IDbTransaction transaction, IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0) throw new RuleViolationException("choose at least one case") { Field = "ids", TextKey = RefusalTexts.Required };
        var found = connection.Query<long>($"SELECT id FROM cases WHERE id {SqlLists.In("ids")}", new { ids = SqlLists.Of(ids) }, transaction).ToHashSet();
        foreach (var id in ids)
            if (!found.Contains(id)) throw new NotFoundException($"case {id} not found");
    }

    private void Touch(IDbConnection connection, IDbTransaction transaction, IReadOnlyCollection<long> ids) =>
        connection.Execute($"UPDATE cases SET version = version + 1, updated_at = @now WHERE id {SqlLists.In("ids")}", new { now = time.GetUtcNow(), ids = SqlLists.Of(ids) }, transaction);

    /// <summary>
    /// Blanks the customer's reference, phone and address of every case resolved more than <paramref name="retention"/>
    /// ago; the case itself, its summary and its history stay for counting and learning. Cases of an incident under
    /// legal hold are passed by until the hold is lifted. Returns how many it purged.
    /// </summary>
    public int PurgePersonalData(TimeSpan retention, Actor actor) => database.InTransaction((connection, transaction) =>
    {
        var purged = connection.Query<long>(
            """
            SELECT id FROM cases
            WHERE resolved_at < @cutoff AND personal_data_purged_at IS NULL
                AND (customer_ref IS NOT NULL OR customer_phone IS NOT NULL OR customer_address IS NOT NULL)
                AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = cases.incident_id AND i.legal_hold_at IS NOT NULL)
            """, new { cutoff = time.GetUtcNow() - retention }, transaction).ToList();
        foreach (var id in purged) Record(connection, transaction, id, actor, CaseEventKinds.Purged, new());
        connection.Execute(
            $"UPDATE cases SET customer_ref = NULL, customer_phone = NULL, customer_address = NULL, personal_data_purged_at = @now WHERE id {SqlLists.In("purged")}",
            new { now = time.GetUtcNow(), purged = SqlLists.Of(purged) }, transaction);
        return purged.Count;
    });

    private sealed class CaseRow
    {
        public long Id { get; init; }
        public string Channel { get; init; } = "";
        public string Category { get; init; } = "";
        public string Status { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? OrderId { get; init; }
        public string? Sku { get; init; }
        public string? Batch { get; init; }
        public string? CustomerRef { get; init; }
        public string? CustomerPhone { get; init; }
        public string? CustomerAddress { get; init; }
        public string? PersonalDataPurgedAt { get; init; }
        public long? OwnerId { get; init; }
        public string? OwnerName { get; init; }
        public string? IncidentKey { get; init; }
        public string? IncidentTitle { get; init; }
        public string Source { get; init; } = "";
        public string? ExternalId { get; init; }
        public string ReceivedAt { get; init; } = "";
        public string ResponseDueAt { get; init; } = "";
        public string ResolutionDueAt { get; init; } = "";
        public string ResponseWarnAt { get; init; } = "";
        public string ResolutionWarnAt { get; init; } = "";
        public string? RespondedAt { get; init; }
        public string? ResolvedAt { get; init; }
        public long Version { get; init; }
        public string CreatedBy { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";

        public DateTimeOffset ReceivedAtValue => Timestamps.Parse(ReceivedAt);

        public CaseView ToView(DateTimeOffset now, bool reveal)
        {
            var times = new CaseTimes(Timestamps.Parse(ResponseDueAt), Timestamps.Parse(ResolutionDueAt), Timestamps.Parse(ResponseWarnAt),
                Timestamps.Parse(ResolutionWarnAt), Timestamps.ParseOrNull(RespondedAt), Timestamps.ParseOrNull(ResolvedAt));
            return new CaseView(Id, Channel, Category, Status, Summary, OrderId, Sku, Batch, CustomerRef,
                reveal ? CustomerPhone : CustomerContact.MaskPhone(CustomerPhone), reveal ? CustomerAddress : CustomerContact.MaskAddress(CustomerAddress),
                reveal, PersonalDataPurgedAt is not null, OwnerId, OwnerName, IncidentKey, IncidentTitle, Source, ExternalId,
                ReceivedAtValue, times.ResponseDue, times.ResolutionDue, times.RespondedAt, times.ResolvedAt,
                CaseClocks.StateOf(times, now), Version, CreatedBy, Timestamps.Parse(CreatedAt), Timestamps.Parse(UpdatedAt));
        }
    }
}
