using System.Text;
using Crisis.Core.Incidents;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Crisis.Pdf.Tests;
using UglyToad.PdfPig;

namespace Crisis.Core.Tests.Reviews;

/// <summary>A review far larger than a real one, built and rendered in full: half a minute on a busy machine, so the fast
/// suite can leave it out (<c>dotnet test --filter Category!=Stress</c>); ./test.sh runs it.</summary>
[Trait("Category", "Stress")]
public class LargeReviewTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private static readonly Actor Responder = new("tom");
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void A_review_of_300_steps_and_1000_events_renders_and_reads_back()
    {
        var markdown = new StringBuilder("---\nid: big\ntitle: Big recall\nversion: 1\nroles:\n  commander: Incident commander\n  ops: Operations\n  legal: Legal\n---\n");
        for (var phase = 1; phase <= 6; phase++)
        {
            markdown.Append($"## Phase {phase}\n");
            for (var step = 1; step <= 50; step++)
                markdown.Append($"- Step {phase}.{step}: check warehouse {step} for batch B-{phase}{step:D2} and report the count @{(step % 3 == 0 ? "legal" : "ops")} due:+{phase * 2}h id:s{phase}-{step}\n");
        }
        _test.AddPlaybook("big.md", markdown.ToString());
        var key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("big", "Mould in batch B-7", 1), Commander);
        var steps = _test.Get<IncidentQueries>().Get(key).AllSteps.Select(step => step.Id).ToList();
        Assert.Equal(300, steps.Count);
        var actions = _test.Get<StepActions>();
        var events = _test.Get<Timeline>().Read(key).Count;
        for (var i = 0; events < 1000; i++, events++)
        {
            _test.Time.Advance(TimeSpan.FromMinutes(1));
            if (i < steps.Count)
                actions.Complete(key, steps[i], Responder);
            else
                actions.Note(key, steps[i % steps.Count], Responder, $"Note {i}: counted again, figures unchanged 库存已复核");
        }
        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));
        _test.Get<PostIncidentReviews>().Open(key, Commander);

        foreach (var language in new[] { "en", "zh-CN" })
        {
            var pdf = _test.Get<IncidentReports>().Pdf(key, ReportKinds.Review, language);
            PdfFiles.QpdfCheck(pdf);
            using var document = PdfDocument.Open(pdf);
            Assert.True(document.NumberOfPages > 40, $"{document.NumberOfPages} pages");
            var last = PdfFiles.PageTexts(pdf)[^1];
            Assert.Contains(language == "en" ? "opened the post-incident review." : "开启了事后复盘。", last);
            Assert.True(document.TryGetBookmarks(out var bookmarks));
            Assert.Equal(11, bookmarks.Roots.Count); // the full checklist is now its own appendix
        }
    }
}
