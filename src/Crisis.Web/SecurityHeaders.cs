using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Crisis.Web;

/// <summary>
/// What every answer says to the browser about itself (a strict content security policy, no sniffing, no referrer
/// outside the site, no framing), HSTS under HTTPS, cookies marked Secure when the request came over HTTPS, and the
/// forwarded headers that let a TLS proxy's requests be seen as HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public const string ForwardedHeadersSection = "Crisis:ForwardedHeaders";

    /// <summary>
    /// Scripts, styles and images come only from this site, and no inline script, handler or style attribute runs. Live
    /// updates connect back to the same host (ws:/wss: are named for browsers whose 'self' does not cover them).
    /// </summary>
    public static string ContentSecurityPolicy(HostString host) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + $"connect-src 'self' ws://{host.ToUriComponent()} wss://{host.ToUriComponent()}; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddCrisisSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options => ConfigureForwardedHeaders(options, configuration.GetSection(ForwardedHeadersSection)));
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.AddAntiforgery(options =>
        {
            // Every answer already says DENY (below); the antiforgery default would say SAMEORIGIN, and only sometimes.
            options.SuppressXFrameOptionsHeader = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    /// <summary>First in the pipeline, so that every answer (pages, API, static files, status pages, errors) carries the headers.</summary>
    public static void UseCrisisSecurityHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>($"{ForwardedHeadersSection}:Enabled")) app.UseForwardedHeaders();
        // Headers are added as the answer starts: an exception handler that clears the answer before writing its own keeps them.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                AddHeaders(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (!app.Environment.IsDevelopment()) app.UseHsts();
    }

    private static void AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        // An answer that set a stricter policy of its own (an evidence file's sandbox) keeps it.
        if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies named in KnownProxies (addresses) and
    /// KnownNetworks (CIDR ranges), each a list or one comma-separated string; with neither, only a proxy on this machine.
    /// </summary>
    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        var proxies = Values(section.GetSection("KnownProxies")).Select(IPAddress.Parse).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(System.Net.IPNetwork.Parse).ToList();
        if (proxies.Count == 0 && networks.Count == 0) return;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        proxies.ForEach(options.KnownProxies.Add);
        networks.ForEach(options.KnownIPNetworks.Add);
    }

    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } list ? list.Split(',') : section.GetChildren().Select(child => child.Value ?? ""))
            .Select(value => value.Trim())
            .Where(value => value.Length > 0);
}
