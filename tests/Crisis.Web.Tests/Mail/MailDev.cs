using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crisis.Web.Tests.Mail;

/// <summary>A real SMTP server for the tests: npm's maildev (installed into .tools/ by ./test.sh), read back through its HTTP API.</summary>
public sealed class MailDev : IAsyncDisposable
{
    private Process? _process;
    private readonly HttpClient _api;

    public MailDev()
    {
        SmtpPort = LocalServer.FreePort();
        WebPort = LocalServer.FreePort();
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}") };
    }

    public int SmtpPort { get; }
    public int WebPort { get; }

    public static string Executable { get; } = Path.Combine(CrisisServer.RepositoryFolder, ".tools", "node_modules", ".bin", "maildev");

    public async Task StartAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: ./test.sh installs maildev there");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--smtp", SmtpPort.ToString(), "--web", WebPort.ToString(), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        await LocalServer.WaitUntilAnswering(_api, "/email", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), "maildev");
    }

    /// <summary>Takes the SMTP server away, as when the mail relay goes down.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task<IReadOnlyList<JsonElement>> EmailsAsync() =>
        (await _api.GetFromJsonAsync<JsonElement>("/email")).EnumerateArray().ToList();

    /// <summary>Waits until exactly as many emails as expected match, then a little longer to catch any extra one.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForEmailsAsync(Func<JsonElement, bool> match, int expected)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await EmailsAsync()).Count(match) >= expected) break;
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // three more worker polls
        return (await EmailsAsync()).Where(match).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _api.Dispose();
    }
}

/// <summary>The app configured to send through maildev, with a brand of its own.</summary>
public sealed class MailServer : CrisisServer
{
    public MailDev MailDev { get; } = new();

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Crisis:Smtp:Host=127.0.0.1", $"--Crisis:Smtp:Port={MailDev.SmtpPort}", "--Crisis:Smtp:TlsMode=none",
        "--Crisis:Smtp:From=Aurora Baby <care@aurora.example>",
        "--Crisis:Brand:Name=Aurora Baby", "--Crisis:Brand:Website=https://aurora.example", "--Crisis:Brand:Hotline=400-820-0000",
        "--Crisis:Brand:Email=care@aurora.example", $"--Crisis:Templates={Path.Combine(RepositoryFolder, "templates")}",
        "--Crisis:Notifications:PublicUrl=https://crisis.aurora.example",
    ];

    public override async Task InitializeAsync()
    {
        await MailDev.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await MailDev.DisposeAsync();
    }
}

[CollectionDefinition(nameof(MailServer))]
public sealed class MailServerCollection : ICollectionFixture<MailServer>;
