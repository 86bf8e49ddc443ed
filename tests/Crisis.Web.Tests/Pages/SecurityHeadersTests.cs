using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Crisis.Core.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Crisis.Web.Tests.Pages;

/// <summary>The server behind a TLS proxy on 127.0.0.1, trusted through Crisis:ForwardedHeaders; /test/throw fails as a bug would.</summary>
public sealed class ProxiedCrisisServer : CrisisServer
{
    public const string ThrowingPath = "/test/throw";

    protected override IEnumerable<string> ExtraArguments =>
        ["--Crisis:ForwardedHeaders:Enabled=true", "--Crisis:ForwardedHeaders:KnownProxies=127.0.0.1"];

    protected override void ConfigureHost(WebApplicationBuilder builder) =>
        builder.Services.AddTransient<IStartupFilter, ThrowingPathFilter>();

    /// <summary>A path no page or endpoint answers, placed after the whole pipeline, that throws as an unexpected bug would.</summary>
    private sealed class ThrowingPathFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(ThrowingPath, failing => failing.Run(_ => throw new InvalidOperationException("a bug")));
        };
    }
}

/// <summary>Every answer carries a strict content security policy and the other browser protections; cookies are
/// Secure when the request came over HTTPS, also through a proxy named in Crisis:ForwardedHeaders, and only then.</summary>
public partial class SecurityHeadersTests(ProxiedCrisisServer server) : IClassFixture<ProxiedCrisisServer>
{
    public static TheoryData<string, string?, int> Answers => new()
    {
        { "/signin", null, 200 },
        { "/", Roles.Viewer, 200 },
        { "/playbooks/product-recall", Roles.Viewer, 200 },
        { "/admin/users", Roles.Viewer, 403 },
        { "/api/incidents", Roles.Viewer, 200 },
        { "/api/incidents", null, 401 },
        { "/api/incidents/NO-SUCH-KEY", Roles.Viewer, 404 },
        { "/css/site.css", null, 200 },
        { "/js/live.js", null, 200 },
        { "/no/such/page", null, 404 },
        { "/health", null, 200 },
        { ProxiedCrisisServer.ThrowingPath, null, 500 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_carries_the_security_headers(string path, string? role, int status)
    {
        using var client = server.Client(role);
        using var browser = role is null ? null : await Browser.SignedInAs(server, role);
        using var response = await (browser is not null && !path.StartsWith("/api/", StringComparison.Ordinal) ? browser.Get(path) : client.GetAsync(path));

        Assert.Equal(status, (int)response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self';", "style-src 'self';", "img-src 'self' data:",
                     "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'" })
        {
            Assert.Contains(directive, policy);
        }
        Assert.Contains($"ws://{server.Address.Authority}", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task A_page_that_throws_answers_the_error_page_not_an_empty_body()
    {
        using var response = await server.Client(null).GetAsync(ProxiedCrisisServer.ThrowingPath);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Admin, "/admin/chat", "/admin/chat?handler=Add", "name")]
    [InlineData(Roles.Commander, "/settings", "/settings", "timeZone")]
    public async Task A_form_value_with_a_null_character_answers_400_with_the_status_page_not_a_failing_error_page(string role, string page, string action, string field)
    {
        using var browser = await Browser.SignedInAs(server, role);
        using var response = await browser.PostForm(page, action, new() { [field] = "team\0channel" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form could not be read", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Through_the_trusted_proxy_over_https_the_auth_and_antiforgery_cookies_are_secure_and_hsts_is_sent()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };

        var (signIn, cookies) = await SignIn(client, forwardedProto: "https");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Cookie(signIn, "crisis.auth");
        Assert.Contains("secure", auth);
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
        var antiforgery = Assert.Single(cookies, cookie => cookie.StartsWith(".aspnetcore.antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery);
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);

        using var hsts = new HttpRequestMessage(HttpMethod.Get, "/signin");
        hsts.Headers.Host = "crisis.example.org";
        hsts.Headers.Add("X-Forwarded-Proto", "https");
        using var answer = await client.SendAsync(hsts);
        Assert.StartsWith("max-age=", Header(answer, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_plain_http_or_from_a_proxy_not_named_the_cookies_are_not_secure()
    {
        using var direct = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var (plain, _) = await SignIn(direct, forwardedProto: null);
        Assert.DoesNotContain("secure", Cookie(plain, "crisis.auth"));

        // The same header from 127.0.0.2, which Crisis:ForwardedHeaders does not name, is not believed.
        using var stranger = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, ConnectCallback = FromSecondLoopbackAddress })
        {
            BaseAddress = server.Address,
        };
        var (spoofed, _) = await SignIn(stranger, forwardedProto: "https");
        Assert.DoesNotContain("secure", Cookie(spoofed, "crisis.auth"));
    }

    private static async ValueTask<Stream> FromSecondLoopbackAddress(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancel);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Signs in as the viewer through the form, sending X-Forwarded-Proto on both requests when given; the
    /// sign-in answer and every Set-Cookie seen, lower-cased.</summary>
    private static async Task<(HttpResponseMessage SignIn, List<string> Cookies)> SignIn(HttpClient client, string? forwardedProto)
    {
        using var form = new HttpRequestMessage(HttpMethod.Get, "/signin");
        if (forwardedProto is not null) form.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var formAnswer = await client.SendAsync(form);
        var cookies = SetCookies(formAnswer).ToList();
        var token = AntiforgeryToken().Match(await formAnswer.Content.ReadAsStringAsync()).Groups[1].Value;

        var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = $"{Roles.Viewer}-user", ["Password"] = "a long password", ["__RequestVerificationToken"] = token,
            }),
        };
        if (forwardedProto is not null) post.Headers.Add("X-Forwarded-Proto", forwardedProto);
        post.Headers.Add("Cookie", string.Join("; ", formAnswer.Headers.GetValues("Set-Cookie").Select(cookie => cookie.Split(';')[0])));
        var answer = await client.SendAsync(post);
        cookies.AddRange(SetCookies(answer));
        return (answer, cookies);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(value => value.ToLowerInvariant()) : [];

    private static string Cookie(HttpResponseMessage response, string name) =>
        Assert.Single(SetCookies(response), cookie => cookie.StartsWith(name + "=", StringComparison.Ordinal));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: no {name} header");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
