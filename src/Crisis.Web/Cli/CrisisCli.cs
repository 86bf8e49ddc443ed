using System.Text.Encodings.Web;
using System.Text.Json;
using Crisis.Core;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Storage;

namespace Crisis.Web.Cli;

/// <summary>The verbs of the <c>crisis</c> executable. Exit codes: 0 success, 1 the check failed, 2 bad usage.</summary>
public static class CrisisCli
{
    public const string Usage =
        """
        usage: crisis [serve] [--urls URL]           run the web server (the default)
               crisis lint [--json] PATH...          check playbooks (files or folders)
               crisis users add NAME --role ROLE [--email E] --password-stdin
               crisis tokens create USER             create an API token (printed on the last line)
               crisis people add NAME [--email E] [--phone P] [--roles a,b]
               crisis verify-timeline KEY            check an incident's hash-chained timeline
               crisis backup FILE                    consistent copy of the live database
               crisis seed-demo                      a demo team, a recall in progress and a closed incident
        roles: admin, commander, responder, viewer, trainer
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var verb = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? "serve" : args[0];
        var rest = args.Length == 0 || verb != args[0] ? args : args[1..];
        try
        {
            return verb switch
            {
                "serve" => await Serve(rest, output),
                "lint" => Lint(rest, output, error),
                "users" when rest is ["add", var name, ..] => AddUser(name, new Options(rest[2..]), input, output),
                "tokens" when rest is ["create", var user] => CreateToken(user, output),
                "people" when rest is ["add", var name, ..] => AddPerson(name, new Options(rest[2..]), output),
                "verify-timeline" when rest is [var key] => VerifyTimeline(key, output),
                "backup" when rest is [var file] => Backup(file, output),
                "seed-demo" when rest.Length == 0 => SeedDemo(output),
                "help" or "--help" or "-h" => Help(output, 0),
                _ => Help(error, 2),
            };
        }
        catch (Exception exception) when (exception is RuleViolationException or NotFoundException or ConflictException or UsageException or IOException)
        {
            await error.WriteLineAsync($"crisis {verb}: {exception.Message}");
            return exception is UsageException ? 2 : 1;
        }
    }

    private static int Help(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }

    private static async Task<int> Serve(string[] args, TextWriter output)
    {
        var app = CrisisApp.Build(args);
        CrisisApp.Prepare(app.Services, output);
        await app.RunAsync();
        return 0;
    }

    private static int Lint(string[] args, TextWriter output, TextWriter error)
    {
        var json = args.Contains("--json");
        var paths = args.Where(a => a != "--json").ToList();
        if (paths.Count == 0) throw new UsageException("lint needs at least one file or folder");
        var results = new List<PlaybookParseResult>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                results.AddRange(Directory.GetFiles(path, "*.md").Order(StringComparer.Ordinal).Select(file => PlaybookParser.ParseFile(file)));
            }
            else if (File.Exists(path))
            {
                results.Add(PlaybookParser.ParseFile(path));
            }
            else
            {
                var missing = new Diagnostic(path, 1, 1, DiagnosticSeverity.Error, "no such file or folder");
                results.Add(new PlaybookParseResult(path, PlaybookParser.Parse("", path).Playbook, [missing]));
            }
        }
        results = PlaybookLibrary.ReportDuplicateIds(results).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(results.Select(LintJson), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        else
        {
            foreach (var diagnostic in results.SelectMany(r => r.Diagnostics)) output.WriteLine(diagnostic);
            var errors = results.Sum(r => r.Errors.Count());
            var warnings = results.Sum(r => r.Warnings.Count());
            error.WriteLine($"{results.Count} playbooks, {results.Sum(r => r.Playbook.StepCount)} steps: {errors} errors, {warnings} warnings");
        }
        return results.Any(r => r.HasErrors) ? 1 : 0;
    }

    private static object LintJson(PlaybookParseResult result) => new
    {
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
        Errors = result.Errors.Select(d => new { d.Line, d.Column, d.Message }),
        Warnings = result.Warnings.Select(d => new { d.Line, d.Column, d.Message }),
    };

    private static int AddUser(string name, Options options, TextReader input, TextWriter output)
    {
        var role = options.Value("--role") ?? throw new UsageException("users add needs --role ROLE");
        if (!options.Flag("--password-stdin")) throw new UsageException("users add reads the password from standard input: pass --password-stdin");
        var password = input.ReadLine() ?? throw new UsageException("no password on standard input");
        var user = Services().GetRequiredService<Accounts>().AddUser(name, role, password, options.Value("--email"));
        output.WriteLine($"Added user '{user.Name}' ({user.Role}).");
        return 0;
    }

    private static int CreateToken(string userName, TextWriter output)
    {
        var token = Services().GetRequiredService<Accounts>().CreateToken(userName);
        output.WriteLine($"API token for '{userName}' (shown once; send it as 'Authorization: Bearer <token>'):");
        output.WriteLine(token);
        return 0;
    }

    private static int AddPerson(string name, Options options, TextWriter output)
    {
        var roles = options.Value("--roles")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var person = Services().GetRequiredService<PeopleDirectory>()
            .Add(new NewPerson(name, options.Value("--email"), options.Value("--phone"), roles));
        output.WriteLine($"Added person {person.Id}: {person.Name}");
        return 0;
    }

    private static int VerifyTimeline(string key, TextWriter output)
    {
        var result = Timeline.Verify(Services().GetRequiredService<Database>(), key);
        if (result.IsIntact)
        {
            output.WriteLine($"{key}: timeline intact ({result.EventCount} events, hash chain verified)");
            return 0;
        }
        output.WriteLine($"{key}: timeline TAMPERED ({result.Problems.Count} problems)");
        foreach (var problem in result.Problems) output.WriteLine($"  {problem}");
        return 1;
    }

    private static int Backup(string file, TextWriter output)
    {
        var database = Services().GetRequiredService<Database>();
        database.BackupTo(file);
        output.WriteLine($"Backed up {database.FilePath} to {Path.GetFullPath(file)}");
        return 0;
    }

    private static int SeedDemo(TextWriter output)
    {
        var services = Services();
        var password = services.GetRequiredService<IConfiguration>()["CRISIS_DEMO_PASSWORD"] is { Length: > 0 } chosen ? chosen : DemoData.DefaultPassword;
        var keys = ActivatorUtilities.CreateInstance<DemoData>(services).Seed(password);
        output.WriteLine($"Demo data added: incidents {string.Join(" and ", keys)}.");
        output.WriteLine($"Sign in as 'mei' (commander), 'zhang' or 'sophie' (responders), 'board' (viewer) or 'coach' (trainer), password '{password}'.");
        return 0;
    }

    private static IServiceProvider Services()
    {
        var configuration = CrisisServices.ReadConfiguration([]);
        var services = new ServiceCollection().AddSingleton(configuration).AddCrisis(configuration).BuildServiceProvider();
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
