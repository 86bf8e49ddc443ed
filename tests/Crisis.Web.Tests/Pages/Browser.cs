using System.Net;
using System.Text.RegularExpressions;

namespace Crisis.Web.Tests.Pages;

/// <summary>A cookie-keeping HTTP client that signs in through the real form and posts forms with their antiforgery token.</summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();

    public Browser(Uri address, string? acceptLanguage = "en")
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        if (acceptLanguage is not null) _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
    }

    public static Task<Browser> SignedInAs(CrisisServer server, string role, string? acceptLanguage = "en") =>
        role == Core.Accounts.Roles.Admin
            ? SignedInAsUser(server, "admin", CrisisServer.AdminPassword, acceptLanguage)
            : SignedInAsUser(server, $"{role}-user", "a long password", acceptLanguage);

    public static async Task<Browser> SignedInAsUser(CrisisServer server, string user, string password, string? acceptLanguage = "en")
    {
        var browser = new Browser(server.Address, acceptLanguage);
        using var response = await browser.PostForm("/signin", "/signin", new() { ["UserName"] = user, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>A second browser holding copies of this one's cookies, as a stolen or replayed cookie would be.</summary>
    public Browser WithCopiedCookies()
    {
        var copy = new Browser(_http.BaseAddress!);
        foreach (Cookie cookie in _cookies.GetAllCookies()) copy._cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        return copy;
    }

    public Task<HttpResponseMessage> Get(string path) => _http.GetAsync(path);

    /// <summary>The cookies this browser sends to the server, as a Cookie header: for a WebSocket opened beside it.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(_http.BaseAddress!);

    public async Task<string> Html(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostForm(string formPage, string action, Dictionary<string, string> fields) =>
        await PostWithToken(await FormToken(formPage), action, fields);

    /// <summary>The antiforgery token of the form on <paramref name="formPage"/>, to post with later.</summary>
    public async Task<string> FormToken(string formPage)
    {
        var token = AntiforgeryToken().Match(await Html(formPage));
        Assert.True(token.Success, $"no antiforgery token on {formPage}");
        return token.Groups[1].Value;
    }

    public Task<HttpResponseMessage> PostWithToken(string token, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = token;
        return _http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a multipart form (a file upload) with the antiforgery token of <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostMultipart(string formPage, string action, MultipartFormDataContent form)
    {
        form.Add(new StringContent(await FormToken(formPage)), "__RequestVerificationToken");
        return await _http.PostAsync(action, form);
    }

    public Task<HttpResponseMessage> PostWithoutToken(string action, Dictionary<string, string> fields) =>
        _http.PostAsync(action, new FormUrlEncodedContent(fields));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
