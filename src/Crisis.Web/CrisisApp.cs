using System.Text.Json.Serialization;
using Crisis.Core.Accounts;
using Crisis.Core.Storage;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Authentication;

namespace Crisis.Web;

/// <summary>Builds the web application; the tests build the same one on a free loopback port.</summary>
public static class CrisisApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddCrisis(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.Services.AddAuthentication(BearerTokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthentication>(BearerTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(options =>
        {
            foreach (var permission in Permissions.All)
            {
                options.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().RequireRole(Permissions.RolesWith(permission)));
            }
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", (Database database) =>
        {
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            return Results.Ok(new { status = "ok", migrations = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) });
        });
        var api = app.MapGroup("/api").WithProblemDetails();
        api.MapPlaybooksApi();
        api.MapIncidentsApi();
        api.MapPeopleApi();
        return app;
    }

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
