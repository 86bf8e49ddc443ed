using System.Net;
using System.Net.Http.Json;
using Crisis.Core.Accounts;
using Crisis.Web.Tests.Pages;

namespace Crisis.Web.Tests.Api;

/// <summary>
/// Every exercise endpoint and page against every role and a second trainer, while the exercise runs and after it ends:
/// the trainer's plans are the trainer's (and admins') until the end; only participants give hot-wash feedback.
/// </summary>
[Collection(nameof(CrisisServer))]
public class ExerciseAccessTests(CrisisServer server)
{
    private const string SecondTrainer = "second-trainer";
    private const string TrainerNote = "Watch whether quality asks";
    private const string UnreleasedInject = "Journalist calls";

    /// <summary>Who steers the exercise (its trainer and admins) come last, so that refusals run against an untouched exercise.</summary>
    private static readonly string[] Identities = [Roles.Commander, Roles.Responder, Roles.Viewer, SecondTrainer, Roles.Admin, Roles.Trainer];
    private static readonly string[] Steering = [Roles.Admin, Roles.Trainer];

    private readonly Dictionary<string, string> _tokens = [];

    private async Task<(long Id, string Key)> StartAsync()
    {
        var accounts = server.Services.GetRequiredService<Accounts>();
        if (accounts.FindUser(SecondTrainer) is null)
            accounts.AddUser(SecondTrainer, Roles.Trainer, "a long password", "second-trainer@example.com");
        _tokens[SecondTrainer] = accounts.CreateToken(SecondTrainer);
        using var response = await server.Client(Roles.Trainer).PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (started.GetProperty("id").GetInt64(), started.GetProperty("incidentKey").GetString()!);
    }

    private HttpClient Client(string identity) => identity == SecondTrainer ? server.ClientWithToken(_tokens[SecondTrainer]) : server.Client(identity);

    private Task<Browser> Browser(string identity) =>
        identity == SecondTrainer ? Pages.Browser.SignedInAsUser(server, SecondTrainer, "a long password") : Pages.Browser.SignedInAs(server, identity);

