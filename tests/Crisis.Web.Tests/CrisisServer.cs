using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.People;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;

namespace Crisis.Web.Tests;

/// <summary>The real app on Kestrel at a free loopback port, with its own SQLite file, the shipped playbooks and a fake clock.</summary>
public class CrisisServer : IAsyncLifetime
{
    private WebApplication _app = null!;
    private readonly Dictionary<string, string> _tokens = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("crisis-web-").FullName;
    public FakeTimeProvider Time => _time ??= new FakeTimeProvider(StartsAt);
    private FakeTimeProvider? _time;

    /// <summary>The test clock's first reading.</summary>
    protected virtual DateTimeOffset StartsAt => new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public Uri Address { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;

    /// <summary>One of the running app's services, as the pages and the API get it.</summary>
    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
    public Person Quality { get; private set; } = null!;
    public Person Comms { get; private set; } = null!;

    public const string AdminPassword = "tangerine-harbour-47";

    public static string RepositoryFolder { get; } = FindRepository();

    public string PlaybookFolder => Path.Combine(Folder, "playbooks");

    /// <summary>More configuration for a derived fixture, as --Key=value arguments.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>More services for a derived fixture, added after the test clock.</summary>
    protected virtual void ConfigureHost(WebApplicationBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(PlaybookFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFolder, "playbooks"), "*.md", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(PlaybookFolder, Path.GetRelativePath(Path.Combine(RepositoryFolder, "playbooks"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        _app = CrisisApp.Build(
            ["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Crisis=Data Source={Path.Combine(Folder, "crisis.db")}",
             $"--Crisis:Playbooks={PlaybookFolder}", $"--CRISIS_ADMIN_PASSWORD={AdminPassword}",
             // The shared test server signs in hundreds of times from one address; SignInTests checks the limit on a server of its own.
             "--Crisis:SignIn:AttemptsPerMinutePerAddress=100000", .. ExtraArguments],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<TimeProvider>(Time);
                ConfigureHost(builder);
            });
        CrisisApp.Prepare(_app.Services, TextWriter.Null);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var accounts = _app.Services.GetRequiredService<Accounts>();
        _tokens[Roles.Admin] = accounts.CreateToken("admin");
        foreach (var role in Roles.All.Where(r => r != Roles.Admin))
        {
            accounts.AddUser($"{role}-user", role, "a long password", $"{role}@example.com");
            _tokens[role] = accounts.CreateToken($"{role}-user");
        }
        var people = _app.Services.GetRequiredService<PeopleDirectory>();
        Quality = people.Add(new NewPerson("Zhang Min", "responder@example.com", null, ["quality"]));
        Comms = people.Add(new NewPerson("Sophie Martin", "sophie@example.com", null, ["comms"]));
    }

    public virtual async Task DisposeAsync()
    {
        await _app.DisposeAsync(); // the container disposes the database, closing its connections
        await DeleteFolder(Folder);
    }

    /// <summary>
    /// Removes a test's temporary folder. A file a stopping server's last write creates as the folder is walked makes
    /// the delete fail with "directory not empty" (seen once in CI, failing the run after every test had passed), so
    /// it is tried again; a folder that still resists is left in the temporary directory.
    /// </summary>
    public static async Task DeleteFolder(string folder)
    {
        for (var attempt = 1; Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    /// <summary>An HTTP client signed in with the API token of a user holding <paramref name="role"/>; null for no token.</summary>
    public HttpClient Client(string? role) => ClientWithToken(role is null ? null : _tokens[role]);

    /// <summary>An HTTP client sending <paramref name="token"/> as its bearer token; null for none.</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> OpenRecallAsync(int severity = 1)
    {
        using var response = await Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "Cracked bottles", severity });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Logs a complaint case as an agent would, its customer's phone and address given; returns its id.</summary>
    public long LogCase(Core.Cases.NewCase? complaint = null) => Service<Core.Cases.CaseBook>().Log(complaint ?? new Core.Cases.NewCase
    {
        Channel = Core.Cases.CaseChannels.Tmall, Category = Core.Cases.CaseCategories.Safety, Summary = "Bottle cracked along the base after sterilising",
        Sku = "AB-260", Batch = "2611", CustomerRef = "tb_mama_88", CustomerPhone = "138 0013 5678", CustomerAddress = "广东省广州市天河区体育西路 1 号",
    }, Core.Cases.CaseSources.Form, new Core.Incidents.Actor("agent-user", Roles.Agent)).Id;

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Crisis.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("Crisis.sln not found above the test output");
    }
}

[CollectionDefinition(nameof(CrisisServer))]
public sealed class CrisisServerCollection : ICollectionFixture<CrisisServer>;
