namespace Crisis.Core.Exercises;

public static class ClockModes
{
    public const string Real = "real";
    public const string Accelerated = "accelerated";
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All = [Real, Accelerated, Manual];
}

public sealed record Pause(DateTimeOffset Start, DateTimeOffset? End);

/// <summary>
/// Exercise time: real time since the start, less the time spent paused, times the rate. A pause therefore pushes
/// every later inject back by its length; an accelerated clock (×2 to ×60) runs the scenario faster than the wall.
/// </summary>
public sealed record ExerciseClock(string Mode, double Rate, DateTimeOffset StartedAt, IReadOnlyList<Pause> Pauses, DateTimeOffset? EndedAt)
{
    public double EffectiveRate => Mode == ClockModes.Accelerated ? Rate : 1;

    public bool IsPaused => Pauses.Count > 0 && Pauses[^1].End is null;

    /// <summary>Exercise time at a real moment; it stops at a pause and at the end.</summary>
    public TimeSpan At(DateTimeOffset moment)
    {
        var until = EndedAt is { } ended && ended < moment ? ended : moment;
        var paused = TimeSpan.Zero;
        foreach (var pause in Pauses)
        {
            var start = pause.Start < until ? pause.Start : until;
            var end = pause.End is { } resumed && resumed < until ? resumed : until;
            if (end > start) paused += end - start;
        }
        var running = until - StartedAt - paused;
        return running <= TimeSpan.Zero ? TimeSpan.Zero : running * EffectiveRate;
    }

    /// <summary>How much exercise time passed between two real moments.</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to) => At(to) - At(from);
}
