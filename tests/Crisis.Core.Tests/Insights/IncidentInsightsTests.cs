using Crisis.Core.Cases;
using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Insights;
using Crisis.Core.Playbooks;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Tests.Insights;

/// <summary>Figures across incidents run through the real use cases with a fake clock: response times and the steps missed most.</summary>
public sealed class IncidentInsightsTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private readonly TestDatabase _test = new();

    public IncidentInsightsTests()
    {
        _test.AddPlaybook("shelf-recall.md", """
            ---
            id: shelf-recall
            title: Shelf recall
            category: recall
            version: 1
            roles:
              commander: Incident commander
              ops: Operations
            ---
            ## Act
            - Check the stock @ops due:+1h id:stock
            - Brief the team @commander due:+1h id:brief
            """);
        _test.AddPlaybook("leak.md", """
            ---
            id: leak
            title: Customer data leak
            category: data-breach
            version: 1
            roles:
              commander: Incident commander
            ---
            ## Act
            - Cut off the leaking export @commander due:+1h id:cut-off
            """);
        _test.AddPlaybook("shelf-recall.zh-CN.md", """
            ---
            id: shelf-recall
            title: 货架召回
            language: zh-CN
            category: recall
            version: 1
            roles:
              commander: 事件指挥官
              ops: 运营
            ---
            ## 行动
            - 核对库存 @ops due:+1h id:stock
            - 向团队通报 @commander due:+1h id:brief
            """);
    }

    public void Dispose() => _test.Dispose();

    private static readonly DateTimeOffset Start = new(2026, 11, 5, 1, 0, 0, TimeSpan.Zero);

    private string Open(string playbook, int severity, TimeSpan after, bool exercise = false)
    {
        _test.Time.SetUtcNow(Start + after);
        return _test.Get<OpenIncident>().Execute(new OpenIncidentRequest(playbook, "Incident " + after, severity, IsExercise: exercise), Commander);
    }

    private void At(string key, TimeSpan after, Action<string> act)
    {
        var opened = _test.Get<IncidentQueries>().Get(key).OpenedAt;
        _test.Time.SetUtcNow(opened + after);
        act(key);
    }

    private void SetStatus(string key, TimeSpan after, string status) => At(key, after, k =>
        _test.Get<IncidentLifecycle>().SetStatus(k, status, Commander, "As planned", new OpenStepsAcknowledgement("Left to the review")));

    [Fact]
    public void Times_are_spread_by_category_severity_and_quarter_and_the_steps_missed_most_come_first_without_the_drills()
    {
        var steps = _test.Get<StepActions>();
        var early = Open("shelf-recall", 2, TimeSpan.FromDays(-1)); // opened before the range
        var a = Open("shelf-recall", 2, TimeSpan.Zero);
        At(a, TimeSpan.FromMinutes(10), k => steps.Complete(k, "stock", Commander));
        SetStatus(a, TimeSpan.FromHours(2), IncidentStatus.Contained);
        SetStatus(a, TimeSpan.FromHours(5), IncidentStatus.Resolved);
        var b = Open("shelf-recall", 1, TimeSpan.FromDays(1));
        At(b, TimeSpan.FromMinutes(30), k => steps.Start(k, "stock", Commander));
        At(b, TimeSpan.FromHours(2), k => steps.Complete(k, "stock", Commander));
        At(b, TimeSpan.FromHours(2.5), k => steps.Skip(k, "brief", Commander, "Told on the phone"));
        SetStatus(b, TimeSpan.FromHours(4), IncidentStatus.Contained);
        SetStatus(b, TimeSpan.FromHours(9), IncidentStatus.Resolved);
        var c = Open("leak", 1, TimeSpan.FromDays(2));
        At(c, TimeSpan.FromMinutes(20), k => steps.Start(k, "cut-off", Commander));
        var drill = Open("shelf-recall", 1, TimeSpan.FromDays(3), exercise: true);
        At(drill, TimeSpan.FromMinutes(1), k => steps.Complete(k, "stock", Commander));
        _test.Time.SetUtcNow(Start + TimeSpan.FromDays(4));

        var insights = _test.Get<IncidentInsights>().Compute(new InsightFilter { From = Start, To = Start.AddDays(90) });

        Assert.Equal(3, insights.IncidentCount);
        Assert.Equal(new Spread(3, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)),
            insights.Overall.Acknowledge);
        Assert.Equal((2, TimeSpan.FromHours(3)), (insights.Overall.Contain.Count, insights.Overall.Contain.Median));
        Assert.Equal((2, TimeSpan.FromHours(7), TimeSpan.FromHours(9)), (insights.Overall.Resolve.Count, insights.Overall.Resolve.Median, insights.Overall.Resolve.Slowest));
        Assert.Equal([("recall", new[] { a, b }), ("data-breach", new[] { c })], insights.ByCategory.Select(g => (g.Key, g.IncidentKeys.ToArray())));
        Assert.Equal([("1", new[] { b, c }), ("2", new[] { a })], insights.BySeverity.Select(g => (g.Key, g.IncidentKeys.ToArray())));
        Assert.Equal(["2026-Q4"], insights.ByQuarter.Select(g => g.Key));
        Assert.DoesNotContain(early, insights.ByCategory.SelectMany(g => g.IncidentKeys));

        // brief: skipped in B, left undone in A (resolved with it open); cut-off: past its deadline in C; stock: late in B by an hour.
        Assert.Equal(
            [("shelf-recall", "brief", "commander", 2, 0, 1, 1), ("leak", "cut-off", "commander", 1, 0, 0, 1), ("shelf-recall", "stock", "ops", 2, 1, 0, 0)],
            insights.StepsMissedMost.Select(s => (s.PlaybookId, s.StepId, s.RoleKey, s.Incidents, s.Late, s.Skipped, s.LeftUndone)));
        // Worded for each reader by the playbook's twin; a playbook without one keeps its text, and its role is titled as the library names it.
        var library = _test.Get<PlaybookLibrary>();
        Assert.Equal([("向团队通报", "事件指挥官"), ("Cut off the leaking export", "事件指挥官"), ("核对库存", "运营")],
            insights.StepsMissedMost.Select(step => InsightWords.Step(step, library, "zh-CN")));
        Assert.Equal(("Check the stock", "Operations"), InsightWords.Step(insights.StepsMissedMost[2], library, "en"));
        Assert.Equal(("Cut off the leaking export", "—"), InsightWords.Step(insights.StepsMissedMost[1] with { RoleKey = null }, library, "en"));
        // A sub-step reads after its step, each worded by the twin.
        Assert.Equal(("向团队通报：核对库存", "运营"), InsightWords.Step(insights.StepsMissedMost[2] with { Parent = new ParentStep("brief", "Brief the team") }, library, "zh-CN"));
        Assert.Equal(TimeSpan.FromHours(1), insights.StepsMissedMost[2].TypicalDelay);
        Assert.Equal([b], insights.StepsMissedMost[2].IncidentKeys);

        var drills = _test.Get<IncidentInsights>().Compute(new InsightFilter { From = Start, To = Start.AddDays(90), Exercises = true });
        Assert.Equal([drill], drills.ByCategory.Single().IncidentKeys);
        var severeRecalls = _test.Get<IncidentInsights>().Compute(new InsightFilter { From = Start, To = Start.AddDays(90), Category = "recall", Severity = 1 });
        Assert.Equal([b], severeRecalls.ByCategory.Single().IncidentKeys);
    }

    [Fact]
    public void Months_approvals_and_complaints_are_counted_around_the_incidents_of_the_filter()
    {
        var messages = _test.Get<Messages>();
        var cases = _test.Get<CaseBook>();
        var drafter = new Actor("zhang");
        MessageView Draft(string key, string template) =>
            messages.Draft(key, new DraftRequest(template, "en", ["someone@example.com"], new[]
            {
                "product", "original_date", "new_date", "reason", "options", "refund_time", "situation", "actions", "next_update", "legal_entity", "media_contact", "statement_date",
            }.ToDictionary(name => name, name => "Filled in: " + name)), drafter);
        void Complaint(int day, string channel, string? incident)
        {
            _test.Time.SetUtcNow(Start.AddDays(day));
            var logged = cases.Log(new NewCase { Channel = channel, Category = CaseCategories.Quality, Summary = "Cracked", ReceivedAt = Start.AddDays(day) }, CaseSources.Form, Commander);
            if (incident is not null) cases.Link([logged.Id], incident, Commander);
        }

        var november = Open("shelf-recall", 2, TimeSpan.Zero);
        var approver = new Actor("mei", Crisis.Core.Accounts.Roles.Commander, "mei@example.com");
        At(november, TimeSpan.FromMinutes(5), k => messages.Approve(Draft(k, "delay-notice").Id, approver)); // drafted and approved at once
        var slow = Draft(november, "delay-notice");
        At(november, TimeSpan.FromMinutes(95), _ => messages.Approve(slow.Id, approver));
        Complaint(1, CaseChannels.Tmall, november);
        Complaint(2, CaseChannels.Tmall, november);
        Complaint(3, CaseChannels.JD, null);
        var january = Open("leak", 1, TimeSpan.FromDays(60));
        var statement = Draft(january, "holding-statement");
        At(january, TimeSpan.FromMinutes(30), _ => messages.Approve(statement.Id, approver));
        Draft(january, "delay-notice"); // never approved: no wait to count
        Complaint(61, CaseChannels.JD, null);
        _test.Get<EarlyWarning>().EvaluateAll();

        var insights = _test.Get<IncidentInsights>().Compute(new InsightFilter { From = Start.AddDays(-4), To = Start.AddDays(70) });

        Assert.Equal([("2026-11", new[] { november }), ("2026-12", []), ("2027-01", new[] { january })], insights.ByMonth.Select(month => (month.Month, month.IncidentKeys.ToArray())));
        Assert.Equal(1, insights.ByMonth[0].ByCategory["recall"]);
        Assert.Equal([("customers", 2, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(90)), ("media", 1, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30))],
            insights.ApprovalsByAudience.Select(group => (group.Audience, group.Times.Count, group.Times.Median!.Value, group.Times.Slowest!.Value)));
        Assert.Equal([november], insights.ApprovalsByAudience[0].IncidentKeys);
        Assert.Equal([new IncidentCaseCount(november, 2)], insights.CasesPerIncident);
        Assert.Equal([(3L, 2L, 1L), (0L, 0L, 0L), (1L, 0L, 1L)],
            insights.CasesByMonth.Select(month => (month.Cases, month.ByChannel.GetValueOrDefault(CaseChannels.Tmall), month.ByChannel.GetValueOrDefault(CaseChannels.JD))));

        var drills = _test.Get<IncidentInsights>().Compute(new InsightFilter { From = Start.AddDays(-4), To = Start.AddDays(70), Exercises = true });
        Assert.Empty(drills.CasesByMonth); // complaints are real: a drill's figures never show them
    }

    [Theory]
    [InlineData("UTC", new long[] { 3, 1 })]
    [InlineData("Asia/Shanghai", new long[] { 1, 3 })] // from 16:00 UTC on 30 November it is 1 December in Beijing
    // In India (UTC+05:30) December starts at 18:30 UTC; complaints are counted by the hour, and the hour from 18:00 starts in November.
    [InlineData("Asia/Kolkata", new long[] { 2, 2 })]
    public void Complaints_fall_in_the_month_of_the_organisations_time_zone(string zone, long[] novemberThenDecember)
    {
        _test.Get<Crisis.Core.Organisation.OrganisationSettings>().Save(new Crisis.Core.Organisation.OrganisationValues { TimeZone = zone }, Commander);
        var cases = _test.Get<CaseBook>();
        foreach (var received in new[] { "2026-11-30T10:00:00Z", "2026-11-30T18:45:00Z", "2026-11-30T19:10:00Z", "2026-12-01T03:00:00Z" })
        {
            _test.Time.SetUtcNow(DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture));
            cases.Log(new NewCase { Channel = CaseChannels.Tmall, Category = CaseCategories.Quality, Summary = "Cracked", ReceivedAt = _test.Time.GetUtcNow() }, CaseSources.Form, Commander);
        }
        _test.Get<EarlyWarning>().EvaluateAll();
        var insights = _test.Get<IncidentInsights>();

        var months = insights.Compute(insights.Days(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31))).CasesByMonth;

        Assert.Equal([("2026-11", novemberThenDecember[0]), ("2026-12", novemberThenDecember[1])], months.Select(month => (month.Month, month.Cases)));
    }

    [Fact]
    public void An_upgraded_database_takes_each_incidents_category_from_its_snapshot_and_its_acknowledgement_from_its_timeline()
    {
        using var database = new Database($"Data Source={Path.Combine(_test.Folder, "before-0023.db")}");
        Migrator.Migrate(database, _test.Time, before: "0023_incident_insights.sql");
        using (var connection = database.Open())
        {
            connection.Execute(
                """
                INSERT INTO playbook_versions (playbook_id, version, hash, title, markdown, first_seen) VALUES ('shelf-recall', 1, 'h', 'Shelf recall', '', '2026-11-01T08:00:00.000Z');
                INSERT INTO incidents (id, key, title, severity, status, playbook_id, playbook_version, playbook_hash, snapshot, opened_by, opened_at, last_event_hash) VALUES
                    (1, 'INC-2026-0001', 'Cracked bottles', 1, 'open', 'shelf-recall', 1, 'h', '{"id":"shelf-recall","category":"recall"}', 'mei', '2026-11-01T08:00:00.000Z', 'x'),
                    (2, 'INC-2026-0002', 'Quiet', 2, 'open', 'shelf-recall', 1, 'h', 'not json', 'mei', '2026-11-01T09:00:00.000Z', 'x');
                INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash) VALUES
                    (1, 1, '2026-11-01T08:00:00.000Z', 'mei', 'incident.opened', '{}', 'g', 'e1'),
                    (1, 2, '2026-11-01T08:04:00.000Z', 'mei', 'role.assigned', '{}', 'e1', 'e2'),
                    (1, 3, '2026-11-01T08:12:00.000Z', 'li', 'step.started', '{}', 'e2', 'e3'),
                    (1, 4, '2026-11-01T08:30:00.000Z', 'li', 'step.completed', '{}', 'e3', 'e4');
                """);
        }

        Migrator.Migrate(database, _test.Time);

        using var migrated = database.Open();
        Assert.Equal([("recall", "2026-11-01T08:12:00.000Z"), ("other", null)],
            migrated.Query<(string, string?)>("SELECT category, acknowledged_at FROM incidents ORDER BY id"));
    }
}
