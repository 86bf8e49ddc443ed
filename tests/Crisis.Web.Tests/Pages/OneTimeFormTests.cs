using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

/// <summary>A form submitted twice (Back then submit again, a double tap) makes its change once and answers the repeat as it answered the first.</summary>
[Collection(nameof(CrisisServer))]
public partial class OneTimeFormTests(CrisisServer server)
{
    private const string OpenForm = "/incidents/open?playbook=product-recall&severity=1";

    private async Task<int> IncidentCount() =>
        (await server.Client(Roles.Viewer).GetFromJsonAsync<JsonElement>("/api/incidents")).GetArrayLength();

    private static async Task<(string Antiforgery, string Submission)> Tokens(Browser browser, string page)
    {
        var html = await browser.Html(page);
        var submission = SubmissionToken().Match(html);
        Assert.True(submission.Success, $"no one-time token on {page}");
        return (await browser.FormToken(page), submission.Groups[1].Value);
    }

    private static Dictionary<string, string> OpenFields(string title, string submission) => new()
    {
        ["playbook"] = "product-recall", ["language"] = "en", ["severity"] = "1", ["title"] = title, ["__Submission"] = submission,
    };

    [Fact]
    public async Task A_replayed_open_form_opens_one_incident_and_leads_to_it_again()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var (antiforgery, submission) = await Tokens(commander, OpenForm);
        var before = await IncidentCount();

        using var first = await commander.PostWithToken(antiforgery, "/incidents/open", OpenFields("Leaking caps, batch 77", submission));
        using var again = await commander.PostWithToken(antiforgery, "/incidents/open", OpenFields("Leaking caps, batch 77", submission));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/incidents/INC-", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(before + 1, await IncidentCount());
    }

    [Fact]
    public async Task A_double_click_posting_at_once_opens_one_incident()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var (antiforgery, submission) = await Tokens(commander, OpenForm);
        var before = await IncidentCount();

        var posts = Enumerable.Range(0, 3).Select(_ => commander.PostWithToken(antiforgery, "/incidents/open", OpenFields("Double tap", submission))).ToList();
        var answers = await Task.WhenAll(posts);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode));
        Assert.Single(answers.Select(answer => answer.Headers.Location!.OriginalString).Distinct());
        Assert.Equal(before + 1, await IncidentCount());
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task A_form_that_came_back_with_a_problem_can_be_corrected_and_sent_with_its_token()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var (antiforgery, submission) = await Tokens(commander, OpenForm);
        var before = await IncidentCount();

        using var refused = await commander.PostWithToken(antiforgery, "/incidents/open", OpenFields("   ", submission));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using var corrected = await commander.PostWithToken(antiforgery, "/incidents/open", OpenFields("Mislabelled allergens", submission));

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(before + 1, await IncidentCount());
    }

    [Fact]
    public async Task Every_post_form_carries_a_fresh_one_time_token()
    {
        var key = await server.OpenRecallAsync();
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var html = await commander.Html($"/incidents/{key}");
        var postForms = Regex.Matches(html, "<form[^>]*method=\"post\"", RegexOptions.IgnoreCase).Count;
        var tokens = SubmissionToken().Matches(html).Select(match => match.Groups[1].Value).ToList();
        Assert.True(postForms > 3);
        Assert.Equal(postForms, tokens.Count);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task A_sign_out_form_sent_again_after_signing_back_in_still_signs_out()
    {
        using var commander = await Browser.SignedInAs(server, Roles.Commander);
        var (antiforgery, submission) = await Tokens(commander, "/");
        using var first = await commander.PostWithToken(antiforgery, "/signout", new() { ["__Submission"] = submission });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var signedIn = await commander.PostForm("/signin", "/signin", new() { ["UserName"] = "commander-user", ["Password"] = "a long password" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var again = await commander.PostWithToken(antiforgery, "/signout", new() { ["__Submission"] = submission });

        using var home = await commander.Get("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [GeneratedRegex("name=\"__Submission\" value=\"([0-9a-f]+)\"")]
    private static partial Regex SubmissionToken();
}
