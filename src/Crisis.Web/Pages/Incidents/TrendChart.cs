using System.Globalization;
using Crisis.Core.Incidents;

namespace Crisis.Web.Pages.Incidents;

/// <summary>A measure of the impact log over time as an SVG polyline's points, scaled into a small box.</summary>
public static class TrendChart
{
    public const int Width = 240, Height = 48;

    public static string Points(IReadOnlyList<(DateTimeOffset At, long Value)> trend)
    {
        if (trend.Count == 0) return "";
        // A single report is drawn as a flat line, so a first figure still shows.
        IReadOnlyList<(DateTimeOffset At, long Value)> points = trend.Count == 1 ? [trend[0], trend[0] with { At = trend[0].At.AddSeconds(1) }] : trend;
        var start = points[0].At;
        var span = Math.Max((points[^1].At - start).TotalSeconds, 1);
        var max = Math.Max(points.Max(point => point.Value), 1);
        return string.Join(" ", points.Select(point => string.Create(CultureInfo.InvariantCulture,
            $"{(point.At - start).TotalSeconds / span * (Width - 4) + 2:0.#},{Height - 2 - point.Value * (Height - 4) / (double)max:0.#}")));
    }

    public static readonly IReadOnlyList<(string Label, Func<ImpactFigures, long?> Measure)> Measures =
    [
        ("Orders affected", figures => figures.OrdersAffected),
        ("Complaints", figures => figures.Complaints),
        ("Units recovered", figures => figures.UnitsRecovered),
    ];
}

/// <summary>Complaint cases per day as SVG columns in the same small box as the trends, one column a day.</summary>
public static class CaseCurve
{
    public static IReadOnlyList<(string X, string Y, string Width, string Height, Core.Cases.DayCount Day)> Columns(IReadOnlyList<Core.Cases.DayCount> days)
    {
        if (days.Count == 0) return [];
        var max = Math.Max(days.Max(day => day.Count), 1);
        var slot = (TrendChart.Width - 4) / (double)days.Count;
        string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
        return days.Select((day, index) =>
        {
            var height = Math.Max(day.Count * (TrendChart.Height - 4) / (double)max, day.Count > 0 ? 1 : 0);
            return (Number(2 + index * slot + slot * 0.1), Number(TrendChart.Height - 2 - height), Number(slot * 0.8), Number(height), day);
        }).ToList();
    }
}
