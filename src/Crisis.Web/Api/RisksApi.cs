using System.Globalization;
using System.Security.Claims;
using Crisis.Core.Accounts;
using Crisis.Core.Insights;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Crisis.Core.Risks;

namespace Crisis.Web.Api;

/// <summary>The risk register over HTTP: every reader (leadership too) reads the risks and their computed readiness; editors write them.</summary>
public static class RisksApi
{
    public static void MapRisksApi(this RouteGroupBuilder api)
    {
        var risks = api.MapGroup("/risks").ProducesProblem(StatusCodes.Status409Conflict);

        risks.MapGet("/", (int? likelihood, int? impact, string? lang, RiskRegister register, PlaybookLibrary playbooks) =>
            {
                var culture = Culture(lang);
                return TypedResults.Ok(register.List(new RiskRegister.Filter(likelihood, impact), culture).Select(risk => RiskAnswer.Of(risk, playbooks, culture)).ToList());
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("ListRisks")
            .WithSummary("The risk register, highest score first, each risk with its readiness; ?likelihood= and ?impact= (1-5) give one cell of the heat map")
            .WithDescription("Readiness is computed, never stored: level (ready, gaps, not-ready) and the gaps in words in ?lang=en|zh-CN. See docs/risks.md.");

        risks.MapPost("/", (RiskFields body, string? lang, ClaimsPrincipal user, RiskRegister register, PlaybookLibrary playbooks) =>
            {
                var culture = Culture(lang);
                var id = register.Create(body, user.Actor());
                return TypedResults.Created($"/api/risks/{id}", RiskAnswer.Of(register.Get(id, culture), playbooks, culture));
            })
            .RequireAuthorization(Permissions.ManageRisks).WithIdempotencyKey()
            .WithName("CreateRisk").WithSummary("Add a risk to the register")
            .WithDescription($"title, category ({string.Join(", ", PlaybookCategories.All)}), likelihood and impact (1 to 5) are required; description and "
                + "controls are Markdown; reviewDate is yyyy-MM-dd; ownerPersonId is a person from the people directory; playbooks and scenarios are ids.");

        risks.MapGet("/{id:long}", (long id, string? lang, RiskRegister register, PlaybookLibrary playbooks) =>
            {
                var culture = Culture(lang);
                return TypedResults.Ok(RiskAnswer.Of(register.Get(id, culture), playbooks, culture));
            })
            .RequireAuthorization(Permissions.Read)
            .WithName("GetRisk").WithSummary("One risk with its readiness and what it is computed from: playbooks, last exercise, last real incident, follow-ups");

        risks.MapPatch("/{id:long}", (long id, RiskFields body, string? lang, ClaimsPrincipal user, RiskRegister register, PlaybookLibrary playbooks) =>
            {
                var culture = Culture(lang);
                return TypedResults.Ok(RiskAnswer.Of(register.Change(id, body, user.Actor(), culture), playbooks, culture));
            })
            .RequireAuthorization(Permissions.ManageRisks)
            .WithName("ChangeRisk").WithSummary("Change a risk's fields; fields left out stay, an empty text clears an optional one, ownerPersonId 0 gives it to nobody")
            .WithDescription("playbooks and scenarios, when given, replace the links. expectedVersion, when given, must be the risk's version or the answer is 409.");
    }

    private static CultureInfo Culture(string? lang) => SharedTexts.In(ReviewsApi.Language(lang));
}

/// <summary>A risk as the API gives it: its fields, its readiness as data, and the same in words in the language asked for.</summary>
public sealed record RiskAnswer(long Id, string Title, string Category, string CategoryName, string Description, int Likelihood, string LikelihoodName,
    int Impact, string ImpactName, int Score, bool IsHigh, long? OwnerPersonId, string? OwnerName, string Controls, DateOnly? ReviewDate,
    IReadOnlyList<string> Playbooks, IReadOnlyList<string> Scenarios, long Version, string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy,
    DateTimeOffset UpdatedAt, ReadinessAnswer Readiness)
{
    public static RiskAnswer Of(RiskView risk, PlaybookLibrary playbooks, CultureInfo culture) => new(risk.Id, risk.Title, risk.Category,
        InsightWords.Category(risk.Category, culture), risk.Description, risk.Likelihood, RiskWords.Likelihood(risk.Likelihood, culture), risk.Impact,
        RiskWords.Impact(risk.Impact, culture), risk.Score, risk.IsHigh, risk.OwnerPersonId, risk.OwnerName, risk.Controls, risk.ReviewDate, risk.Playbooks,
        risk.Scenarios, risk.Version, risk.CreatedBy, risk.CreatedAt, risk.UpdatedBy, risk.UpdatedAt, ReadinessAnswer.Of(risk.Readiness, playbooks, culture));
}

public sealed record GapAnswer(string Kind, string? PlaybookId, int Count, string Words);

public sealed record ReadinessAnswer(string Level, string LevelName, bool HasPlaybook, IReadOnlyList<LinkedPlaybook> Playbooks, LastExercise? LastExercise,
    LastIncident? LastIncident, int OpenFollowUps, int OverdueFollowUps, IReadOnlyList<RiskFollowUp> FollowUps, IReadOnlyList<GapAnswer> Gaps)
{
    public static ReadinessAnswer Of(RiskReadiness readiness, PlaybookLibrary playbooks, CultureInfo culture) => new(readiness.Level,
        RiskWords.Level(readiness.Level, culture), readiness.HasPlaybook, readiness.Playbooks, readiness.LastExercise, readiness.LastIncident,
        readiness.FollowUps.Count, readiness.OverdueFollowUps, readiness.FollowUps,
        readiness.Gaps.Select(gap => new GapAnswer(gap.Kind, gap.PlaybookId, gap.Count, RiskWords.Gap(gap, playbooks, culture))).ToList());
}
