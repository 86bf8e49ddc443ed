using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Crisis.Core.Playbooks;
using Crisis.Core.Text;
using Markdig.Extensions.Yaml;

namespace Crisis.Core.Exercises;

/// <summary>What a scenario is checked against: the playbook it rehearses and the templates it expects to be sent.</summary>
/// <param name="TemplateIds">Null when no templates folder is known: template names are then not checked.</param>
public sealed record ScenarioContext(Func<string, string, Playbook?> FindPlaybook, IReadOnlySet<string>? TemplateIds);

/// <summary>
/// Reads an exercise scenario (../docs/exercises.md): front matter, a briefing, and injects as
/// <c>## T+20m Title @role</c> or <c>## On demand: Title @role</c> sections whose <c>expect:</c>, <c>if:</c>,
/// <c>trainer:</c> and <c>email:</c> lines are read, the rest being what the players see. Never throws on bad input;
/// every problem is a diagnostic with its line and column.
/// </summary>
public static partial class ScenarioParser
{
    private static readonly string[] KnownKeys = ["id", "title", "playbook", "severity", "duration", "language", "objectives"];

    public static ScenarioParseResult ParseFile(string path, ScenarioContext? context = null)
    {
        try
        {
            return Parse(Text.SourceFile.ReadAllText(path), path, context);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var why = Text.SourceFile.WhyUnreadable(exception);
            return Failed(path, why.Key, [.. why.Arguments]);
        }
    }

