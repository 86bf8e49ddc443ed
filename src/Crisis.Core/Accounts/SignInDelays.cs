using System.Collections.Concurrent;

namespace Crisis.Core.Accounts;

/// <summary>
/// Growing waits after failed sign-ins to one user name, in place of a lockout anyone could trigger: the first
/// <see cref="FreeFailures"/> failures cost nothing, then each waits twice as long as the one before (1, 2, 4, 8 … s)
/// up to <see cref="LongestDelay"/>. The right password after the wait always signs in, and resets the count.
/// Names are tracked whether or not an account holds them, so the waits tell nothing about which names exist.
/// </summary>
public sealed class SignInDelays(TimeProvider time)
{
    public const int FreeFailures = 3;
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(30);

    /// <summary>A name with no failure for this long starts again from nothing.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>At most this many names are remembered; beyond it the longest-quiet ones are forgotten first.</summary>
    public const int MaxNamesTracked = 10_000;

    private sealed record Failures(int Count, DateTimeOffset Last);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>The wait before the next attempt for <paramref name="userName"/> is checked.</summary>
    public TimeSpan DelayFor(string userName) =>
        _failures.TryGetValue(Key(userName), out var failures) && time.GetUtcNow() - failures.Last < ForgetAfter
            ? DelayAfter(failures.Count)
            : TimeSpan.Zero;

    public static TimeSpan DelayAfter(int failures) =>
        failures < FreeFailures
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Min(LongestDelay.TotalSeconds, Math.Pow(2, Math.Min(failures - FreeFailures, 16))));

    public void Failed(string userName)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(Key(userName), _ => new Failures(1, now),
            (_, before) => new Failures(now - before.Last < ForgetAfter ? before.Count + 1 : 1, now));
        if (_failures.Count > MaxNamesTracked) ForgetQuietest();
    }

    public void Succeeded(string userName) => _failures.TryRemove(Key(userName), out _);

    private void ForgetQuietest()
    {
        foreach (var entry in _failures.OrderBy(entry => entry.Value.Last).Take(_failures.Count - MaxNamesTracked / 2).ToList())
        {
            _failures.TryRemove(entry);
        }
    }

    /// <summary>User names are unique ignoring case, so "Admin" and "admin" share their failures.</summary>
    private static string Key(string userName) => userName.Trim().ToLowerInvariant();
}
