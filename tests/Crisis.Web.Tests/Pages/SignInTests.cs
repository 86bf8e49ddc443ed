using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// Sign-in without a lockout strangers can trigger: wrong passwords grow a wait, the right one always works after it,
/// and an unknown name is answered with the same words in the same time as a real one.
/// </summary>
[Collection(nameof(CrisisServer))]
public partial class SignInTests(CrisisServer server)
{
    private Accounts Accounts => server.Services.GetRequiredService<Accounts>();

    /// <summary>Posts the sign-in form, moving the server's fake clock on while the sign-in waits.</summary>
    private async Task<HttpResponseMessage> PostSignIn(Browser browser, string name, string password)
    {
        var token = await browser.FormToken("/signin");
        var posting = browser.PostWithToken(token, "/signin", new() { ["UserName"] = name, ["Password"] = password });
        for (var i = 0; !posting.IsCompleted && i < 600; i++)
        {
            server.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(posting, Task.Delay(20));
        }
        return await posting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Strangers_guessing_the_admins_password_cannot_lock_the_admin_out()
    {
        Accounts.AddUser("guarded-admin", Roles.Admin, "guarded admin secret");
        using var stranger = new Browser(server.Address);
        for (var i = 0; i < 12; i++)
        {
            using var wrong = await PostSignIn(stranger, "guarded-admin", "guess number " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("The user name or password is wrong.", await wrong.Content.ReadAsStringAsync());
        }
        Assert.Equal(SignInDelays.LongestDelay, Accounts.SignInDelay("guarded-admin"));

        using var admin = new Browser(server.Address);
        using var signedIn = await PostSignIn(admin, "guarded-admin", "guarded admin secret");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/admin/users")).StatusCode);
        Assert.Equal(TimeSpan.Zero, Accounts.SignInDelay("guarded-admin"));
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answer_in_the_same_time_as_a_real_one()
    {
        const int attempts = 20;
        for (var i = 0; i < attempts; i++) Accounts.AddUser($"timed-real-{i}", Roles.Viewer, "timed real password");
        using var browser = new Browser(server.Address);
        // Warm up both paths (first hash, page compilation) before measuring.
        (await PostSignIn(browser, "warm-up-unknown-name", "a wrong guess")).Dispose();
        (await PostSignIn(browser, "timed-real-0", "a wrong guess")).Dispose();

        async Task<(double Milliseconds, string Answer)> Attempt(string name)
        {
            var token = await browser.FormToken("/signin");
            var clock = Stopwatch.StartNew();
            using var response = await browser.PostWithToken(token, "/signin", new() { ["UserName"] = name, ["Password"] = "a wrong guess" });
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var answer = AntiforgeryValue().Replace((await response.Content.ReadAsStringAsync()).Replace(name, "NAME"), "TOKEN");
            return (elapsed, answer);
        }

        var real = new List<(double Milliseconds, string Answer)>();
        var unknown = new List<(double Milliseconds, string Answer)>();
        for (var i = 0; i < attempts; i++)
        {
            real.Add(await Attempt($"timed-real-{i}"));
            unknown.Add(await Attempt($"timed-ghost-{i}"));
        }

        Assert.Single(real.Concat(unknown).Select(attempt => attempt.Answer).Distinct());
        var realMedian = Median(real.Select(attempt => attempt.Milliseconds));
        var unknownMedian = Median(unknown.Select(attempt => attempt.Milliseconds));
        var ratio = Math.Max(realMedian, unknownMedian) / Math.Min(realMedian, unknownMedian);
        Assert.True(ratio < 2.5, $"median sign-in of a real name {realMedian:0.0} ms, of an unknown name {unknownMedian:0.0} ms");
    }

    [Fact]
    public async Task A_disabled_account_is_answered_like_a_wrong_password()
    {
        Accounts.AddUser("quietly-disabled", Roles.Viewer, "disabled account password");
        Accounts.Disable("quietly-disabled");
        using var browser = new Browser(server.Address);
        using var refused = await PostSignIn(browser, "quietly-disabled", "disabled account password");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("The user name or password is wrong.", await refused.Content.ReadAsStringAsync());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [Theory]
    [InlineData("blank-password-user", "")]
    [InlineData("blank-password-user", "   ")]
    [InlineData("no-such-account-at-all", "")]
    [InlineData("no-such-account-at-all", " \t ")]
    [InlineData("", "")]
    [InlineData("", "a wrong guess")]
    [InlineData("  ", "blank password user pw")]
    public async Task An_empty_or_blank_name_or_password_is_a_wrong_sign_in_like_any_other(string name, string password)
    {
        if (Accounts.FindUser("blank-password-user") is null) Accounts.AddUser("blank-password-user", Roles.Viewer, "blank password user pw");
        using var browser = new Browser(server.Address);
        using var refused = await PostSignIn(browser, name, password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("The user name or password is wrong.", await refused.Content.ReadAsStringAsync());
        using var signedIn = await PostSignIn(browser, "blank-password-user", "blank password user pw");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    /// <summary>The values made new for every page: the antiforgery token and each post form's one-time token.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"|name=\"__Submission\" value=\"[0-9a-f]+\"")]
    private static partial Regex AntiforgeryValue();
}

/// <summary>A server of its own with a low limit of sign-in attempts per address.</summary>
public sealed class TightSignInLimitServer : CrisisServer
{
    public const int AttemptsPerMinute = 3;
    protected override IEnumerable<string> ExtraArguments => [$"--Crisis:SignIn:AttemptsPerMinutePerAddress={AttemptsPerMinute}"];
}

public sealed class SignInRateLimitTests(TightSignInLimitServer server) : IClassFixture<TightSignInLimitServer>
{
    [Theory]
    [InlineData("en", "Too many sign-in attempts came from your address")]
    [InlineData("zh-CN", "来自您所在地址的登录尝试过多")]
    public async Task One_address_posting_too_many_sign_ins_a_minute_gets_a_429_that_says_so(string language, string explanation)
    {
        using var browser = new Browser(server.Address, language);
        var token = await browser.FormToken("/signin");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < TightSignInLimitServer.AttemptsPerMinute + 1; i++)
        {
            last?.Dispose();
            last = await browser.PostWithToken(token, "/signin", new() { ["UserName"] = "nobody-" + language, ["Password"] = "a wrong guess" });
            statuses.Add(last.StatusCode);
        }
        using var limited = last!;
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains(explanation, await limited.Content.ReadAsStringAsync());
        // Reading the form is never limited.
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/signin")).StatusCode);
    }
}
