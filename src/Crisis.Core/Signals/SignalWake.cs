namespace Crisis.Core.Signals;

/// <summary>
/// Tells the early-warning evaluation that cases or alerts came in, so it runs at once rather than at its next periodic
/// pass. Wakes while it runs are kept as one: it runs again after, and reads everything stored by then.
/// </summary>
public sealed class SignalWake
{
    private readonly SemaphoreSlim _woken = new(0, 1);
    private readonly Lock _gate = new();

    public void Wake()
    {
        lock (_gate)
        {
            if (_woken.CurrentCount == 0) _woken.Release();
        }
    }

    /// <summary>Waits for a wake, at most <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _woken.WaitAsync(timeout, cancellationToken);
}