    private async Task<(HttpStatusCode Status, string Body)> Send(string identity, HttpMethod method, string path, object? body = null)
    {
        using var client = Client(identity);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The trainer's endpoints: refused (403) to anyone but the exercise's trainer and admins, whatever the exercise's state.</summary>
    private static (HttpMethod Method, string Path, object? Body)[] SteeringEndpoints(long id) =>
    [
        (HttpMethod.Post, $"/api/exercises/{id}/injects/counterfeit-claim/release", null),
        (HttpMethod.Post, $"/api/exercises/{id}/injects/journalist-calls/dry-run", null),
        (HttpMethod.Post, $"/api/exercises/{id}/injects", new { title = "Ad hoc", body = "A call from the board", roles = new[] { "comms" } }),
        (HttpMethod.Post, $"/api/exercises/{id}/observations", new { text = "Seen" }),
        (HttpMethod.Post, $"/api/exercises/{id}/overrides", new { expectationId = "first-reports-on-red/start-monitoring", passed = true, comment = "By phone" }),
        (HttpMethod.Post, $"/api/exercises/{id}/pause", null),
        (HttpMethod.Post, $"/api/exercises/{id}/resume", null),
    ];

    private static string Shown(string body) => body.StartsWith("%PDF") ? "(a PDF)" : body[..Math.Min(body.Length, 200)];

    private async Task<List<string>> Mismatches(long id, bool running)
    {
        var failures = new List<string>();
        void Expect(string identity, string what, bool allowed, HttpStatusCode status, string body)
        {
            var refused = status == HttpStatusCode.Forbidden;
            if (allowed == refused || (int)status >= 500) failures.Add($"{identity} {what}: {(int)status} {Shown(body)}");
        }
        foreach (var identity in Identities)
        {
            var steers = Steering.Contains(identity);
            var (status, body) = await Send(identity, HttpMethod.Get, $"/api/exercises/{id}");
            if (status != HttpStatusCode.OK || body.Contains(TrainerNote) != steers || (running && body.Contains(UnreleasedInject) != steers))
                failures.Add($"{identity} GET exercise: {(int)status}, trainer note shown: {body.Contains(TrainerNote)}");
            (status, body) = await Send(identity, HttpMethod.Get, $"/api/exercises/{id}/after-action.pdf");
            Expect(identity, "after-action.pdf", steers || !running, status, body);
            foreach (var (method, path, content) in SteeringEndpoints(id))
            {
                (status, body) = await Send(identity, method, path, content);
                Expect(identity, $"{method} {path}", steers, status, body);
            }
            (status, body) = await Send(identity, HttpMethod.Post, $"/api/exercises/{id}/feedback", new { whatWorked = "Roles", whatDidNot = "Sign-off", rating = 4 });
            Expect(identity, "feedback", identity == Roles.Responder, status, body); // the responder's email is the quality player's
            if (running && identity == Roles.Responder && status != HttpStatusCode.BadRequest) failures.Add($"feedback before the end: {(int)status} {body}");
            if (!running && identity == Roles.Responder && status != HttpStatusCode.NoContent) failures.Add($"feedback after the end: {(int)status} {body}");
        }
        return failures;
    }

    [Fact]
    public async Task Only_the_exercises_own_trainer_and_admins_see_its_plans_and_steer_it_and_only_participants_give_feedback()
    {
        var (id, _) = await StartAsync();
        var running = await Mismatches(id, running: true);
        foreach (var identity in Identities.Where(identity => !Steering.Contains(identity)))
        {
            var (status, body) = await Send(identity, HttpMethod.Post, $"/api/exercises/{id}/end");
            if (status != HttpStatusCode.Forbidden) running.Add($"{identity} end: {(int)status} {body}");
        }
        var (endStatus, endBody) = await Send(Roles.Trainer, HttpMethod.Post, $"/api/exercises/{id}/end");
        if (endStatus != HttpStatusCode.OK) running.Add($"{Roles.Trainer} end: {(int)endStatus} {endBody}");
        var ended = await Mismatches(id, running: false);

        var matrix = Identities.Length * (2 + SteeringEndpoints(id).Length + 1) * 2 + Identities.Length;
        Assert.True(running.Count + ended.Count == 0, $"{running.Count + ended.Count} of {matrix} answers wrong:\n" + string.Join("\n", running.Concat(ended)));
    }

    [Fact]
    public async Task The_trainers_console_and_after_action_page_are_the_exercises_trainers_while_it_runs()
    {
        var (id, key) = await StartAsync();
        foreach (var running in new[] { true, false })
        {
            foreach (var identity in Identities)
            {
                using var browser = await Browser(identity);
                var steers = Steering.Contains(identity);
                var trainer = steers || identity == SecondTrainer;
                using var console = await browser.Get($"/exercises/{id}");
                Assert.True((steers ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == console.StatusCode, $"{identity} /exercises/{id}: {console.StatusCode}");
                using var end = await browser.Get($"/exercises/{id}/end"); // the confirmation before ending: once ended, back to the console
                var endAnswer = !steers ? HttpStatusCode.Forbidden : running ? HttpStatusCode.OK : HttpStatusCode.Redirect;
                Assert.True(endAnswer == end.StatusCode, $"{identity} /exercises/{id}/end (running {running}): {end.StatusCode}");
                using var report = await browser.Get($"/exercises/{id}/after-action");
                var mayRead = steers || !running;
                Assert.True((mayRead ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == report.StatusCode, $"{identity} after-action page (running {running}): {report.StatusCode}");
                if (trainer)
                {
                    var list = await browser.Html("/exercises");
                    Assert.Equal(steers, list.Contains($"/exercises/{id}\""));
                }
                if (identity == SecondTrainer)
                {
                    using var pause = await browser.PostForm("/exercises", $"/exercises/{id}?handler=Pause", []);
                    Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
                    using var endIt = await browser.PostForm("/exercises", $"/exercises/{id}/end", []);
                    Assert.Equal(HttpStatusCode.Forbidden, endIt.StatusCode);
                    using var observe = await browser.PostForm("/exercises", $"/exercises/{id}?handler=Observe", new() { ["text"] = "not mine" });
                    Assert.Equal(HttpStatusCode.Forbidden, observe.StatusCode);
                }
                if (!running)
                {
                    // The hot-wash form and the report links are on the incident page once the exercise ends: the form for participants only.
                    var incident = await browser.Html($"/incidents/{key}");
                    Assert.True(incident.Contains("name=\"whatWorked\"") == (identity == Roles.Responder), $"{identity} sees the hot-wash form: {incident.Contains("name=\"whatWorked\"")}");
                    Assert.Contains($"/exercises/{id}/after-action", incident);
                }
                if (identity == Roles.Commander && !running)
                {
                    using var feedback = await browser.PostForm($"/incidents/{key}", $"/incidents/{key}?handler=Feedback",
                        new() { ["whatWorked"] = "x", ["whatDidNot"] = "y", ["rating"] = "3" });
                    Assert.Equal(HttpStatusCode.Forbidden, feedback.StatusCode);
                }
            }
            if (running)
            {
                using var trainer = await Browser(Roles.Trainer);
                using var ended = await trainer.PostForm($"/exercises/{id}/end", $"/exercises/{id}/end", []);
                Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            }
        }
        var exercise = server.Services.GetRequiredService<Core.Exercises.ExerciseRuns>().Get(id);
        Assert.Empty(exercise.Observations);
        Assert.Empty(exercise.Feedback);
    }

    [Fact]
    public async Task A_co_trainer_the_trainer_adds_steers_as_the_trainer_does_until_removed()
    {
        var (id, _) = await StartAsync();
        var coTrainerNames = $"/api/exercises/{id}/co-trainers";
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(SecondTrainer, HttpMethod.Post, coTrainerNames, new { name = SecondTrainer })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(Roles.Trainer, HttpMethod.Post, coTrainerNames, new { name = $"{Roles.Viewer}-user" })).Status);
        var (added, addedBody) = await Send(Roles.Trainer, HttpMethod.Post, coTrainerNames, new { name = SecondTrainer });
        Assert.True(added == HttpStatusCode.OK, addedBody);

        var (status, body) = await Send(SecondTrainer, HttpMethod.Get, $"/api/exercises/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(TrainerNote, body);
        Assert.Contains(SecondTrainer, body);
        foreach (var (method, path, content) in SteeringEndpoints(id).Where(endpoint => !endpoint.Path.EndsWith("/dry-run")))
        {
            (status, body) = await Send(SecondTrainer, method, path, content);
            Assert.True(status == HttpStatusCode.OK, $"co-trainer {method} {path}: {(int)status} {body}");
        }
        using (var browser = await Browser(SecondTrainer))
        {
            var console = await browser.Html($"/exercises/{id}");
            Assert.Contains(TrainerNote, console);
            Assert.DoesNotContain("handler=AddCoTrainer", console);
            Assert.Contains($"/exercises/{id}\"", await browser.Html("/exercises"));
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(SecondTrainer, HttpMethod.Delete, $"{coTrainerNames}/{SecondTrainer}")).Status);

        (status, body) = await Send(Roles.Trainer, HttpMethod.Delete, $"{coTrainerNames}/{SecondTrainer}");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(SecondTrainer, HttpMethod.Post, $"/api/exercises/{id}/pause")).Status);
        (status, body) = await Send(SecondTrainer, HttpMethod.Get, $"/api/exercises/{id}");
        Assert.DoesNotContain(TrainerNote, body);
    }

    [Fact]
    public async Task The_trainer_chooses_co_trainers_on_the_console()
    {
        var (id, _) = await StartAsync();
        using var trainer = await Browser(Roles.Trainer);
        var console = await trainer.Html($"/exercises/{id}");
        Assert.Contains($"<option value=\"{SecondTrainer}\">", console);
        Assert.DoesNotContain($"<option value=\"{Roles.Viewer}-user\">", console);
        using var added = await trainer.PostForm($"/exercises/{id}", $"/exercises/{id}?handler=AddCoTrainer", new() { ["name"] = SecondTrainer });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using var coTrainer = await Browser(SecondTrainer);
        using var steered = await coTrainer.PostForm($"/exercises/{id}", $"/exercises/{id}?handler=Observe", new() { ["text"] = "Seen by the co-trainer" });
        Assert.Equal(HttpStatusCode.Redirect, steered.StatusCode);
        Assert.Contains("Seen by the co-trainer", await trainer.Html($"/exercises/{id}"));
    }
}
