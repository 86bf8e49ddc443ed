using System.Globalization;

namespace Crisis.Pdf.Layout;

/// <summary>Bar and timeline charts drawn with boxes, lines and labels, so they stay sharp and their text stays searchable.</summary>
internal sealed class Charts(BlockLayout layout)
{
    private const float LabelSize = 8f;
    private const float RowHeight = 16f;

    public Slice Bars(BarChart chart, float width)
    {
        var ops = new List<DrawOp>();
        var y = Title(chart.Title, width, ops);
        if (chart.Series.Count > 1)
            y = Legend(chart.Series.Select((name, i) => (name, chart.ColorOf(i))), y, ops);

        var labelWidth = Math.Min(width * 0.32f, chart.Bars.Select(bar => layout.Label(bar.Label, LabelSize, Palette.Text, 0, 0).Line.Width).DefaultIfEmpty(0).Max() + 6);
        const float valueWidth = 46f;
        var barArea = width - labelWidth - valueWidth;
        var max = chart.Bars.Select(bar => bar.Values.Sum()).DefaultIfEmpty(0).Max();
        var scale = max > 0 ? barArea / (float)max : 0;
        var top = y;
        foreach (var bar in chart.Bars)
        {
            var baseline = y + layout.Baseline(RowHeight, LabelSize);
            ops.Add(layout.Label(bar.Label, LabelSize, Palette.Text, 0, baseline, maxWidth: labelWidth - 6));
            var x = labelWidth;
            for (var s = 0; s < bar.Values.Count; s++)
            {
                var length = (float)bar.Values[s] * scale;
                if (length > 0)
                    ops.Add(new BoxOp(x, y + 3, length, RowHeight - 6, chart.ColorOf(s)));
                x += length;
            }
            ops.Add(layout.Label(Number(bar.Values.Sum(), chart.Unit), LabelSize, Palette.Muted, x + 4, baseline));
            y += RowHeight;
        }
        ops.Add(new LineOp(labelWidth, top, labelWidth, y, Palette.Grey, 0.75f));
        return new Slice(y + 4, ops);
    }

    public Slice Timeline(TimelineChart chart, float width)
    {
        var ops = new List<DrawOp>();
        var y = Title(chart.Title, width, ops);
        var labelWidth = width * 0.28f;
        var area = width - labelWidth - 8;
        var start = chart.Start;
        var span = Math.Max((chart.End - chart.Start).TotalSeconds, 60);
        float X(DateTimeOffset at) => labelWidth + (float)(Math.Clamp((at - start).TotalSeconds, 0, span) / span) * area;

        // Markers' labels sit in staggered lines above the rows so neighbours do not overprint each other.
        var markerLines = chart.Markers.Count == 0 ? 0 : Math.Min(chart.Markers.Count, 3);
        var markerTop = y;
        y += markerLines * 11;
        var rowsTop = y;
        y += 4;
        foreach (var row in chart.Rows)
        {
            var baseline = y + layout.Baseline(RowHeight, LabelSize);
            ops.Add(layout.Label(row.Label, LabelSize, Palette.Text, 0, baseline, maxWidth: labelWidth - 6));
            foreach (var bar in row.Bars)
            {
                var (offset, color) = bar.Kind switch
                {
                    SpanKind.Planned => (2f, Palette.Grey),
                    SpanKind.Late => (8f, Palette.Red),
                    _ => (8f, Palette.Blue),
                };
                var left = X(bar.Start);
                ops.Add(new BoxOp(left, y + offset, Math.Max(X(bar.End) - left, 1.5f), 5, color));
            }
            y += RowHeight;
        }

        var ticks = Ticks(span);
        foreach (var seconds in ticks)
        {
            var x = labelWidth + (float)(seconds / span) * area;
            ops.Insert(0, new LineOp(x, rowsTop, x, y, Palette.Rule, 0.4f));
            ops.Add(layout.Label(chart.TickLabel?.Invoke(TimeSpan.FromSeconds(seconds)) ?? TickLabel(seconds), 7f, Palette.Muted, x, y + 9, Align.Center));
        }
        ops.Add(new LineOp(labelWidth, y, labelWidth + area, y, Palette.Grey, 0.75f));
        for (var m = 0; m < chart.Markers.Count; m++)
        {
            var marker = chart.Markers[m];
            var x = X(marker.At);
            var labelBaseline = markerTop + 8 + (m % markerLines) * 11;
            ops.Add(new LineOp(x, labelBaseline + 2, x, y, Palette.Red, 0.75f, Dashed: true));
            ops.Add(layout.Label(marker.Label, 7f, Palette.Red, x, labelBaseline, x > labelWidth + area * 0.7f ? Align.Right : Align.Left));
        }
        y += 14;
        SpanKind[] kinds = [SpanKind.Planned, SpanKind.Actual, SpanKind.Late];
        y = Legend(chart.Legend.Take(kinds.Length).Select((name, i) => (name, kinds[i] switch
        {
            SpanKind.Planned => Palette.Grey,
            SpanKind.Late => Palette.Red,
            _ => Palette.Blue,
        })), y, ops);
        return new Slice(y + 2, ops);
    }

    private float Title(string? title, float width, List<DrawOp> ops)
    {
        if (title is null)
            return 0;
        ops.Add(layout.Label(title, 9f, Palette.Heading, 0, 10, maxWidth: width, style: SpanStyle.Bold));
        return 16;
    }

    private float Legend(IEnumerable<(string Name, Rgb Color)> entries, float y, List<DrawOp> ops)
    {
        var x = 0f;
        foreach (var (name, color) in entries)
        {
            ops.Add(new BoxOp(x, y + 3, 8, 8, color));
            var label = layout.Label(name, LabelSize, Palette.Text, x + 11, y + 10);
            ops.Add(label);
            x += 11 + label.Line.Width + 12;
        }
        return y + 16;
    }

    private static readonly double[] TickSteps = [300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800, 2592000];

    private static List<double> Ticks(double span)
    {
        var step = TickSteps.FirstOrDefault(candidate => span / candidate <= 8, TickSteps[^1]);
        var ticks = new List<double>();
        for (var t = 0d; t <= span + 1; t += step)
            ticks.Add(t);
        return ticks;
    }

    /// <summary>Time since the chart's start, "T+90m", "T+6h" or "T+3d", where the chart names no words for it.</summary>
    private static string TickLabel(double seconds) =>
        seconds == 0 ? "T0"
        : seconds < 3600 ? $"T+{seconds / 60:0}m"
        : seconds < 172800 ? $"T+{(seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture)}h"
        : $"T+{(seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture)}d";

    private static string Number(double value, string? unit)
    {
        var text = value.ToString(value == Math.Floor(value) ? "#,0" : "#,0.0", CultureInfo.InvariantCulture);
        return unit is null ? text : $"{text} {unit}";
    }
}
