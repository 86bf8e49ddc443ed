using Crisis.Web.Tests;
using Crisis.Web.Tests.Mail;
using Microsoft.Playwright;

namespace Crisis.E2E.Tests;

/// <summary>The real app sending through maildev (as in Crisis.Web.Tests) and Debian's Chromium driven by Playwright; screenshots go to screenshots/.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public MailServer Server { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>One of the app's services, to set a scene or check the outcome behind the browser's back.</summary>
    public T Service<T>() where T : notnull => Server.Service<T>();

    /// <summary>Where a step stands in the database ("todo", "done"), whatever the page shows.</summary>
    public string StepStatus(string key, string stepId) => Service<Crisis.Core.Incidents.IncidentQueries>().Get(key).AllSteps.Single(step => step.Id == stepId).Status;

    public static string ScreenshotFolder { get; } = Path.Combine(CrisisServer.RepositoryFolder, "tests", "Crisis.E2E.Tests", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: ./test.sh installs Debian's chromium package");
        await Server.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in CI needs --no-sandbox; the rest keep Chromium off a network it cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies), signed in, on the page signing in leads to (the dashboard).</summary>
    public Task<IPage> SignedInPage(string user, string password, BrowserNewContextOptions? options = null) =>
        SignedInPage(Server, user, password, options);

    /// <summary>
    /// The same on another server: one of a test's own, where what it changes cannot reach other tests. A user signs in
    /// through the form once per server; later contexts are given that sign-in's cookies and open the dashboard, where
    /// the form would have sent them (a session ended since, by a new security stamp, signs in through the form again).
    /// </summary>
    public async Task<IPage> SignedInPage(CrisisServer server, string user, string password, BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new() { Locale = "en-GB", ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        if (_sessions.TryGetValue((server, user), out var cookies))
        {
            await context.AddCookiesAsync(cookies);
            await page.GotoAsync(new Uri(server.Address, "/").ToString());
            if (!new Uri(page.Url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal))
            {
                await SignedInPageLoaded(page);
                return page;
            }
            await context.ClearCookiesAsync();
        }
        await page.GotoAsync(new Uri(server.Address, "/signin").ToString());
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("form:not(.inline) button[type=submit]");
        await SignedInPageLoaded(page);
        _sessions[(server, user)] = [.. (await context.CookiesAsync()).Select(cookie => new Cookie
        {
            Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, Expires = cookie.Expires,
            HttpOnly = cookie.HttpOnly, Secure = cookie.Secure, SameSite = cookie.SameSite,
        })];
        return page;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(CrisisServer Server, string User), Cookie[]> _sessions = new();

    /// <summary>
    /// Signed in: the page shows the main navigation, which only signed-in users get, and has loaded. Both are polled in
    /// the page rather than awaited as load events: once the redirect had committed, waiting for "load" could miss the
    /// event the browser had just sent (a slow machine widens that gap) and time out although the page was long loaded
    /// ("NetworkIdle event fired" in the log). Never wait for the network to go idle: live pages keep a SignalR
    /// connection open.
    /// </summary>
    private static async Task SignedInPageLoaded(IPage page)
    {
        await page.Locator(".top-bar nav").WaitForAsync(new() { State = WaitForSelectorState.Attached }); // folded under "Menu" on a phone
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    public string Url(string path) => new Uri(Server.Address, path).ToString();

    /// <summary>A 390 px phone, touch and all, reading <paramref name="language"/>.</summary>
    public static BrowserNewContextOptions Phone(string language) =>
        new() { Locale = language, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };

    public static BrowserNewContextOptions Desktop(string language) => new() { Locale = language, ViewportSize = new() { Width = 1280, Height = 900 } };

    /// <summary>
    /// The page fits its screen without scrolling sideways. On a phone (IsMobile) Chromium widens the layout viewport
    /// to whatever overflows and zooms out, so scrollWidth equals innerWidth even then: innerWidth must still be the
    /// screen's width (390 px on a phone). The failure names the elements that stick out.
    /// </summary>
    public static async Task AssertFitsTheScreen(IPage page)
    {
        var screen = page.ViewportSize!.Width;
        var fit = await page.EvaluateAsync<int[]>("() => [window.innerWidth, document.documentElement.scrollWidth]");
        if (fit[0] == screen && fit[1] <= screen) return;
        var widest = await page.EvaluateAsync<string>(
            """
            width => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 0.5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/\s+/g, '.') : '')
                    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
                .slice(0, 8).join(', ')
            """, screen);
        Assert.Fail($"{page.Url} is {Math.Max(fit[0], fit[1])}px wide on a {screen}px screen: {widest}");
    }

    /// <summary>
    /// Whether the tests photograph pages into screenshots/ for people to look at: <c>CRISIS_SCREENSHOTS=1</c>. Drawing
    /// whole pages (phones at twice the pixels) and encoding them is most of the browser's work, so a run that only checks
    /// skips it; what the tests assert does not depend on it.
    /// </summary>
    public static bool TakesScreenshots { get; } = Environment.GetEnvironmentVariable("CRISIS_SCREENSHOTS") == "1";

    /// <summary>The whole page, as screenshots/<paramref name="name"/>.png.</summary>
    public static Task Screenshot(IPage page, string name) =>
        TakesScreenshots ? page.ScreenshotAsync(new() { Path = PathOf(name), FullPage = true }) : Task.CompletedTask;

    /// <summary>What the screen shows now, as screenshots/<paramref name="name"/>.png.</summary>
    public static Task ScreenshotOfView(IPage page, string name) =>
        TakesScreenshots ? page.ScreenshotAsync(new() { Path = PathOf(name) }) : Task.CompletedTask;

    /// <summary>One element, as screenshots/<paramref name="name"/>.png.</summary>
    public static Task Screenshot(ILocator element, string name) =>
        TakesScreenshots ? element.ScreenshotAsync(new() { Path = PathOf(name) }) : Task.CompletedTask;

    private static string PathOf(string name) => Path.Combine(ScreenshotFolder, name + ".png");

    /// <summary>A 1280 px desktop or a 390 px touch phone reading <paramref name="language"/>.</summary>
    public static BrowserNewContextOptions DesktopOrPhone(string language, bool phone) => phone
        ? new() { Locale = language, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true }
        : new() { Locale = language, ViewportSize = new() { Width = 1280, Height = 900 } };

    /// <summary>Screenshots of <paramref name="url"/> on the desktop and the phone, named name-desktop and name-phone; the phone never scrolls sideways.</summary>
    public static async Task ScreenshotBoth(IPage desktop, IPage phone, string url, string name)
    {
        await desktop.GotoAsync(url);
        await Screenshot(desktop, $"{name}-desktop");
        await phone.GotoAsync(url);
        await AssertFitsTheScreen(phone);
        await Screenshot(phone, $"{name}-phone");
    }
}

[CollectionDefinition(nameof(BrowserFixture))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
