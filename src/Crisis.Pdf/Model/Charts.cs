namespace Crisis.Pdf;

/// <param name="Values">One value per series; stacked left to right.</param>
public sealed record Bar(string Label, IReadOnlyList<double> Values);

/// <summary>Horizontal bars, one per label, stacked by series, drawn as vectors with a legend.</summary>
/// <param name="Colors">One per series; <see cref="Palette.Series"/> when left out.</param>
public sealed record BarChart(IReadOnlyList<string> Series, IReadOnlyList<Bar> Bars, string? Title = null, string? Unit = null, IReadOnlyList<Rgb>? Colors = null) : Block
{
    public Rgb ColorOf(int series) => (Colors ?? Palette.Series)[series % (Colors ?? Palette.Series).Count];
}

public enum SpanKind
{
    Planned,
    Actual,
    Late,
}

public sealed record TimeSpanBar(DateTimeOffset Start, DateTimeOffset End, SpanKind Kind);

public sealed record TimelineRow(string Label, IReadOnlyList<TimeSpanBar> Bars);

public sealed record TimelineMarker(DateTimeOffset At, string Label);

/// <summary>Rows of time spans over one axis (e.g. phases planned against actual), with labelled vertical markers.</summary>
/// <param name="Legend">Names for <see cref="SpanKind.Planned"/>, <see cref="SpanKind.Actual"/> and <see cref="SpanKind.Late"/>.</param>
/// <param name="TickLabel">Writes the time since <paramref name="Start"/> under each tick, in the document's language;
/// without it the axis reads "T0", "T+90m", "T+6h", "T+3d".</param>
public sealed record TimelineChart(
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<TimelineRow> Rows,
    IReadOnlyList<TimelineMarker> Markers,
    IReadOnlyList<string> Legend,
    string? Title = null,
    Func<TimeSpan, string>? TickLabel = null) : Block;
