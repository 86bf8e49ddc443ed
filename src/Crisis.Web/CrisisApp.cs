using Crisis.Core.Accounts;
using Crisis.Core.Storage;
using Crisis.Web.Api;

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
        });
        app.UseStaticFiles();
        // Routing after the status-code pages, so that a re-executed /status/{code} request is routed afresh.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapHub<Live.IncidentHub>(Live.IncidentHub.Path);

        app.MapGet("/health", (Database database) =>
        {
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            return Results.Ok(new { status = "ok", migrations = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) });
        });
        app.MapCrisisApi();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(ApiSetup.Prefix);

    /// <summary>Creates the database on first start and the first admin, printing a generated password exactly once.</summary>
    public static void Prepare(IServiceProvider services, TextWriter output)
    {
        var database = services.GetRequiredService<Database>();
        Migrator.Migrate(database, services.GetRequiredService<TimeProvider>());
        var configuration = services.GetRequiredService<IConfiguration>();
        var created = services.GetRequiredService<Accounts>().EnsureAdmin(configuration["CRISIS_ADMIN_PASSWORD"]);
        if (created is { } admin)
        {
            output.WriteLine(admin.GeneratedPassword is { } password
                ? $"Created the first account: user 'admin', password '{password}' (shown once; set CRISIS_ADMIN_PASSWORD to choose it)."
                : "Created the first account: user 'admin' with the password from CRISIS_ADMIN_PASSWORD.");
        }
    }
}
