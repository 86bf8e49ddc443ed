using System.Text.Encodings.Web;
using System.Text.Json;
using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Cases.Import;
using Crisis.Core.Communications;
using Crisis.Core.Exercises;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Playbooks.Import;
using Crisis.Reports;
using Crisis.Core.Storage;
using Crisis.Core.Text;

namespace Crisis.Web.Cli;

/// <summary>The verbs of the <c>crisis</c> executable. Exit codes: 0 success, 1 the check failed, 2 bad usage.</summary>
public static class CrisisCli
{
    public const string Usage =
        """
        usage: crisis [serve] [--urls URL]           run the web server (the default)
               crisis lint [--json] [--lang en|zh-CN] PATH...   check playbooks and templates (files or folders)
               crisis import FILE [--out PATH] [--category C] [--lang en|zh-CN]   convert a Markdown document to a native playbook
               crisis cases import FILE --source NAME [--mapping FILE.json] [--lang en|zh-CN]   import a CSV or XLSX export of complaints
               crisis users add NAME --role ROLE [--email E] --password-stdin
               crisis users password NAME --password-stdin   set a new password; ends the user's sessions
               crisis users disable NAME             no more sign-in, sessions or API tokens for the user
               crisis tokens create USER [--expires 30|90|365|never]   create an API token (printed on the last line); never by default
               crisis people add NAME [--email E] [--phone P] [--roles a,b]
               crisis verify-timeline KEY            check an incident's timeline: hash chain, signed heads, step rows, evidence files
               crisis export-evidence KEY -o FILE [--lang en|zh-CN]   the evidence bundle: every file, the timeline, hashes, the signed head
               crisis verify-evidence PATH [--key FINGERPRINT]   check an evidence bundle (zip or folder) without the database; --key: the signing key the company gave you
               crisis export-pdf KEY --kind review|checklist|after-action -o FILE [--lang en|zh-CN] [--paper A4|Letter]
               crisis export-pdf --kind readiness [--from yyyy-MM-dd] [--to yyyy-MM-dd] -o FILE [--lang en|zh-CN] [--paper A4|Letter]
                                                     the quarterly readiness report (the quarter to date by default)
               crisis backup FILE                    consistent copy of the live database
               crisis seed-demo                      a demo team, a recall in progress, fifteen months of past crises, drills and complaints
        roles: admin, commander, responder, viewer, trainer, agent (customer service)
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var verb = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? "serve" : args[0];
        var rest = args.Length == 0 || verb != args[0] ? args : args[1..];
        try
        {
            return verb switch
            {
                "serve" => await Serve(rest, output, error),
                "lint" => Lint(rest, output, error),
                "import" when rest is [var file, ..] && !file.StartsWith('-') => Import(file, new Options(rest[1..]), output, error),
                "cases" when rest is ["import", var file, ..] && !file.StartsWith('-') => ImportCases(file, new Options(rest[2..]), output),
                "users" when rest is ["add", var name, ..] => AddUser(name, new Options(rest[2..]), input, output),
                "users" when rest is ["password", var name, ..] => SetPassword(name, new Options(rest[2..]), input, output),
                "users" when rest is ["disable", var name] => DisableUser(name, output),
                "tokens" when rest is ["create", var user, ..] => CreateToken(user, new Options(rest[2..]), output),
                "people" when rest is ["add", var name, ..] => AddPerson(name, new Options(rest[2..]), output),
                "verify-timeline" when rest is [var key] => VerifyTimeline(key, output),
                "export-evidence" when rest is [var key, ..] && !key.StartsWith('-') => ExportEvidence(key, new Options(rest[1..]), output),
                "verify-evidence" when rest is [var path, ..] && !path.StartsWith('-') => VerifyEvidence(path, new Options(rest[1..]).Value("--key"), output),
                "export-pdf" when rest is [var key, ..] && !key.StartsWith('-') => ExportPdf(key, new Options(rest[1..]), output),
                "export-pdf" when new Options(rest).Value("--kind") == ReadinessKind => ExportReadiness(new Options(rest), output),
                "backup" when rest is [var file] => Backup(file, output),
                "seed-demo" when rest.Length == 0 => SeedDemo(output),
                "help" or "--help" or "-h" => Help(output, 0),
                _ => Help(error, 2),
            };
        }
        catch (Exception exception) when (exception is DomainException or UsageException or IOException or Pdf.Text.MissingFontException)
        {
            await error.WriteLineAsync($"crisis {verb}: {exception.Message}");
            return exception is UsageException ? 2 : 1;
        }
        catch (Exception exception) when (StorageFailure.Of(exception) is { } storage)
        {
            // A full disk, a read-only file or one that cannot be opened: the operator's to fix, not a crash to report.
            await error.WriteLineAsync($"crisis {verb}: cannot use the database {ConfiguredDatabaseFile()}: {storage.Reason} ({exception.Message})");
            return 1;
        }
    }

    /// <summary>The database file the verbs use, as the server would name it.</summary>
    private static string ConfiguredDatabaseFile() => DatabaseFilePath.Of(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
        CrisisServices.ReadConfiguration([]).GetConnectionString("Crisis") ?? Database.DefaultConnectionString).DataSource);

    private static int Help(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }

    private static async Task<int> Serve(string[] args, TextWriter output, TextWriter error)
    {
        await using var app = CrisisApp.Build(args);
        var endpoints = Task.Run(() => CrisisApp.WorkOutEndpoints(app));
        try
        {
            CrisisApp.Prepare(app.Services, output);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            // One line that names the file and the cause, not a stack trace or a cancelled host further on.
            var database = app.Services.GetRequiredService<Database>();
            var cause = StorageFailure.Of(exception) is { } storage ? $"{storage.Reason} ({exception.Message})" : exception.Message;
            await error.WriteLineAsync($"crisis serve: cannot use the database {database.FilePath}: {cause}");
            return 1;
        }
        finally
        {
            // Not disposed under the endpoints while they are worked out; a failed start says only why it failed.
            await endpoints.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await endpoints;
        await app.RunAsync();
        return 0;
    }

    /// <summary>Files or folders; a folder named "templates", or a file inside one, holds templates, anything else playbooks.
    /// Playbooks' tpl: ids are checked against the linted templates, else against the nearest templates/ folder.</summary>
    private static int Lint(string[] args, TextWriter output, TextWriter error)
    {
        var json = args.Contains("--json");
        var culture = System.Globalization.CultureInfo.GetCultureInfo(Language(new Options(args)) ?? "en");
        var langAt = Array.IndexOf(args, "--lang");
        var paths = args.Where((arg, index) => arg != "--json" && (langAt < 0 || index != langAt && index != langAt + 1)).ToList();
        if (paths.Count == 0) throw new UsageException("lint needs at least one file or folder");
        var playbookFiles = new List<string>();
        var templateFiles = new List<string>();
        var scenarioFiles = new List<string>();
        var missing = new List<PlaybookParseResult>();
        foreach (var path in paths)
        {
            var files = FolderNamed(path) switch
            {
                "templates" => templateFiles,
                "exercises" => scenarioFiles,
                _ => playbookFiles,
            };
            if (Directory.Exists(path))
            {
                files.AddRange(MarkdownFiles(path));
                // A playbooks folder brings the exercise scenarios kept beside its playbooks.
                if (files == playbookFiles && Directory.Exists(Path.Combine(path, "exercises")))
                    scenarioFiles.AddRange(MarkdownFiles(Path.Combine(path, "exercises")));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                var notFound = Diagnostic.Of(path, 1, 1, DiagnosticSeverity.Error, "diagnostic:no-such-path");
                missing.Add(new PlaybookParseResult(path, PlaybookParser.Parse("", path).Playbook, [notFound]));
            }
        }
        var templates = TemplateLibrary.CrossCheck(templateFiles.Select(TemplateParser.ParseFile).ToList());
        var knownTemplates = templates.Count > 0
            ? templates.Select(t => t.Template.Id).ToHashSet()
            : KnownTemplates();
        var parserOptions = CrisisServices.PlaybookParserOptions(CrisisServices.ReadConfiguration([]));
        var playbooks = PlaybookLibrary.ReportDuplicateIds(playbookFiles.Select(file => PlaybookParser.ParseFile(file, knownTemplates, parserOptions)).Concat(missing).ToList());
        var scenarios = scenarioFiles.Select(file => ScenarioParser.ParseFile(file, ScenarioContextFor(playbooks, knownTemplates))).ToList();

        var diagnostics = playbooks.SelectMany(r => r.Diagnostics).Concat(templates.SelectMany(r => r.Diagnostics)).Concat(scenarios.SelectMany(r => r.Diagnostics)).ToList();
        if (json)
        {
            var items = playbooks.Select(r => LintJson(r, culture)).Concat(templates.Select(r => TemplateLintJson(r, culture))).Concat(scenarios.Select(r => ScenarioLintJson(r, culture)));
            output.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            foreach (var diagnostic in diagnostics) output.WriteLine(diagnostic.ToString(culture));
            var scenarioCount = scenarios.Count == 0 ? "" : $", {scenarios.Count} scenarios ({scenarios.Sum(r => r.Scenario.Injects.Count)} injects)";
            error.WriteLine($"{playbooks.Count} playbooks ({playbooks.Sum(r => r.Playbook.StepCount)} steps), {templates.Count} templates{scenarioCount}: " +
                $"{diagnostics.Count(d => d.IsError)} errors, {diagnostics.Count(d => !d.IsError)} warnings");
        }
        return diagnostics.Any(d => d.IsError) ? 1 : 0;
    }

    /// <summary>
    /// Converts a document written for another tool to a native playbook, written to --out or standard output; what it
    /// inferred and the warnings go to standard output when the playbook goes to a file, else to standard error.
    /// Fails when the converted playbook would not lint.
    /// </summary>
    private static int Import(string file, Options options, TextWriter output, TextWriter error)
    {
        if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
        var configuration = CrisisServices.ReadConfiguration([]);
        ImportDraft draft;
        try
        {
            draft = PlaybookImport.ReadFile(file, CrisisServices.ReadOwnerSynonyms(configuration), CrisisServices.PlaybookParserOptions(configuration));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot import {file}: {exception.Message}");
        }
        var suggested = PlaybookImport.SuggestedChoices(draft);
        var choices = suggested with
        {
            Category = options.Value("--category") is { } category
                ? PlaybookCategories.All.Contains(category) ? category : throw new UsageException($"--category must be one of {string.Join(", ", PlaybookCategories.All)}, not \"{category}\"")
                : suggested.Category,
            Language = Language(options) ?? suggested.Language,
        };
        var native = PlaybookImport.ToNative(draft, choices);
        var outFile = options.Value("--out");
        var reread = PlaybookParser.Parse(native, outFile ?? "(converted)", KnownTemplates());
        if (outFile is null)
        {
            output.Write(native);
        }
        else
        {
            File.WriteAllText(outFile, native);
        }
        ImportReport.Write(draft, reread, file, outFile is null ? error : output);
        return reread.HasErrors ? 1 : 0;
    }

    /// <summary>The --lang given, checked; null when none is.</summary>
    private static string? Language(Options options)
    {
        var language = options.Value("--lang");
        return language is null || Languages.All.Contains(language) ? language : throw new UsageException($"--lang must be {string.Join(" or ", Languages.All)}, not \"{language}\"");
    }

    /// <summary>
    /// Imports a platform's or 12315's export as complaint cases with the mapping in --mapping, else the one remembered
    /// for the source, and prints what it did, each refused row by row and column in --lang. Fails when a row was refused.
    /// </summary>
    private static int ImportCases(string file, Options options, TextWriter output)
    {
        if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
        var source = CaseImport.SourceName(options.Value("--source") ?? throw new UsageException("cases import needs --source NAME, the name its mapping is remembered by"));
        var mappingFile = options.Value("--mapping");
        if (mappingFile is not null && !File.Exists(mappingFile)) throw new UsageException($"no such mapping file: {mappingFile}");
        var import = Services().GetRequiredService<CaseImport>();
        var read = CaseFiles.Read(file, File.ReadAllBytes(file));
        var mapping = import.MappingFor(source, read, mappingFile is null ? null : CaseImportMapping.FromJson(File.ReadAllText(mappingFile)));
        var result = import.Import(source, read, mapping, OperatorAtTheServer);
        CaseImportReport.Write(result, read.Name, Core.Localization.SharedTexts.In(Language(options)), output);
        return result.RefusedRows > 0 ? 1 : 0;
    }

    /// <summary>The name of the folder a path is, or is in: "templates" and "exercises" hold templates and scenarios.</summary>
    private static string FolderNamed(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? "";
        return Path.GetFileName(folder);
    }

    private static IEnumerable<string> MarkdownFiles(string folder) =>
        Directory.GetFiles(folder, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

    /// <summary>Scenarios are checked against the linted playbooks, else those of the nearest playbooks/ folder.</summary>
    private static ScenarioContext ScenarioContextFor(IReadOnlyList<PlaybookParseResult> linted, IReadOnlySet<string>? templates)
    {
        var library = linted.Any(r => r.Playbook.Id.Length > 0 && !r.HasErrors)
            ? null
            : new PlaybookLibrary(CrisisServices.FindFolder(CrisisServices.ReadConfiguration([])["Crisis:Playbooks"], "playbooks"));
        return new ScenarioContext((id, language) => library is null
            ? (linted.FirstOrDefault(r => r.Playbook.Id == id && r.Playbook.Language == language) ?? linted.FirstOrDefault(r => r.Playbook.Id == id))?.Playbook
            : library.Find(id, language)?.Playbook, templates);
    }

    private static object ScenarioLintJson(ScenarioParseResult result, System.Globalization.CultureInfo culture) => new
    {
        Kind = "scenario",
        result.Path,
        result.Scenario.Id,
        result.Scenario.Title,
        Playbook = result.Scenario.PlaybookId,
        Duration = ScenarioParser.Format(result.Scenario.Duration),
        Injects = result.Scenario.Injects.Select(inject => new
        {
            inject.Id,
            inject.Title,
            Offset = inject.Offset is { } offset ? ScenarioParser.Format(offset) : null,
            inject.Roles,
            Expectations = inject.Expectations.Select(expectation => new { expectation.Target, Within = ScenarioParser.Format(expectation.Within) }),
        }),
        Errors = Positions(result.Errors, culture),
        Warnings = Positions(result.Diagnostics.Where(d => !d.IsError), culture),
    };

    /// <summary>The template ids a playbook may name, from the configured or nearest templates/ folder; null when there is none.</summary>
    private static IReadOnlySet<string>? KnownTemplates()
    {
        var folder = CrisisServices.FindFolder(CrisisServices.ReadConfiguration([])["Crisis:Templates"], "templates");
        return Directory.Exists(folder) ? new TemplateLibrary(folder).Ids() : null;
    }

    private static object LintJson(PlaybookParseResult result, System.Globalization.CultureInfo culture) => new
    {
        Kind = "playbook",
        result.Path,
        result.Playbook.Id,
        result.Playbook.Title,
        result.Playbook.Category,
        result.Playbook.Version,
        result.Playbook.Language,
        Phases = result.Playbook.Phases.Select(phase => new
        {
            phase.Title,
            Steps = phase.Steps.Select(step => new
            {
                step.Id,
                step.Text,
                step.Role,
                step.Due,
                Severities = step.Severities,
                step.Template,
                SubSteps = step.SubSteps.Select(sub => new { sub.Id, sub.Text, sub.Role, sub.Due }),
            }),
        }),
        Errors = Positions(result.Diagnostics.Where(d => d.IsError), culture),
        Warnings = Positions(result.Diagnostics.Where(d => !d.IsError), culture),
    };

    private static object TemplateLintJson(TemplateParseResult result, System.Globalization.CultureInfo culture) => new
    {
        Kind = "template",
        result.Path,
        result.Template.Id,
        result.Template.Title,
        result.Template.Language,
        result.Template.Version,
        result.Template.Audience,
        result.Template.Channel,
        Variables = result.Template.Variables.Select(v => v.Name),
        Errors = Positions(result.Diagnostics.Where(d => d.IsError), culture),
        Warnings = Positions(result.Diagnostics.Where(d => !d.IsError), culture),
    };

    /// <summary>Each diagnostic's position, its language-independent code and its message in <paramref name="culture"/>.</summary>
    private static IEnumerable<object> Positions(IEnumerable<Diagnostic> diagnostics, System.Globalization.CultureInfo culture) =>
        diagnostics.Select(d => new { d.Line, d.Column, d.Code, Message = d.MessageIn(culture) });

    private static int AddUser(string name, Options options, TextReader input, TextWriter output)
    {
        var role = options.Value("--role") ?? throw new UsageException("users add needs --role ROLE");
        var user = Services().GetRequiredService<Accounts>().AddUser(name, role, PasswordFromInput("users add", options, input), options.Value("--email"));
        output.WriteLine($"Added user '{user.Name}' ({user.Role}).");
        return 0;
    }

    private static int SetPassword(string name, Options options, TextReader input, TextWriter output)
    {
        Services().GetRequiredService<Accounts>().SetPassword(name, PasswordFromInput("users password", options, input));
        output.WriteLine($"Set a new password for '{name}'; their sessions have ended.");
        return 0;
    }

    private static int DisableUser(string name, TextWriter output)
    {
        Services().GetRequiredService<Accounts>().Disable(name);
        output.WriteLine($"Disabled '{name}': their sessions and API tokens no longer work.");
        return 0;
    }

    private static string PasswordFromInput(string verb, Options options, TextReader input)
    {
        if (!options.Flag("--password-stdin")) throw new UsageException($"{verb} reads the password from standard input: pass --password-stdin");
        return input.ReadLine() ?? throw new UsageException("no password on standard input");
    }

    private static int CreateToken(string userName, Options options, TextWriter output)
    {
        var token = Services().GetRequiredService<Accounts>().CreateToken(userName, TokenValidity(options.Value("--expires")));
        output.WriteLine($"API token for '{userName}' (shown once; send it as 'Authorization: Bearer <token>'):");
        output.WriteLine(token);
        return 0;
    }

    /// <summary>The days of --expires, as the tokens page offers them; "never" (the default, as on the page) for no expiry.</summary>
    private static TimeSpan? TokenValidity(string? expires)
    {
        if (expires is null or "never") return null;
        if (int.TryParse(expires, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            && Accounts.TokenValidDaysChoices.Contains(days))
        {
            return TimeSpan.FromDays(days);
        }
        throw new UsageException($"--expires must be {string.Join(", ", Accounts.TokenValidDaysChoices)} or never, not \"{expires}\"");
    }

    private static int AddPerson(string name, Options options, TextWriter output)
    {
        var roles = options.Value("--roles") is { } typed ? TypedLists.Items(typed) : null;
        var person = Services().GetRequiredService<PeopleDirectory>()
            .Add(new NewPerson(name, options.Value("--email"), options.Value("--phone"), roles));
        output.WriteLine($"Added person {person.Id}: {person.Name}");
        return 0;
    }

    private static int VerifyTimeline(string key, TextWriter output)
    {
        var result = Services().GetRequiredService<Timeline>().Verify(key);
        if (result.IsIntact)
        {
            output.WriteLine($"{key}: timeline intact ({result.EventCount} events, hash chain verified, signatures verified, step rows match the events, evidence files match their hashes)");
            if (result.AnchoredHead is { } head)
                output.WriteLine($"  signed head: event {head.Seq}, hash {head.Hash}, signed {Timestamps.Format(head.At)} with key {head.KeyFingerprint}, signature {head.ShortSignature}…");
            return 0;
        }
        output.WriteLine($"{key}: timeline TAMPERED ({result.Problems.Count} problems)");
        foreach (var problem in result.Problems) output.WriteLine($"  {problem}");
        return 1;
    }

    private static int ExportEvidence(string key, Options options, TextWriter output)
    {
        var file = options.Value("-o") ?? options.Value("--output") ?? throw new UsageException("export-evidence needs -o FILE: where to write the zip");
        var bundle = Services().GetRequiredService<EvidenceBundles>().Write(key, Language(options) ?? "en");
        File.WriteAllBytes(file, bundle);
        output.WriteLine($"{key}: evidence bundle written to {file} ({bundle.Length / 1024.0:0.#} KB); check it with: crisis verify-evidence {file}");
        return 0;
    }

    /// <summary>Needs no database and no key: only the bundle, as someone outside the company has it.</summary>
    private static int VerifyEvidence(string path, string? key, TextWriter output)
    {
        var result = EvidenceBundleCheck.Verify(path, key);
        output.WriteLine(result.IsIntact ? $"{path}: evidence bundle intact" : $"{path}: evidence bundle NOT INTACT ({result.Problems.Count} problems)");
        foreach (var problem in result.Problems) output.WriteLine($"  {problem}");
        foreach (var check in result.Checked) output.WriteLine($"  checked: {check}");
        if (result.IsIntact && key is null && result.KeyFingerprint is { } signedBy)
            output.WriteLine($"  signed by key {signedBy}: only the company's key proves the bundle is theirs. Compare it with the fingerprint they give you, or run again with --key FINGERPRINT");
        return result.IsIntact ? 0 : 1;
    }

    private static int ExportPdf(string key, Options options, TextWriter output)
    {
        const string afterAction = "after-action";
        var kind = options.Value("--kind") ?? throw new UsageException($"export-pdf needs --kind {ReportKinds.Review}, {ReportKinds.Checklist} or {afterAction}");
        if (kind is not (ReportKinds.Review or ReportKinds.Checklist or afterAction))
            throw new UsageException($"--kind must be {ReportKinds.Review}, {ReportKinds.Checklist} or {afterAction}, not \"{kind}\"");
        var (file, language, page) = PdfOptions(options);
        var services = Services();
        var reports = services.GetRequiredService<IncidentReports>();
        var pdf = kind == afterAction
            ? reports.AfterActionPdf((services.GetRequiredService<ExerciseRuns>().ForIncident(key) ?? throw new NotFoundException($"{key} is not an exercise")).Id, OperatorAtTheServer, language, page)
            : reports.Pdf(key, kind, language, page);
        File.WriteAllBytes(file, pdf);
        output.WriteLine($"{key}: {kind} written to {file} ({pdf.Length / 1024.0:0.#} KB)");
        return 0;
    }

    private const string ReadinessKind = "readiness";

    private static int ExportReadiness(Options options, TextWriter output)
    {
        var (file, language, page) = PdfOptions(options);
        var report = Services().GetRequiredService<ReadinessReports>().Readiness(Day(options, "--from"), Day(options, "--to"), language, page);
        File.WriteAllBytes(file, report.Content);
        output.WriteLine($"readiness report written to {file} ({report.Content.Length / 1024.0:0.#} KB)");
        return 0;
    }

    private static DateOnly? Day(Options options, string name) => options.Value(name) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day
        : throw new UsageException($"{name} must be a day as yyyy-MM-dd, not \"{text}\"");

    /// <summary>What every PDF export is told: the file to write, the language and the paper.</summary>
    private static (string File, string Language, Pdf.PageFormat Page) PdfOptions(Options options)
    {
        var file = options.Value("-o") ?? options.Value("--output") ?? throw new UsageException("export-pdf needs -o FILE");
        var language = options.Value("--lang") ?? "en";
        if (language is not ("en" or "zh-CN"))
            throw new UsageException($"--lang must be en or zh-CN, not \"{language}\"");
        try
        {
            return (file, language, Pdf.PageFormat.Named(options.Value("--paper") ?? "A4"));
        }
        catch (ArgumentException exception)
        {
            throw new UsageException(exception.Message);
        }
    }

    /// <summary>Whoever runs the CLI on the server holds the database file itself: they read what an admin reads.</summary>
    private static readonly Actor OperatorAtTheServer = new("crisis-cli", Roles.Admin);

    private static int Backup(string file, TextWriter output)
    {
        var database = Services().GetRequiredService<Database>();
        database.BackupTo(file);
        output.WriteLine($"Backed up {database.FilePath} to {Path.GetFullPath(file)}");
        return 0;
    }

    private static int SeedDemo(TextWriter output)
    {
        var clock = new DemoData.SteppingClock(TimeProvider.System.GetUtcNow());
        // The demo's people have made-up addresses: seeding tells none of them about their roles.
        var services = Services(clock, ("Crisis:Notifications:Enabled", "false"));
        var password = services.GetRequiredService<IConfiguration>()["CRISIS_DEMO_PASSWORD"] is { Length: > 0 } chosen ? chosen : DemoData.DefaultPassword;
        var keys = ActivatorUtilities.CreateInstance<DemoData>(services, clock).Seed(password);
        output.WriteLine($"Demo data added: incidents {string.Join(" and ", keys)}.");
        output.WriteLine($"Sign in as 'mei' (commander), 'zhang', 'sophie', 'li', 'wang', 'chen' or 'liu' (responders), 'lin' (customer service), 'board' (viewer) or 'coach' (trainer), password '{password}'.");
        return 0;
    }

    private static IServiceProvider Services() => Services(TimeProvider.System);

    private static IServiceProvider Services(TimeProvider time, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(CrisisServices.ReadConfiguration([]))
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCrisis(configuration).AddSingleton(time).BuildServiceProvider();
        Migrator.Migrate(services.GetRequiredService<Database>(), services.GetRequiredService<TimeProvider>());
        return services;
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class Options(string[] args)
    {
        public string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            if (index < 0) return null;
            return index + 1 < args.Length ? args[index + 1] : throw new UsageException($"{name} needs a value");
        }

        public bool Flag(string name) => args.Contains(name);
    }
}