    public static ScenarioParseResult Parse(string text, string path, ScenarioContext? context = null)
    {
        var source = new SourceText(SourceText.Normalize(text), path);
        try
        {
            return Read(source, context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Failed(path, "diagnostic:scenario-internal-error", exception.Message);
        }
    }

    private static ScenarioParseResult Read(SourceText source, ScenarioContext? context)
    {
        var diagnostics = new List<Diagnostic>();
        var document = Markdig.Markdown.Parse(source.Text, PlaybookParser.Pipeline);
        if (document.FirstOrDefault() is not YamlFrontMatterBlock block)
            return Failed(source.Path, "diagnostic:scenario-without-front-matter");
        var frontMatter = FrontMatter.Read(source, block, KnownKeys, new DiagnosticWords("diagnostic:scenario-front-matter-keys", []), diagnostics);
        if (frontMatter is null)
            return new ScenarioParseResult(source.Path, Empty(source), diagnostics);

        var id = frontMatter.RequiredSlug("id") ?? PlaybookParser.IdFromPath(source.Path);
        var playbookId = frontMatter.Required("playbook") ?? "";
        var severityText = frontMatter.Required("severity");
        // An unreadable severity or duration is reported once: the playbook and the injects are not then checked
        // against a value nobody wrote (SEV7, or a duration of 0m).
        var severity = 1;
        if (severityText is not null && !TryParseSeverity(severityText, out severity))
        {
            severity = 1;
            frontMatter.Error(frontMatter.Node("severity")!, "diagnostic:scenario-severity", severityText);
        }
        var durationText = frontMatter.Required("duration");
        TimeSpan? duration = TimeSpan.FromMinutes(60);
        if (durationText is not null)
        {
            duration = TryParseTime(durationText, out var written) ? written : null;
            if (duration is null) frontMatter.Error(frontMatter.Node("duration")!, "diagnostic:scenario-duration", durationText);
        }
        var language = frontMatter.Optional("language") is null ? "en" : frontMatter.OneOf("language", Languages.All, "en");

        var lines = source.Text.Split('\n');
        var body = new BodyReader(source.Path, lines, frontMatter.BodyLine, diagnostics);
        var (briefing, injects) = body.Read();

        var scenario = new Scenario
        {
            Id = id,
            Title = frontMatter.Required("title") ?? id,
            PlaybookId = playbookId,
            Severity = severity,
            Duration = duration ?? TimeSpan.FromMinutes(60),
            Language = language,
            Objectives = frontMatter.Sequence("objectives").Select(node => node.Value ?? "").Where(text => text.Length > 0).ToList(),
            Briefing = briefing,
            Injects = injects,
            Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Text))),
        };

        foreach (var inject in injects.Where(inject => duration is not null && inject.Offset > duration))
            diagnostics.Add(Error(source.Path, inject.Line, 4, "diagnostic:inject-after-end", inject.Title, Format(inject.Offset!.Value), Format(duration!.Value)));
        if (context is not null)
            CheckAgainst(context, scenario, frontMatter, source.Path, diagnostics);
        return new ScenarioParseResult(source.Path, scenario, diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList());
    }

    /// <summary>Names in the scenario must exist: the playbook and its severity, roles, steps and templates.</summary>
    private static void CheckAgainst(ScenarioContext context, Scenario scenario, FrontMatter frontMatter, string path, List<Diagnostic> diagnostics)
    {
        if (scenario.PlaybookId.Length == 0) return;
        var playbook = context.FindPlaybook(scenario.PlaybookId, scenario.Language);
        if (playbook is null)
        {
            frontMatter.Error(frontMatter.Node("playbook")!, "diagnostic:scenario-playbook-missing", scenario.PlaybookId);
            return;
        }
        if (!playbook.Severities.Contains(scenario.Severity))
            frontMatter.Error(frontMatter.Node("severity")!, "diagnostic:scenario-severity-not-in-playbook", playbook.Id, scenario.Severity, string.Join(", ", playbook.Severities.Select(s => $"SEV{s}")));
        var roles = playbook.Roles.Select(role => role.Key).ToHashSet();
        var steps = playbook.Phases.SelectMany(phase => phase.Steps).SelectMany(step => step.SubSteps.Prepend(step)).Select(step => step.Id).ToHashSet();
        var earlier = new HashSet<string>();
        foreach (var inject in scenario.Injects)
        {
            foreach (var role in inject.Roles.Where(role => !roles.Contains(role)))
                diagnostics.Add(Error(path, inject.Line, 1, "diagnostic:inject-role-missing", inject.Title, role, playbook.Id, string.Join(", ", roles)));
            foreach (var expectation in inject.Expectations)
            {
                if (expectation.IsTemplate ? context.TemplateIds?.Contains(expectation.TemplateId) == false : !steps.Contains(expectation.Target))
                    diagnostics.Add(expectation.IsTemplate
                        ? Error(path, expectation.Line, 9, "diagnostic:expected-template-missing", expectation.TemplateId)
                        : Error(path, expectation.Line, 9, "diagnostic:expected-step-missing", expectation.Target, playbook.Id));
            }
            if (inject.Condition is { } condition && !earlier.Contains(condition.Target))
                diagnostics.Add(Error(path, inject.Line, 1, "diagnostic:inject-condition-unexpected", inject.Title, condition.Target));
            earlier.UnionWith(inject.Expectations.Select(expectation => expectation.Target));
        }
    }

    /// <summary>The body after the front matter: the briefing until the first "##", then one inject per "##" section.</summary>
    private sealed class BodyReader(string path, string[] lines, int firstLine, List<Diagnostic> diagnostics)
    {
        private readonly List<Inject> _injects = [];
        private readonly HashSet<string> _ids = [];

        public (string Briefing, List<Inject> Injects) Read()
        {
            var briefing = new StringBuilder();
            var index = firstLine;
            for (; index < lines.Length && !lines[index].StartsWith("## ", StringComparison.Ordinal); index++)
                briefing.AppendLine(lines[index]);
            while (index < lines.Length)
            {
                var start = index++;
                while (index < lines.Length && !lines[index].StartsWith("## ", StringComparison.Ordinal))
                    index++;
                ReadInject(start, index);
            }
            return (briefing.ToString().Trim(), _injects);
        }

        private void ReadInject(int headingLine, int end)
        {
            var heading = InjectHeading().Match(lines[headingLine]);
            if (!heading.Success)
            {
                diagnostics.Add(Error(path, headingLine + 1, 1, "diagnostic:inject-heading"));
                return;
            }
            TimeSpan? offset = null;
            if (heading.Groups["offset"].Success)
            {
                if (!TryParseTime(heading.Groups["offset"].Value, out var at))
                {
                    diagnostics.Add(Error(path, headingLine + 1, heading.Groups["offset"].Index + 1, "diagnostic:inject-time", heading.Groups["offset"].Value));
                    return;
                }
                offset = at;
            }
            var title = heading.Groups["title"].Value.Trim();
            if (title.Length == 0)
                diagnostics.Add(Error(path, headingLine + 1, 1, "diagnostic:inject-without-title"));
            // Titles in Chinese have no ASCII to slug: such injects are named by their time ("t20m") or "on-demand".
            var stem = Slug.From(title) is { Length: > 0 } slug ? slug : offset is { } time ? $"t{Format(time)}" : "on-demand";
            var id = stem;
            for (var n = 2; !_ids.Add(id); n++)
                id = $"{stem}-{n}";
            var roles = heading.Groups["role"].Captures.Select(capture => capture.Value).ToList();

            var body = new StringBuilder();
            var notes = new List<string>();
            var expectations = new List<Expectation>();
            InjectCondition? condition = null;
            string? email = null;
            for (var i = headingLine + 1; i < end; i++)
            {
                var line = lines[i];
                var trimmed = line.Trim();
                if (trimmed.StartsWith("expect:", StringComparison.Ordinal))
                {
                    var expect = ExpectLine().Match(trimmed);
                    if (expect.Success && TryParseTime(expect.Groups["within"].Value, out var within) && within > TimeSpan.Zero)
                        expectations.Add(new Expectation($"{id}/{expect.Groups["target"].Value}", id, expect.Groups["target"].Value, within, i + 1));
                    else
                        diagnostics.Add(Error(path, i + 1, line.IndexOf("expect:", StringComparison.Ordinal) + 1, "diagnostic:expectation-malformed"));
                }
                else if (trimmed.StartsWith("if:", StringComparison.Ordinal))
                {
                    var when = IfLine().Match(trimmed);
                    if (when.Success && condition is null)
                        condition = new InjectCondition(when.Groups["when"].Value == "met", when.Groups["target"].Value);
                    else
                        diagnostics.Add(Error(path, i + 1, line.IndexOf("if:", StringComparison.Ordinal) + 1,
                            condition is null ? "diagnostic:condition-malformed" : "diagnostic:condition-twice"));
                }
                else if (trimmed.StartsWith("trainer:", StringComparison.Ordinal))
                    notes.Add(trimmed["trainer:".Length..].Trim());
                else if (trimmed.StartsWith("email:", StringComparison.Ordinal))
                    email = trimmed["email:".Length..].Trim();
                else
                    body.AppendLine(line);
            }
            if (email is { Length: 0 })
                diagnostics.Add(Error(path, headingLine + 1, 1, "diagnostic:email-without-subject"));
            _injects.Add(new Inject(id, title, offset, roles, body.ToString().Trim(), notes.Count == 0 ? null : string.Join("\n", notes),
                expectations, condition, string.IsNullOrEmpty(email) ? null : email, headingLine + 1));
        }
    }

    /// <summary>Exercise times: 0m, 20m, 90m, 1h, 1h30m, 2d.</summary>
    public static bool TryParseTime(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        var match = TimeText().Match(text.Trim());
        if (!match.Success) return false;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            if (!int.TryParse(part.Value[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount) || amount > 10_000)
                return false;
            time += part.Value[^1] switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), 'd' => TimeSpan.FromDays(amount), _ => TimeSpan.FromDays(7 * amount) };
        }
        return true;
    }

    public static string Format(TimeSpan time) =>
        time.TotalMinutes < 60 || time.Minutes != 0 && time.TotalHours < 24 ? $"{(int)time.TotalMinutes}m"
        : time.TotalHours < 48 ? $"{(int)time.TotalHours}h"
        : $"{(int)time.TotalDays}d";

    private static bool TryParseSeverity(string text, out int severity)
    {
        var digits = text.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return int.TryParse(digits, out severity) && severity is >= 1 and <= 3;
    }

    private static Diagnostic Error(string path, int line, int column, string key, params object[] arguments) =>
        Diagnostic.Of(path, line, Math.Max(1, column), DiagnosticSeverity.Error, key, arguments);

    private static Scenario Empty(SourceText source) => new()
    {
        Id = PlaybookParser.IdFromPath(source.Path), Title = PlaybookParser.IdFromPath(source.Path), PlaybookId = "", Severity = 1,
        Duration = TimeSpan.FromHours(1), Injects = [], Hash = "",
    };

    private static ScenarioParseResult Failed(string path, string key, params object[] arguments) =>
        new(path, Empty(new SourceText("", path)), [Error(path, 1, 1, key, arguments)]);

    [GeneratedRegex(@"^##\s+(?:T\+(?<offset>[0-9a-z]+)|On demand:)\s*(?<title>.*?)(?:\s+@(?<role>[a-z0-9][a-z0-9-]*))*\s*$")]
    private static partial Regex InjectHeading();

    [GeneratedRegex(@"^expect:\s*(?<target>(?:tpl:)?[a-z0-9][a-z0-9-]*)\s+within\s+(?<within>[0-9a-z]+)\s*$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^if:\s*(?<when>met|missed)\s+(?<target>(?:tpl:)?[a-z0-9][a-z0-9-]*)\s*$")]
    private static partial Regex IfLine();

    [GeneratedRegex(@"^(?<part>[0-9]+[mhdw])+$")]
    private static partial Regex TimeText();
}
