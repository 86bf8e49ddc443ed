using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Crisis.Web.Api;
using Crisis.Web.Health;

namespace Crisis.Web;

/// <summary>Builds the web application; the tests build the same one on a free loopback port.</summary>
public static class CrisisApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name decides where MVC looks for pages: always this assembly, even when a test or benchmark hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(CrisisApp).Assembly.GetName().Name,
        });
        builder.Services.AddCrisis(builder.Configuration);
        builder.Services.AddCrisisApi();
        builder.Services.AddCrisisAuthentication();
        builder.Services.AddCrisisPages();
        builder.Services.AddCrisisHealth(builder.Configuration);
        Pages.Account.SignInRateLimits.AddSignInRateLimits(builder.Services, builder.Configuration);
        builder.Services.AddCrisisSecurityHeaders(builder.Configuration);
        builder.Services.AddAuthorization(options =>
        {
            foreach (var permission in Permissions.All)
            {
                options.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().RequireRole(Permissions.RolesWith(permission)));
            }
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseCrisisSecurityHeaders();
        app.UseWhen(IsApi, api => api.UseCrisisApi());
        app.UseWhen(context => !IsApi(context), pages =>
        {
            // A page that throws answers the status page for 500 (with the security headers), not an empty body.
            if (!app.Environment.IsDevelopment()) pages.UseExceptionHandler("/status/500");
            pages.UseStatusCodePagesWithReExecute("/status/{0}");
            pages.Use(HealthSetup.AnswerStorageFailures);
            pages.Use(Pages.UnreadableForms.Answer);
        });
        app.UseStaticFiles();
        // Routing after the status-code pages, so that a re-executed /status/{code} request is routed afresh.
        app.UseRouting();
        app.Use(Evidence.EvidenceUploadLimit.Apply);
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapHub<Live.IncidentHub>(Live.IncidentHub.Path);

        app.MapCrisisHealth();
        app.MapCrisisApi();
        return app;
    }

    /// <summary>
    /// Works out every endpoint once (the API's request and answer contracts included), as the server does again when
    /// it starts: run on the other core while the database is prepared, so that the server answers sooner.
    /// </summary>
    public static void WorkOutEndpoints(IEndpointRouteBuilder app)
    {
        foreach (var source in app.DataSources) _ = source.Endpoints;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(ApiSetup.Prefix);

    /// <summary>
    /// Takes the database for this server alone, creates it on first start and the first admin, printing a generated
    /// password exactly once, and makes sure the file can be written: a server that could store nothing does not start.
    /// </summary>
    public static void Prepare(IServiceProvider services, TextWriter output)
    {
        var database = services.GetRequiredService<Database>();
        HealthSetup.LockDatabase(services);
        Migrator.Migrate(database, services.GetRequiredService<TimeProvider>());
        database.EnsureWritable();
        PrepareTimelineAnchors(services.GetRequiredService<TimelineAnchors>(), output);
        var configuration = services.GetRequiredService<IConfiguration>();
        services.GetRequiredService<Core.Chat.ChatChannels>().UseConfigured(Chat.ChatConfiguration.Channels(configuration));
        var created = services.GetRequiredService<Accounts>().EnsureAdmin(configuration["CRISIS_ADMIN_PASSWORD"]);
        if (created is { } admin)
        {
            output.WriteLine(admin.GeneratedPassword is { } password
                ? $"Created the first account: user 'admin', password '{password}' (shown once; set CRISIS_ADMIN_PASSWORD to choose it)."
                : "Created the first account: user 'admin' with the password from CRISIS_ADMIN_PASSWORD.");
        }
    }

    /// <summary>
    /// Creates the signing key on first start and signs heads not anchored yet. A server without its anchors still
    /// serves the crisis: it says so in one line, and verification names the missing checkpoints.
    /// </summary>
    private static void PrepareTimelineAnchors(TimelineAnchors anchors, TextWriter output)
    {
        try
        {
            if (anchors.EnsureKey())
                output.WriteLine($"Created the timeline signing key {anchors.SigningKeyPath} (key {anchors.KeyFingerprint}); keep it, and a copy of {anchors.AnchorsPath}, apart from the database.");
            anchors.AnchorUnanchoredHeads();
        }
        catch (Exception exception) when (TimelineAnchors.IsUnavailable(exception))
        {
            output.WriteLine($"Timeline heads are not being signed: {exception.Message} (key {anchors.SigningKeyPath}, anchors {anchors.AnchorsPath}).");
        }
    }
}
