using System.Globalization;
using Crisis.Core.Localization;
using DotLiquid;

namespace Crisis.Core.Communications;

/// <summary>
/// What a template can read: the incident, the brand, the regulator of the incident's kind, the time, and the
/// template's own variables. Nothing else. <paramref name="Zone"/> is the zone <c>now</c> is written in, named (UTC when not given).
/// </summary>
public sealed record TemplateModel(
    IReadOnlyDictionary<string, string> Incident,
    IReadOnlyDictionary<string, string> Brand,
    IReadOnlyDictionary<string, string> Regulator,
    DateTimeOffset Now,
    IReadOnlyDictionary<string, string> Variables,
    TimeZoneInfo? Zone = null)
{
    public static readonly IReadOnlyList<string> BuiltInNames = ["incident", "brand", "regulator", "now"];
    public static readonly IReadOnlyList<string> IncidentFields = ["key", "title", "severity", "status", "opened_at", "commander", "playbook"];
    public static readonly IReadOnlyList<string> BrandFields = ["name", "website", "hotline", "email"];
    public static readonly IReadOnlyList<string> RegulatorFields = ["name", "level", "channel", "contact"];

    /// <summary>Every built-in filled with a sample, for checking a template without an incident.</summary>
    public static TemplateModel Sample(IReadOnlyDictionary<string, string> variables) => new(
        IncidentFields.ToDictionary(f => f, f => $"[incident.{f}]"),
        BrandFields.ToDictionary(f => f, f => $"[brand.{f}]"),
        RegulatorFields.ToDictionary(f => f, f => $"[regulator.{f}]"),
        new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero),
        variables);
}

/// <summary>Markdown produced from a template, with what was missing named rather than silently left blank.</summary>
public sealed record RenderedMessage(string Subject, string Markdown, IReadOnlyList<string> MissingVariables, IReadOnlyList<string> UndeclaredVariables, IReadOnlyList<string> Problems)
{
    public bool IsComplete => MissingVariables.Count == 0 && UndeclaredVariables.Count == 0 && Problems.Count == 0;
}

/// <summary>
/// Renders templates with DotLiquid in a sandbox: the only values are plain hashes of text (no .NET objects, so no
/// member or method access), include and render are refused (no file system), and loops stop after a bound.
/// </summary>
public static class TemplateRenderer
{
    private const int MaxIterations = 10_000;

    /// <summary>The most text a subject or body may render to, and the most any variable it assigns or captures may hold
    /// (256 K characters): a loop that doubles a string fails with a clear problem instead of filling the memory.</summary>
    public const int MaxOutput = 256 * 1024;

    /// <summary>How long one part may take to render.</summary>
    public static readonly TimeSpan MaxRenderTime = TimeSpan.FromSeconds(2);

    static TemplateRenderer()
    {
        Liquid.UseRubyDateFormat = true;
        Template.RegisterTag<BoundedLiquid.Capture>("capture");
        Template.RegisterTag<BoundedLiquid.Assign>("assign");
    }

    /// <summary>Parses Liquid with this renderer's bounded tags.</summary>
    public static Template Parse(string text) => Template.Parse(text);

    public static RenderedMessage Render(MessageTemplate template, TemplateModel model)
    {
        var missing = template.Variables.Where(v => string.IsNullOrWhiteSpace(model.Variables.GetValueOrDefault(v.Name))).Select(v => v.Name).ToList();
        var undeclared = new List<string>();
        var values = new Dictionary<string, object>
        {
            ["incident"] = Recording("incident.", WithPlaceholders("incident.", model.Incident, template, missing), undeclared),
            ["brand"] = Recording("brand.", WithPlaceholders("brand.", model.Brand, template, missing), undeclared),
            ["regulator"] = Recording("regulator.", WithPlaceholders("regulator.", model.Regulator, template, missing), undeclared),
            ["now"] = SharedTexts.ZonedTime(model.Now, model.Zone ?? TimeZoneInfo.Utc, SharedTexts.In(template.Language)),
        };
        foreach (var variable in template.Variables)
        {
            // A missing value shows where it belongs in the preview, and is named in MissingVariables.
            values[variable.Name] = missing.Contains(variable.Name) ? $"[[{variable.Name}]]" : model.Variables[variable.Name];
        }
        var root = Recording("", values, undeclared);
        var problems = new List<string>();
        var subject = RenderPart(template.Subject, root, problems);
        var body = RenderPart(template.Body, root, problems);
        return new RenderedMessage(subject.Trim(), body.Trim(), missing, undeclared.Distinct().ToList(), problems);
    }

    private static string RenderPart(string text, Hash values, List<string> problems)
    {
        try
        {
            var template = Parse(text);
            using var output = new BoundedLiquid.Writer();
            template.Render(output, new RenderParameters(CultureInfo.InvariantCulture)
            {
                LocalVariables = values,
                // Display marks the spot in the preview and records the error; a message with problems cannot be approved.
                ErrorsOutputMode = ErrorsOutputMode.Display,
                MaxIterations = MaxIterations,
                Timeout = (int)MaxRenderTime.TotalMilliseconds,
                // Replaces the standard filters that can multiply a text's size, for these renders only.
                Filters = [typeof(BoundedFilters)],
            });
            problems.AddRange(template.Errors.Select(e => e.Message));
            return output.ToString();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A user's template must never take the caller down: the iteration bound, for one, throws an exception of
            // its own type, and any failure here is a problem to show, not a crash.
            problems.Add(exception.Message);
            return "";
        }
    }

    /// <summary>An empty built-in the template uses (no brand hotline configured, no commander assigned, no regulator in the
    /// directory for the incident's kind) is missing, like a declared variable left blank: it shows as [[brand.hotline]] and
    /// blocks approval until filled in or edited out.</summary>
    private static Dictionary<string, string> WithPlaceholders(string prefix, IReadOnlyDictionary<string, string> values, MessageTemplate template, List<string> missing) =>
        values.ToDictionary(pair => pair.Key, pair =>
        {
            if (!string.IsNullOrWhiteSpace(pair.Value)) return pair.Value;
            var name = prefix + pair.Key;
            if (!template.Body.Contains(name, StringComparison.Ordinal) && !template.Subject.Contains(name, StringComparison.Ordinal)) return "";
            if (!missing.Contains(name)) missing.Add(name);
            return $"[[{name}]]";
        });

    /// <summary>A hash that records any name read from it that it does not hold.</summary>
    private static Hash Recording<T>(string prefix, IReadOnlyDictionary<string, T> values, List<string> undeclared)
    {
        var hash = new Hash((_, key) =>
        {
            undeclared.Add(prefix + key);
            return null;
        });
        foreach (var (key, value) in values) hash[key] = value;
        return hash;
    }
}
