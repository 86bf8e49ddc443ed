using System.Data;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Organisation;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Risks;

/// <summary>
/// The risk register: risks written, changed and read back with their readiness (<see cref="RiskReadinessCheck"/>).
/// Every write is in the risk's history, which names the fields that changed, from what and to what.
/// </summary>
public sealed class RiskRegister(Database database, PlaybookLibrary playbooks, ScenarioLibrary scenarios, RiskReadinessCheck readiness,
    OrganisationSettings organisation, TimeProvider time)
{
    /// <summary>Which risks a list shows: those in one cell of the heat map, or all.</summary>
    public sealed record Filter(int? Likelihood = null, int? Impact = null);

    public long Create(RiskFields fields, Actor actor)
    {
        var valid = Validate(fields, current: null);
        return database.InTransaction((connection, transaction) => Insert(connection, transaction, valid, starterKey: null, actor, RiskEventKinds.Created,
            new Dictionary<string, object?>()));
    }

    /// <summary>Changes the fields given; answers the risk as it now is. Nothing given, or nothing different, changes nothing.</summary>
    public RiskView Change(long id, RiskFields changes, Actor actor, CultureInfo? culture = null)
    {
        database.InTransaction((connection, transaction) =>
        {
            var row = Row(connection, transaction, id);
            if (changes.ExpectedVersion is { } expected && expected != row.Version)
                throw new ConflictException($"risk {id} has changed since version {expected}; it is at version {row.Version}") { TextKey = RefusalTexts.ChangedSince };
            var before = row.ToFields(Links(connection, transaction, "risk_playbooks", "playbook_id", id), Links(connection, transaction, "risk_scenarios", "scenario_id", id));
            var after = Validate(changes, before);
            var changed = new Dictionary<string, object?>();
            void Compare<T>(string field, T from, T to)
            {
                if (!EqualityComparer<T>.Default.Equals(from, to)) changed[field] = new object?[] { from, to };
            }
            Compare("title", before.Title, after.Title);
            Compare("category", before.Category, after.Category);
            Compare("description", before.Description, after.Description);
            Compare("likelihood", before.Likelihood, after.Likelihood);
            Compare("impact", before.Impact, after.Impact);
            Compare("ownerPersonId", before.OwnerPersonId, after.OwnerPersonId);
            Compare("controls", before.Controls, after.Controls);
            Compare("reviewDate", before.ReviewDate, after.ReviewDate);
            Compare("playbooks", AsSet(before.Playbooks!), AsSet(after.Playbooks!));
            Compare("scenarios", AsSet(before.Scenarios!), AsSet(after.Scenarios!));
            if (changed.Count == 0) return 0;
            connection.Execute(
                """
                UPDATE risks SET title = @Title, category = @Category, description = @Description, likelihood = @Likelihood, impact = @Impact,
                    owner_person_id = @OwnerPersonId, controls = @Controls, review_date = @ReviewDate, version = version + 1, updated_by = @by, updated_at = @now
                WHERE id = @id
                """, new { after.Title, after.Category, after.Description, after.Likelihood, after.Impact, after.OwnerPersonId, after.Controls,
                    after.ReviewDate, by = actor.Name, now = time.GetUtcNow(), id }, transaction);
            WriteLinks(connection, transaction, id, after);
            Record(connection, transaction, id, actor, RiskEventKinds.Changed, changed);
            return 0;
        });
        return Get(id, culture);
    }

    /// <summary>Links compared as a set: a form sends them in the order it lists them, which says nothing about a change.</summary>
    private static string AsSet(IEnumerable<string> ids) => string.Join(",", ids.Order(StringComparer.Ordinal));

    public RiskView Get(long id, CultureInfo? culture = null)
    {
        using var connection = database.Open();
        var row = connection.Query<RiskRow>(SelectRisks + " WHERE r.id = @id", new { id }).SingleOrDefault() ?? throw new NotFoundException($"risk {id} not found");
        return View(connection, row, organisation.TimeZone(), culture ?? SharedTexts.English);
    }

    /// <summary>The risks, highest score first, each with its readiness.</summary>
    public IReadOnlyList<RiskView> List(Filter? filter = null, CultureInfo? culture = null)
    {
        filter ??= new Filter();
        using var connection = database.Open();
        var zone = organisation.TimeZone();
        return connection.Query<RiskRow>(
                $"""
                {SelectRisks}
                WHERE (@Likelihood IS NULL OR r.likelihood = @Likelihood) AND (@Impact IS NULL OR r.impact = @Impact)
                ORDER BY r.likelihood * r.impact DESC, r.impact DESC, r.title, r.id
                """, filter)
            .Select(row => View(connection, row, zone, culture ?? SharedTexts.English)).ToList();
    }

    public bool IsEmpty()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM risks") == 0;
    }

    /// <summary>The risk's history, oldest first.</summary>
    public IReadOnlyList<RiskEvent> History(long id)
    {
        using var connection = database.Open();
        Row(connection, null, id);
        return connection.Query<(long Id, string At, string Actor, string Kind, string Data)>(
                "SELECT id, at, actor, kind, data FROM risk_events WHERE risk_id = @id ORDER BY id", new { id })
            .Select(row => new RiskEvent(row.Id, Timestamps.Parse(row.At), row.Actor, row.Kind, EventData.Read(row.Data)))
            .ToList();
    }

    /// <summary>
    /// Adds the starter register's risks in <paramref name="language"/> (English where it has no file in it) that are not
    /// in the register yet, each then the brand's own to edit; answers how many it added. Loading again adds none twice,
    /// in either language.
    /// </summary>
    public int LoadStarter(StarterRegister starter, string language, Actor actor)
    {
        var risks = starter.Read(language);
        var reviewDate = organisation.Today(time).AddMonths(StarterRegister.ReviewAfterMonths);
        return database.InTransaction((connection, transaction) =>
        {
            var loaded = connection.Query<string>("SELECT starter_key FROM risks WHERE starter_key IS NOT NULL", transaction: transaction).ToHashSet();
            var added = 0;
            foreach (var risk in risks.Where(risk => !loaded.Contains(risk.Key)))
            {
                var valid = Validate(risk.Fields with { ReviewDate = reviewDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, current: null);
                Insert(connection, transaction, valid, risk.Key, actor, RiskEventKinds.Loaded, new Dictionary<string, object?> { ["starterKey"] = risk.Key });
                added++;
            }
            return added;
        });
    }

    private long Insert(IDbConnection connection, IDbTransaction transaction, RiskFields valid, string? starterKey, Actor actor, string kind, Dictionary<string, object?> data)
    {
        var now = time.GetUtcNow();
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO risks (title, category, description, likelihood, impact, owner_person_id, controls, review_date, starter_key,
                created_by, created_at, updated_by, updated_at)
            VALUES (@Title, @Category, @Description, @Likelihood, @Impact, @OwnerPersonId, @Controls, @ReviewDate, @starterKey, @by, @now, @by, @now)
            RETURNING id
            """, new { valid.Title, valid.Category, valid.Description, valid.Likelihood, valid.Impact, valid.OwnerPersonId, valid.Controls,
                valid.ReviewDate, starterKey, by = actor.Name, now }, transaction);
        WriteLinks(connection, transaction, id, valid);
        Record(connection, transaction, id, actor, kind, data);
        return id;
    }

    private static void WriteLinks(IDbConnection connection, IDbTransaction transaction, long id, RiskFields valid)
    {
        connection.Execute("DELETE FROM risk_playbooks WHERE risk_id = @id", new { id }, transaction);
        connection.Execute("INSERT INTO risk_playbooks (risk_id, playbook_id) VALUES (@id, @playbook)", valid.Playbooks!.Select(playbook => new { id, playbook }), transaction);
        connection.Execute("DELETE FROM risk_scenarios WHERE risk_id = @id", new { id }, transaction);
        connection.Execute("INSERT INTO risk_scenarios (risk_id, scenario_id) VALUES (@id, @scenario)", valid.Scenarios!.Select(scenario => new { id, scenario }), transaction);
    }

    private void Record(IDbConnection connection, IDbTransaction transaction, long id, Actor actor, string kind, Dictionary<string, object?> data) =>
        connection.Execute("INSERT INTO risk_events (risk_id, at, actor, kind, data) VALUES (@id, @at, @actor, @kind, @data)",
            new { id, at = time.GetUtcNow(), actor = actor.Name, kind, data = JsonSerializer.Serialize(data) }, transaction);

    /// <summary>
    /// The risk as it would be stored, every wrong field named: <paramref name="fields"/> over <paramref name="current"/>
    /// (null for a new risk, which then needs a title, category, likelihood and impact).
    /// </summary>
    private RiskFields Validate(RiskFields fields, RiskFields? current)
    {
        var problems = new FieldProblems();
        var title = problems.Check(() => TextLimits.Require(fields.Title ?? current?.Title, TextLimits.Title, "the title", "title"));
        var category = problems.Check(() => Category(fields.Category ?? current?.Category));
        var likelihood = problems.Check(() => Level(fields.Likelihood ?? current?.Likelihood, "likelihood"));
        var impact = problems.Check(() => Level(fields.Impact ?? current?.Impact, "impact"));
        var description = problems.Check(() => OptionalMarkdown(fields.Description ?? current?.Description, "the description", "description"));
        var controls = problems.Check(() => OptionalMarkdown(fields.Controls ?? current?.Controls, "the controls", "controls"));
        var reviewDate = problems.Check(() => ReviewDate(fields.ReviewDate ?? current?.ReviewDate));
        var owner = fields.OwnerPersonId is 0 ? null : fields.OwnerPersonId ?? current?.OwnerPersonId;
        var playbookIds = fields.Playbooks is null ? current?.Playbooks ?? [] : problems.Check(() => Ids(fields.Playbooks, "playbooks",
            id => playbooks.Find(id) is not null, RefusalTexts.UnknownPlaybook)) ?? [];
        var scenarioIds = fields.Scenarios is null ? current?.Scenarios ?? [] : problems.Check(() => Ids(fields.Scenarios, "scenarios",
            id => scenarios.All().Any(result => result.Scenario.Id == id), RefusalTexts.UnknownScenario)) ?? [];
        problems.ThrowIfAny();
        if (owner is { } person && owner != current?.OwnerPersonId) RequirePerson(person);
        return new RiskFields
        {
            Title = title, Category = category, Likelihood = likelihood, Impact = impact, Description = description, Controls = controls,
            ReviewDate = reviewDate, OwnerPersonId = owner, Playbooks = playbookIds, Scenarios = scenarioIds,
        };
    }

    private static string Category(string? value) =>
        value?.Trim() is { Length: > 0 } category && PlaybookCategories.All.Contains(category)
            ? category
            : throw new RuleViolationException($"the category is required, one of {string.Join(", ", PlaybookCategories.All)}") { Field = "category", TextKey = RefusalTexts.Required };

    private static int Level(int? value, string field) => value is >= RiskScale.Lowest and <= RiskScale.Highest
        ? value.Value
        : throw new RuleViolationException($"the {field} is required, from {RiskScale.Lowest} to {RiskScale.Highest}")
            { Field = field, TextKey = RefusalTexts.NumberRange, TextArguments = [RiskScale.Lowest, RiskScale.Highest] };

    /// <summary>Markdown as stored: a form's text area sends its lines ending in CR LF, which would make an untouched text read as changed.</summary>
    private static string OptionalMarkdown(string? text, string what, string field) =>
        string.IsNullOrWhiteSpace(text) ? "" : TextLimits.RequireMarkdown(text.ReplaceLineEndings("\n"), TextLimits.Note, what, field);

    private static string? ReviewDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new RuleViolationException($"the review date '{text.Trim()}' must be a date written as 2027-03-31") { Field = "reviewDate", TextKey = RefusalTexts.Date };

    private static IReadOnlyList<string> Ids(IReadOnlyList<string> ids, string field, Func<string, bool> exists, string textKey)
    {
        var cleaned = ids.Select(id => id?.Trim() ?? "").Where(id => id.Length > 0).Distinct().ToList();
        if (cleaned.FirstOrDefault(id => !exists(id)) is { } unknown)
            throw new RuleViolationException($"there is no {(field == "playbooks" ? "playbook" : "exercise scenario")} '{unknown}'") { Field = field, TextKey = textKey };
        return cleaned;
    }

    private void RequirePerson(long personId)
    {
        using var connection = database.Open();
        if (connection.ExecuteScalar<long?>("SELECT id FROM people WHERE id = @personId", new { personId }) is null)
            throw new RuleViolationException($"there is no person {personId}") { Field = "ownerPersonId", TextKey = RefusalTexts.NoSuchPerson, TextArguments = [personId] };
    }

    private static RiskRow Row(IDbConnection connection, IDbTransaction? transaction, long id) =>
        connection.Query<RiskRow>(SelectRisks + " WHERE r.id = @id", new { id }, transaction).SingleOrDefault() ?? throw new NotFoundException($"risk {id} not found");

    private static List<string> Links(IDbConnection connection, IDbTransaction? transaction, string table, string column, long id) =>
        connection.Query<string>($"SELECT {column} FROM {table} WHERE risk_id = @id ORDER BY {column}", new { id }, transaction).ToList();

    private RiskView View(IDbConnection connection, RiskRow row, TimeZoneInfo zone, CultureInfo culture)
    {
        var linkedPlaybooks = Links(connection, null, "risk_playbooks", "playbook_id", row.Id);
        var linkedScenarios = Links(connection, null, "risk_scenarios", "scenario_id", row.Id);
        var reviewDate = ParseDate(row.ReviewDate);
        return new RiskView(row.Id, row.Title, row.Category, row.Description, row.Likelihood, row.Impact, row.OwnerPersonId, row.OwnerName, row.Controls,
            reviewDate, linkedPlaybooks, linkedScenarios, row.StarterKey, row.Version, row.CreatedBy, Timestamps.Parse(row.CreatedAt), row.UpdatedBy,
            Timestamps.Parse(row.UpdatedAt),
            readiness.Compute(connection, row.Id, row.Likelihood, row.Impact, row.Category, reviewDate, linkedPlaybooks, linkedScenarios, zone, culture));
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A risk's owner who left the directory reads as nobody: the join finds no name and the page says so.</summary>
    private const string SelectRisks =
        """
        SELECT r.id, r.title, r.category, r.description, r.likelihood, r.impact, r.owner_person_id, p.name AS owner_name, r.controls, r.review_date,
            r.starter_key, r.version, r.created_by, r.created_at, r.updated_by, r.updated_at
        FROM risks r LEFT JOIN people p ON p.id = r.owner_person_id
        """;

    private sealed class RiskRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public int Likelihood { get; init; }
        public int Impact { get; init; }
        public long? OwnerPersonId { get; init; }
        public string? OwnerName { get; init; }
        public string Controls { get; init; } = "";
        public string? ReviewDate { get; init; }
        public string? StarterKey { get; init; }
        public long Version { get; init; }
        public string CreatedBy { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string UpdatedBy { get; init; } = "";
        public string UpdatedAt { get; init; } = "";

        public RiskFields ToFields(IReadOnlyList<string> linkedPlaybooks, IReadOnlyList<string> linkedScenarios) => new()
        {
            Title = Title, Category = Category, Description = Description, Likelihood = Likelihood, Impact = Impact, OwnerPersonId = OwnerPersonId,
            Controls = Controls, ReviewDate = ReviewDate, Playbooks = linkedPlaybooks, Scenarios = linkedScenarios,
        };
    }
}
