using Crisis.Core.Storage;

namespace Crisis.Web.Health;

/// <summary>Keeping the server up and saying how it is: worker health, <c>/health</c>, storage failures as 503, one server per file.</summary>
public static class HealthSetup
{
    public static IServiceCollection AddCrisisHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<WorkerHealth>();
        services.AddSingleton(configuration.GetSection("Crisis:Health").Get<HealthSettings>() ?? new HealthSettings());
        services.AddSingleton<ServerHealth>();
        services.AddSingleton<ServerLock>();
        // Only a second line of defence: every worker catches, logs and retries its own failures (WorkerLoop).
        services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        return services;
    }

    /// <summary>
    /// Anyone (a load balancer, a monitor) reads the status and each reason's code and since; only an admin, signed in or
    /// with an API token, reads the details, which name channels, addresses, files and the answers of other systems.
    /// </summary>
    public static void MapCrisisHealth(this WebApplication app) =>
        app.MapGet("/health", (ServerHealth health, System.Security.Claims.ClaimsPrincipal user) =>
        {
            var report = health.Check();
            return Results.Ok(user.Can(Core.Accounts.Permissions.ManageUsers)
                ? report
                : report with { Reasons = [.. report.Reasons.Select(reason => reason with { Detail = null })], Writes = null });
        }).AllowAnonymous();

    /// <summary>
    /// For pages: a write that the disk or the file refused (full, read-only, no permission) answers 503, and the status
    /// page says that changes cannot be saved while reads still work, instead of a 500.
    /// </summary>
    public static async Task AnswerStorageFailures(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && context.RequestServices.GetRequiredService<Database>().Health.Failed(exception))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HealthSetup))
                .LogError("{Method} {Path} could not be saved: {Error}", context.Request.Method, context.Request.Path, exception.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
    }

    /// <summary>Takes the database for this server alone, then records where it listens once it does.</summary>
    public static void LockDatabase(IServiceProvider services)
    {
        var serverLock = services.GetRequiredService<ServerLock>();
        serverLock.Acquire();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            serverLock.DescribeOwner(addresses);
        });
    }
}
