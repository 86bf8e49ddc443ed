using System.Globalization;
using Crisis.Core.Signals;

namespace Crisis.Web.Pages.Signals;

/// <summary>A signal's daily counts as SVG bars in a small box, with the usual day (the baseline) as a line across: no chart library, no script.</summary>
public static class DailyChart
{
    public const int Width = 280, Height = 80;
    private const double Gap = 2;

    public sealed record Bar(string X, string Y, string Width, string Height, DayCount Day);

    /// <summary>The tallest count, or the baseline when it is higher, so the line always fits in the box.</summary>
    public static double Top(SignalChart chart) => Math.Max(1, Math.Max(chart.Days.Max(day => day.Count), chart.Baseline ?? 0));

    public static IReadOnlyList<Bar> Bars(SignalChart chart)
    {
        var top = Top(chart);
        var slot = (double)Width / chart.Days.Count;
        return chart.Days.Select((day, index) =>
        {
            // A day with cases shows at least a sliver; a day without shows nothing.
            var height = day.Count == 0 ? 0 : Math.Max(1.5, day.Count / top * (Height - 2));
            return new Bar(Number(index * slot + Gap / 2), Number(Height - height), Number(slot - Gap), Number(height), day);
        }).ToList();
    }

    /// <summary>Where the baseline's line runs, from the top of the box; null without one.</summary>
    public static string? BaselineY(SignalChart chart) => chart.Baseline is { } baseline ? Number(Height - baseline / Top(chart) * (Height - 2)) : null;

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
