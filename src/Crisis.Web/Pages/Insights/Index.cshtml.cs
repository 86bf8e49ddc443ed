using System.Globalization;
using Crisis.Core;
using Crisis.Core.Insights;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Crisis.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Insights;

/// <summary>
/// Figures across incidents for the people who run crisis management: are we getting faster, which steps are late every
/// time, how long messages wait, how complaints and exercise scores move. Filtered by days, category, severity and
/// playbook; real incidents or exercises, never both. Every table downloads as CSV or XLSX.
/// </summary>
public sealed class IndexModel(IncidentInsights insights, ExerciseInsights exerciseInsights, PlaybookLibrary playbooks, ReadinessReports readiness,
    IStringLocalizer<SharedResource> words)
    : PageModel
{
    public const string Csv = "csv", Xlsx = "xlsx";

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public int? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Playbook { get; set; }
    [BindProperty(SupportsGet = true)] public bool Exercises { get; set; }

    public InsightFilter Filter { get; private set; } = null!;
    public IncidentInsightsView View { get; private set; } = null!;
    public IReadOnlyList<InsightTable> Tables { get; private set; } = [];
    public IReadOnlyList<InsightChart> Charts { get; private set; } = [];
    public string? RangeProblem { get; private set; }

    /// <summary>The severities the filter offers, 1 (the worst) to this.</summary>
    public const int Severities = 4;

    /// <summary>The first and last day the figures cover, as the form shows them.</summary>
    public DateOnly FirstDay { get; private set; }
    public DateOnly LastDay { get; private set; }

    /// <summary>The filters set, as query values: for the export links, so a download holds what the page shows.</summary>
    public Dictionary<string, string> FilterValues => new Dictionary<string, string?>
        {
            ["from"] = FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["category"] = Category, ["severity"] = Severity?.ToString(CultureInfo.InvariantCulture), ["playbook"] = Playbook,
            ["exercises"] = Exercises ? "true" : null,
        }
        .Where(filter => !string.IsNullOrWhiteSpace(filter.Value)).ToDictionary(filter => filter.Key, filter => filter.Value!);

    public IReadOnlyList<(string Key, string Name)> Categories { get; private set; } = [];
    public IReadOnlyList<(string Id, string Title)> Playbooks { get; private set; } = [];

    public void OnGet() => Compute();

    public IActionResult OnGetExport(string table, string format)
    {
        Compute();
        var chosen = Tables.FirstOrDefault(candidate => candidate.Id == table);
        if (chosen is null || format is not (Csv or Xlsx)) return NotFound();
        var name = $"insights-{chosen.Id}-{FirstDay:yyyy-MM-dd}-{LastDay:yyyy-MM-dd}.{format}";
        return format == Csv ? File(TableFiles.Csv(chosen), TableFiles.CsvType, name) : File(TableFiles.Xlsx(chosen, chosen.Title), TableFiles.XlsxType, name);
    }

    /// <summary>The quarterly readiness report of the quarter to date, for the board, in the language asked for.</summary>
    public IActionResult OnGetReadiness(string? lang)
    {
        var report = readiness.Readiness(null, null, Api.ReviewsApi.Language(lang));
        return File(report.Content, report.ContentType, report.FileName);
    }

    private void Compute()
    {
        var culture = CultureInfo.CurrentUICulture;
        var language = SharedTexts.IsChinese(culture) ? "zh-CN" : "en";
        // A range the figures cannot cover shows the default range with the reason, rather than an error page.
        if (new[] { From, To }.Any(day => day < IncidentInsights.EarliestDay || day > IncidentInsights.LatestDay))
            RangeProblem = words["Insights cover the years 2000 to 2100: showing the twelve months to today instead."];
        else if (From > To)
            RangeProblem = words["The range ends before it starts: showing the twelve months to today instead."];
        try
        {
            Filter = RangeProblem is null ? insights.Days(From, To) : insights.Days(null, null);
        }
        catch (RuleViolationException)
        {
            // Only an end given alone, so early that the year before it reaches before 2000.
            RangeProblem = words["Insights cover the years 2000 to 2100: showing the twelve months to today instead."];
            Filter = insights.Days(null, null);
        }
        var zone = PageHelpers.ReaderZone(HttpContext);
        Categories = SharedTexts.Keys.Where(key => key.StartsWith(InsightWords.CategoryPrefix, StringComparison.Ordinal))
            .Select(key => key[InsightWords.CategoryPrefix.Length..]).Select(key => (key, InsightWords.Category(key, culture))).OrderBy(pair => pair.Item2, StringComparer.CurrentCulture).ToList();
        Playbooks = playbooks.All().Where(result => !result.HasErrors).Select(result => result.Playbook.Id).Distinct()
            .Select(id => (id, playbooks.TitleOrReference(id, language))).OrderBy(pair => pair.Item2, StringComparer.CurrentCulture).ToList();
        // A choice no list offers (a stale or edited link) is no filter, as the lists then say, not a filter that finds nothing.
        if (!Categories.Any(category => category.Key == Category)) Category = null;
        if (Severity is not (>= 1 and <= Severities)) Severity = null;
        if (!Playbooks.Any(playbook => playbook.Id == Playbook)) Playbook = null;
        Filter = Filter with { Category = Category, Severity = Severity, PlaybookId = Playbook, Exercises = Exercises };
        (FirstDay, LastDay) = (insights.FirstDay(Filter), insights.LastDay(Filter));
        View = insights.Compute(Filter);
        var exercises = Exercises ? exerciseInsights.Compute(Filter, language) : null;
        Tables = new InsightTables(words, culture, zone, playbooks).Of(View, exercises);
        Charts = new InsightCharts(words, culture, zone).Of(View, exercises);
    }
}
