using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Crisis.Web.Pages.Account;

/// <summary>
/// How many sign-in attempts one client address may post a minute (<c>Crisis:SignIn:AttemptsPerMinutePerAddress</c>).
/// Beyond it the sign-in form answers 429 until the minute is over. Together with the per-name waits of
/// <see cref="Core.Accounts.SignInDelays"/> this bounds password guessing without a lockout strangers could trigger.
/// </summary>
public sealed class SignInRateLimits
{
    public const string Section = "Crisis:SignIn";

    /// <summary>Generous enough for an office behind one address signing in at the start of a crisis.</summary>
    public int AttemptsPerMinutePerAddress { get; set; } = 30;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddSignInRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<SignInRateLimits>() ?? new SignInRateLimits();
        if (limits.AttemptsPerMinutePerAddress < 1)
            throw new InvalidOperationException($"{Section}:AttemptsPerMinutePerAddress must be at least 1, not {limits.AttemptsPerMinutePerAddress}");
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInAttempt(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AttemptsPerMinutePerAddress, Window = Window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
    }

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(WebSetup.SignInPath, StringComparison.OrdinalIgnoreCase);
}
