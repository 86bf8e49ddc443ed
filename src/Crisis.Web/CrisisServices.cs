using Crisis.Core.Accounts;
using Crisis.Core.Cases;
using Crisis.Core.Cases.Import;
using Crisis.Core.Chat;
using Crisis.Core.Communications;
using Crisis.Core.Evidence;
using Crisis.Core.Exercises;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.Insights;
using Crisis.Core.Intake;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Playbooks.Import;
using Crisis.Reports;
using Crisis.Core.Reviews;
using Crisis.Core.Risks;
using Crisis.Core.Signals;
using Crisis.Core.Storage;
using Microsoft.Extensions.Logging;

using Crisis.Core.StatusUpdates;

namespace Crisis.Web;

/// <summary>The one place that wires Crisis.Core into a container, shared by the web server and the CLI verbs.</summary>
public static class CrisisServices
{
    public static IServiceCollection AddCrisis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        // The host's logging where there is a host; elsewhere (the command line, tests) loggers that write nowhere.
        services.AddLogging();
        services.AddSingleton(_ => new Database(configuration.GetConnectionString("Crisis") ?? Database.DefaultConnectionString));
        services.AddSingleton(PlaybookParserOptions(configuration));
        services.AddSingleton(provider => new PlaybookLibrary(FindFolder(configuration["Crisis:Playbooks"], "playbooks"), provider.GetRequiredService<PlaybookParserOptions>()));
        services.AddSingleton(_ => ReadOwnerSynonyms(configuration));
        services.AddSingleton<Accounts>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<AccountNames>();
        services.AddSingleton(WorkingDays(configuration));
        services.AddSingleton<StepDeadlines>();
        services.AddSingleton<OpenIncident>();
        services.AddSingleton(provider => new TimelineAnchors(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>(),
            configuration.GetSection("Crisis:Timeline").Get<TimelineSettings>() ?? new TimelineSettings(), provider.GetService<ILogger<TimelineAnchors>>()));
        services.AddSingleton<IncidentChanges>();
        services.AddSingleton<SubmissionLedger>();
        services.AddSingleton(configuration.GetSection("Crisis:Evidence").Get<EvidenceSettings>() ?? new EvidenceSettings());
        services.AddSingleton<EvidenceFiles>();
        services.AddSingleton<EvidenceBook>();
        services.AddSingleton<Timeline>();
        services.AddSingleton<StepActions>();
        services.AddSingleton<IncidentLifecycle>();
        services.AddSingleton<KeyEvents>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<ImportedPlaybooks>();
        services.AddSingleton(_ => new TemplateLibrary(FindFolder(configuration["Crisis:Templates"], "templates")));
        services.AddSingleton(configuration.GetSection("Crisis:Brand").Get<BrandSettings>() ?? new BrandSettings());
        services.AddSingleton(configuration.GetSection("Crisis:Organisation").Get<OrganisationConfiguration>() ?? new OrganisationConfiguration());
        services.AddSingleton<OrganisationSettings>();
        services.AddSingleton<RegulatorDirectory>();
        services.AddSingleton<CaseClocks>();
        services.AddSingleton<CaseBook>();
        services.AddSingleton<IncidentCases>();
        services.AddSingleton<CaseSettings>();
        services.AddSingleton<CaseReminders>();
        services.AddSingleton<CaseImport>();
        services.AddSingleton<CaseImportUploads>();
        services.AddSingleton<SignalWake>();
        services.AddSingleton<SignalRules>();
        services.AddSingleton<EarlyWarning>();
        services.AddSingleton<SignalQueue>();
        services.AddSingleton<IncidentInsights>();
        services.AddSingleton<ExerciseInsights>();
        services.AddSingleton<IntakeSources>();
        services.AddSingleton<WebhookGate>();
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton(configuration.GetSection("Crisis:Smtp").Get<SmtpSettings>() ?? new SmtpSettings());
        services.AddSingleton<MailStatusQuery>();
        services.AddSingleton<FirstRunChecklist>();
        services.AddSingleton<Messages>();
        services.AddSingleton(configuration.GetSection("Crisis:Notifications").Get<NotificationSettings>() ?? new NotificationSettings());
        services.AddSingleton<Notifications>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<ChatChannels>();
        services.AddSingleton(configuration.GetSection("Crisis:StatusUpdates").Get<StatusUpdateSettings>() ?? new StatusUpdateSettings());
        services.AddSingleton<StatusUpdateBook>();
        services.AddSingleton<StatusSubscriptions>();
        services.AddSingleton<StatusReminders>();
        services.AddSingleton<ChatOutbox>();
        services.AddSingleton<SmtpDelivery>();
        services.AddSingleton<ImpactLog>();
        services.AddSingleton<PostIncidentReviews>();
        services.AddSingleton<FollowUpBook>();
        services.AddSingleton<FollowUpReminders>();
        services.AddSingleton<PlaybookChanges>();
        services.AddSingleton<IncidentReports>();
        services.AddSingleton<EvidenceBundles>();
        services.AddSingleton<ReadinessReports>();
        services.AddSingleton(provider => new ScenarioLibrary(
            Path.Combine(provider.GetRequiredService<PlaybookLibrary>().Folder, "exercises"), provider.GetRequiredService<PlaybookLibrary>(), provider.GetRequiredService<TemplateLibrary>()));
        services.AddSingleton<ScheduledInjects>();
        services.AddSingleton<ExerciseRuns>();
        services.AddSingleton<ExerciseImprovements>();
        services.AddSingleton<RiskReadinessCheck>();
        services.AddSingleton<RiskRegister>();
        services.AddSingleton(provider => new StarterRegister(Path.Combine(provider.GetRequiredService<PlaybookLibrary>().Folder, "risks")));
        return services;
    }

    /// <summary>How playbooks are read: <c>Crisis:Playbooks:MaxBytes</c> beside the folder <c>Crisis:Playbooks</c> names, and
    /// <c>Crisis:Import:GuidanceHeadings</c>, which when given replaces the default headings of reference material.</summary>
    public static PlaybookParserOptions PlaybookParserOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection("Crisis:Playbooks").Get<PlaybookParserOptions>() ?? Crisis.Core.Playbooks.PlaybookParserOptions.Default;
        var headings = configuration.GetSection("Crisis:Import:GuidanceHeadings").Get<string[]>();
        return headings is { Length: > 0 } ? options with { GuidanceHeadings = headings } : options;
    }

    /// <summary>The working days deadlines such as due:+2wd count: mainland China's, shipped with the product, unless
    /// <c>Crisis:WorkingDays:Calendar</c> names a file of the same format (another year's schedule, another region).
    /// A file that cannot be read stops the start with its name and line, rather than counting holidays as working days.</summary>
    public static WorkingDayCalendar WorkingDays(IConfiguration configuration) =>
        configuration["Crisis:WorkingDays:Calendar"] is { Length: > 0 } file
            ? WorkingDayCalendar.Parse(File.ReadAllText(file), file)
            : WorkingDayCalendar.ChinaMainland;

    /// <summary>The configured folder, else the nearest folder of that name above the working directory or the program.</summary>
    public static string FindFolder(string? configured, string name)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, name);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.GetFullPath(name);
    }

    /// <summary>
    /// The owner synonyms for imports: the defaults and, per role key, the phrases under <c>Crisis:Import:OwnerSynonyms</c>,
    /// as a list (<c>"legal": ["Data Protection Lead"]</c>) or one comma-separated value.
    /// </summary>
    public static OwnerSynonyms ReadOwnerSynonyms(IConfiguration configuration) =>
        OwnerSynonyms.WithExtra(configuration.GetSection("Crisis:Import:OwnerSynonyms").GetChildren().Select(role =>
            KeyValuePair.Create(role.Key, (IReadOnlyList<string>)(role.Value is { } value
                ? Core.Text.TypedLists.Items(value)
                : role.GetChildren().Select(child => child.Value ?? "").ToArray()))));

    public static IConfiguration ReadConfiguration(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray())
        .Build();
}
