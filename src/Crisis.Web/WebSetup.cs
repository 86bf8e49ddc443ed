using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Crisis.Core.Accounts;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Crisis.Web;

/// <summary>Authentication and pages: cookies for people at a browser, bearer tokens for the API.</summary>
public static class WebSetup
{
    public const string SignInPath = "/signin";
    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-CN")];

    public static IServiceCollection AddCrisisAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication("crisis")
            .AddPolicyScheme("crisis", "Cookie for pages, bearer token for the API", options =>
                // /health too, for a monitor that sends an admin's token to read the reasons' details.
                options.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments("/api")
                    || (context.Request.Path.StartsWithSegments("/health") && context.Request.Headers.Authorization.Count > 0)
                    ? BearerTokenAuthentication.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = SignInPath;
                options.Cookie.Name = "crisis.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over HTTPS, directly or through a proxy named in Crisis:ForwardedHeaders.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = Pages.Account.CookieSessions.Validate;
                // A page the role may not see is a plain 403 page, not a redirect loop to sign-in.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthentication>(BearerTokenAuthentication.SchemeName, null);
        return services;
    }

    public static IServiceCollection AddCrisisPages(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<IStringLocalizer<SharedResource>, PageLocalizer>();
        // Chinese text goes out as text, not as numeric character references; HTML-special characters are still encoded.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddRazorPages(options =>
        {
            options.Conventions.ConfigureFilter(new Pages.UnboundQueryValues());
            options.Conventions.AuthorizeFolder("/", Permissions.Read);
            options.Conventions.AllowAnonymousToFolder("/Account");
            options.Conventions.AllowAnonymousToPage("/Status");
            options.Conventions.AuthorizePage("/Incidents/Open", Permissions.ManageIncidents);
            options.Conventions.AuthorizePage("/Incidents/ConfirmStatus", Permissions.ManageIncidents);
            options.Conventions.AuthorizePage("/Incidents/Chat", Permissions.ManageIncidents);
            options.Conventions.AuthorizePage("/Communications/New", Permissions.ActOnSteps);
            options.Conventions.AuthorizeFolder("/Admin", Permissions.ManageUsers);
            options.Conventions.AuthorizePage("/Admin/IntakeSources", Permissions.ManageCaseSettings);
            options.Conventions.AuthorizePage("/Admin/SignalRules", Permissions.ManageCaseSettings);
            options.Conventions.AuthorizeFolder("/People", Permissions.ManagePeople);
            options.Conventions.AuthorizePage("/Playbooks/Import", Permissions.ImportPlaybooks);
            options.Conventions.AuthorizePage("/Cases/New", Permissions.WorkCases);
            options.Conventions.AuthorizePage("/Cases/CaseSettings", Permissions.ManageCaseSettings);
            options.Conventions.AuthorizePage("/Cases/Import", Permissions.WorkCases);
            options.Conventions.AuthorizePage("/Risks/New", Permissions.ManageRisks);
            options.Conventions.AuthorizePage("/Risks/Edit", Permissions.ManageRisks);
            // The after-action page is not here: its report opens to every reader once the exercise ends (ExerciseAccess).
            options.Conventions.AuthorizePage("/Exercises/Index", Permissions.RunExercises);
            options.Conventions.AuthorizePage("/Exercises/Show", Permissions.RunExercises);
            options.Conventions.AuthorizePage("/Exercises/End", Permissions.RunExercises);
        })
        .AddMvcOptions(options =>
        {
            options.Filters.Add<Pages.DomainExceptionPageFilter>();
            options.Filters.Add<Pages.OneTimeFormFilter>();
        })
        .AddViewLocalization();
        services.AddSignalR();
        services.AddSingleton<Live.HubSessions>();
        services.AddSingleton<Live.LiveWatchers>();
        services.AddSingleton<Live.LiveFragments>();
        services.AddSingleton<Live.IncidentBroadcaster>();
        services.AddHostedService(provider => provider.GetRequiredService<Live.IncidentBroadcaster>());
        services.AddHostedService<Mail.OutboxWorker>();
        services.AddHttpClient(Chat.ChatWorker.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<Chat.ChatWorker>();
        services.AddHostedService<Exercises.ExerciseClockWorker>();
        services.AddHostedService<Cases.CaseClockWorker>();
        services.AddHostedService<FollowUps.FollowUpReminderWorker>();
        services.AddHostedService<StatusUpdates.StatusReminderWorker>();
        services.AddHostedService<Signals.EarlyWarningWorker>();
        return services;
    }
}
