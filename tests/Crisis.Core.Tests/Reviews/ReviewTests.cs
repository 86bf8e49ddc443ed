using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Reports;
using Crisis.Core.Reviews;
using UglyToad.PdfPig;

namespace Crisis.Core.Tests.Reviews;

public class ReviewTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private static readonly Actor Responder = new("tom");
    private readonly TestDatabase _test = new();
    private readonly OpenIncident _open;
    private readonly StepActions _steps;
    private readonly IncidentLifecycle _lifecycle;
    private readonly ImpactLog _impact;
    private readonly PostIncidentReviews _reviews;
    private readonly IncidentReports _reports;

    public ReviewTests()
    {
        _test.AddPlaybook("drill.md", """
            ---
            id: drill
            title: Drill
            version: 1
            roles:
              commander: Incident commander
              ops: Operations
            ---
            ## Contain
            - Stop sales @ops due:+1h id:stop
            - Brief the team @commander due:+1h id:brief
            ## Recover
            - Refund customers @ops due:+4h id:refund
            - Skip me @ops due:+4h id:optional
            """);
        _open = _test.Get<OpenIncident>();
        _steps = _test.Get<StepActions>();
        _lifecycle = _test.Get<IncidentLifecycle>();
        _impact = _test.Get<ImpactLog>();
        _reviews = _test.Get<PostIncidentReviews>();
        _reports = _test.Get<IncidentReports>();
    }

    public void Dispose() => _test.Dispose();

    private string OpenDrill() => _open.Execute(new OpenIncidentRequest("drill", "Mould in batch B-7", 1), Commander);

    private void After(TimeSpan span) => _test.Time.Advance(span);

    [Fact]
    public void The_impact_log_keeps_every_entry_and_the_latest_value_of_each_measure()
    {
        var key = OpenDrill();
        _impact.Record(key, new ImpactFigures { OrdersAffected = 120, ComplaintsPlatform = 4, Batches = "B-7" }, Responder);
        After(TimeSpan.FromHours(1));
        _impact.Record(key, new ImpactFigures { OrdersAffected = 340, Complaints12315 = 2, RefundAmount = 1234.5m }, Commander);

        var log = _impact.Read(key);
        Assert.Equal(2, log.Entries.Count);
        Assert.Equal((340L, 4L, 2L, 6L, "B-7", 1234.5m, "CNY"),
            (log.Current.OrdersAffected, log.Current.ComplaintsPlatform, log.Current.Complaints12315, log.Current.Complaints, log.Current.Batches, log.Current.RefundAmount, log.Current.Currency));
        Assert.Equal([120L, 340L], log.Trend(figures => figures.OrdersAffected).Select(point => point.Value));
        Assert.Equal("tom", log.Entries[0].By);
        Assert.Contains(_test.Get<Timeline>().Read(key), e => e.Kind == EventKinds.ImpactRecorded && e.Actor == "mei");

        Assert.Throws<RuleViolationException>(() => _impact.Record(key, new ImpactFigures(), Responder));
        Assert.Throws<RuleViolationException>(() => _impact.Record(key, new ImpactFigures { UnitsRecalled = -1 }, Responder));
        Assert.Throws<RuleViolationException>(() => _impact.Record(key, new ImpactFigures { RefundAmount = 5, Currency = "yuan" }, Responder));
    }

    [Fact]
    public void Metrics_come_from_the_record()
    {
        var key = OpenDrill();
        After(TimeSpan.FromMinutes(12));
        _steps.Start(key, "stop", Responder);
        After(TimeSpan.FromMinutes(30));
        _steps.Complete(key, "stop", Responder);            // 42 min, due 60: on time
        After(TimeSpan.FromMinutes(40));
        _steps.Complete(key, "brief", Commander);           // 82 min, due 60: late
        _lifecycle.SetStatus(key, IncidentStatus.Contained, Commander);
        After(TimeSpan.FromHours(2));
        _steps.Complete(key, "refund", Responder);          // 3 h 22 min, due 4 h: on time
        _steps.Skip(key, "optional", Responder, "not needed for batch B-7");
        _lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));

        var metrics = _reports.ReviewData(key).Metrics;
        Assert.Equal(TimeSpan.FromMinutes(12), metrics.TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(82), metrics.TimeToContain);
        Assert.Equal(TimeSpan.FromMinutes(202), metrics.TimeToResolve);

        var contain = metrics.Phases[0];
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(82), true), (contain.Planned!.Value, contain.Actual!.Value, contain.IsLate));
        var recover = metrics.Phases[1];
        Assert.Equal((TimeSpan.FromHours(4), TimeSpan.FromMinutes(202), false), (recover.Planned!.Value, recover.Actual!.Value, recover.IsLate));

        Assert.Equal(new StepOutcomes("Operations", 2, 0, 1, 0, 0), metrics.ByRole.Single(role => role.Role == "Operations"));
        Assert.Equal(new StepOutcomes("Incident commander", 0, 1, 0, 0, 0), metrics.ByRole.Single(role => role.Role == "Incident commander"));
        Assert.Equal((2, 1, 1), (metrics.Totals.OnTime, metrics.Totals.Late, metrics.Totals.Skipped));
    }

    [Fact]
    public void A_review_goes_from_draft_to_review_to_published_and_the_timeline_records_each_change()
    {
        var key = OpenDrill();
        Assert.Throws<RuleViolationException>(() => _reviews.Open(key, Commander));
        _lifecycle.SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));

        var review = _reviews.Open(key, Commander);
        Assert.Equal((ReviewStatus.Draft, 1), (review.Status, review.Version));
        Assert.Equal(1, _reviews.Open(key, Commander).Version); // opening twice is harmless

        review = _reviews.Edit(key, new ReviewContent { Summary = "Mould found in **batch B-7**.", FiveWhys = ["Damp warehouse", "Broken dehumidifier", "", ""] }, 1, Responder);
        Assert.Equal(2, review.Version);
        Assert.Equal(["Damp warehouse", "Broken dehumidifier"], review.Content.FiveWhys);
        Assert.Throws<ConflictException>(() => _reviews.Edit(key, new ReviewContent { Summary = "stale" }, 1, Commander));
        Assert.Equal(2, _reviews.Edit(key, review.Content, 2, Responder).Version); // no change, no new version

        var ops = _test.Get<PeopleDirectory>().Add(new NewPerson("Zhang Min", "zhang@example.com"));
        review = _reviews.AddAction(key, new ActionItem { Title = "Fix the dehumidifier alarm", OwnerPersonId = ops.Id, DueDate = new DateOnly(2026, 12, 1), PlaybookChange = "product-recall" }, 2, Commander);
        Assert.Single(review.Actions);
        Assert.Throws<RuleViolationException>(() => _reviews.Publish(key, review.Version, Commander)); // still a draft
        review = _reviews.SubmitForReview(key, review.Version, Responder);
        review = _reviews.ReturnToDraft(key, review.Version, Commander, "Add the refund cost");
        Assert.Equal(ReviewStatus.Draft, review.Status);
        review = _reviews.SubmitForReview(key, review.Version, Responder);
        review = _reviews.Publish(key, review.Version, Commander);
        Assert.Equal(ReviewStatus.Published, review.Status);
        Assert.NotNull(review.PublishedAt);
        Assert.Throws<RuleViolationException>(() => _reviews.Edit(key, new ReviewContent { Summary = "late change" }, review.Version, Commander));
        review = _reviews.UpdateAction(key, review.Actions[0].Id, review.Actions[0] with { Status = ActionStatus.InProgress }, review.Version, Responder);
        Assert.Equal((ActionStatus.InProgress, "Zhang Min"), (review.Actions[0].Status, review.Actions[0].Owner));
        // Done is said on the follow-ups, with what was done.
        Assert.Equal("status", Assert.Throws<RuleViolationException>(() =>
            _reviews.UpdateAction(key, review.Actions[0].Id, review.Actions[0] with { Status = ActionStatus.Done }, review.Version, Responder)).Field);

        var kinds = _test.Get<Timeline>().Read(key).Select(e => e.Kind).Where(kind => kind.StartsWith("review.", StringComparison.Ordinal)).ToList();
        Assert.Equal([EventKinds.ReviewOpened, EventKinds.ReviewEdited, EventKinds.ReviewActionAdded, EventKinds.ReviewSubmitted, EventKinds.ReviewReturned, EventKinds.ReviewSubmitted, EventKinds.ReviewPublished, EventKinds.ReviewActionUpdated], kinds);
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);
    }

    [Fact]
    public void An_exercise_report_carries_the_watermark_on_every_page()
    {
        var key = _open.Execute(new OpenIncidentRequest("drill", "Drill: mould in batch B-7", 1, IsExercise: true), Commander);
        foreach (var kind in new[] { ReportKinds.Checklist, ReportKinds.Review })
        {
            using var document = PdfDocument.Open(_reports.Pdf(key, kind, "zh-CN"));
            Assert.All(document.GetPages(), page => Assert.EndsWith("演练", page.Text));
            Assert.Contains("【演练】此为演练，非真实事件。", string.Concat(document.GetPage(1).Letters.Select(letter => letter.Value)));
        }
        using var real = PdfDocument.Open(_reports.Pdf(OpenDrill(), ReportKinds.Checklist, "en"));
        Assert.DoesNotContain("EXERCISE", real.GetPage(1).Text);
    }
}
