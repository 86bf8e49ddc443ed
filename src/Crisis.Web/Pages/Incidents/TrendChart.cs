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
