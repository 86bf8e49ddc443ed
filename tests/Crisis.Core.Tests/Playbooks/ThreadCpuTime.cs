using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>
/// The processor time the current thread has used: what a parse costs, whatever else the machine (two cores shared by
/// several test runs) is doing meanwhile. Wall-clock time where the platform does not say.
/// </summary>
public static class ThreadCpuTime
{
    public static TimeSpan Measure(Action action)
    {
        var wall = Stopwatch.StartNew();
        var before = Now();
        action();
        var after = Now();
        return before is { } start && after is { } end ? end - start : wall.Elapsed;
    }

    private static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux()) return null;
        return clock_gettime(ClockThreadCpuTime, out var time) == 0 ? TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100) : null;
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
