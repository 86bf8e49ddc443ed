using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Microsoft.AspNetCore.Mvc;

namespace Crisis.Web.Pages.Incidents;

/// <summary>The post-incident review: metrics from the record, the narrative, action items and the workflow.</summary>
public sealed class ReviewModel(PostIncidentReviews reviews, IncidentReports reports, PeopleDirectory people) : StatusMessagePageModel
{
    public ReviewReportData Data { get; private set; } = null!;
    public IncidentDetails Incident => Data.Incident;
    public ReviewView? Review => Data.Review;
    public ReviewMetrics Metrics => Data.Metrics;

    /// <summary>Who an action item can be given to.</summary>
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The narrative's boxes, by the name a refusal gives them, labelled as the form labels them.</summary>
    protected override IReadOnlyDictionary<string, string> FieldLabels { get; } = new Dictionary<string, string>
    {
        ["summary"] = "Executive summary", ["customerImpact"] = "Customer impact", ["revenueImpact"] = "Revenue impact",
        ["regulatorsNotified"] = "Regulators notified", ["rootCause"] = "Root cause", ["fiveWhys"] = "Five whys",
        ["wentWell"] = "What went well", ["wentPoorly"] = "What went poorly", ["lucky"] = "Where we were lucky", ["lessons"] = "Lessons",
        ["title"] = "Action", ["ownerPersonId"] = "Owner", ["status"] = "Status",
    };

    public void OnGet(string key)
    {
        Data = reports.ReviewData(key);
        People = people.List();
    }

    public IActionResult OnPostOpen(string key) =>
        User.Can(Permissions.ManageIncidents) ? Act(key, () => reviews.Open(key, User.Actor())) : Forbid();

    public IActionResult OnPostSave(string key, int version, ReviewForm form) =>
        User.Can(Permissions.ActOnSteps) ? Act(key, () => reviews.Edit(key, form.ToContent(), version, User.Actor())) : Forbid();

    public IActionResult OnPostSubmit(string key, int version) =>
        User.Can(Permissions.ActOnSteps) ? Act(key, () => reviews.SubmitForReview(key, version, User.Actor())) : Forbid();

    public IActionResult OnPostReturn(string key, int version, string? reason) =>
        User.Can(Permissions.ManageIncidents) ? Act(key, () => reviews.ReturnToDraft(key, version, User.Actor(), reason ?? "")) : Forbid();

    public IActionResult OnPostPublish(string key, int version) =>
        User.Can(Permissions.ManageIncidents) ? Act(key, () => reviews.Publish(key, version, User.Actor())) : Forbid();

    public IActionResult OnPostAddAction(string key, int version, ActionItem action) =>
        User.Can(Permissions.ActOnSteps) ? Act(key, () => reviews.AddAction(key, action, version, User.Actor()), "actions") : Forbid();

    public IActionResult OnPostActionStatus(string key, int version, long actionId, string status)
    {
        if (!User.Can(Permissions.ActOnSteps)) return Forbid();
        return Act(key, () =>
        {
            var action = reviews.Get(key)?.Actions.FirstOrDefault(item => item.Id == actionId) ?? throw new Core.NotFoundException($"no action item {actionId}");
            reviews.UpdateAction(key, actionId, action with { Status = status }, version, User.Actor());
        }, "actions");
    }

    private IActionResult Act(string key, Action change, string anchor = "review") => Act(change, new { key }, anchor);
}

/// <summary>The review's narrative as the form posts it: five separate "why?" boxes.</summary>
public sealed class ReviewForm
{
    public string? Summary { get; set; }
    public string? CustomerImpact { get; set; }
    public string? RevenueImpact { get; set; }
    public string? RegulatorsNotified { get; set; }
    public string? RootCause { get; set; }
    public string?[] Whys { get; set; } = [];
    public string? WentWell { get; set; }
    public string? WentPoorly { get; set; }
    public string? Lucky { get; set; }
    public string? Lessons { get; set; }

    public ReviewContent ToContent() => new()
    {
        Summary = Summary ?? "", CustomerImpact = CustomerImpact ?? "", RevenueImpact = RevenueImpact ?? "", RegulatorsNotified = RegulatorsNotified ?? "",
        RootCause = RootCause ?? "", FiveWhys = Whys.Select(why => why ?? "").ToList(), WentWell = WentWell ?? "", WentPoorly = WentPoorly ?? "",
        Lucky = Lucky ?? "", Lessons = Lessons ?? "",
    };
}
