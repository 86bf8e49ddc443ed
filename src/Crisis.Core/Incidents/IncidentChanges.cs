namespace Crisis.Core.Incidents;

/// <summary>
/// Raised after a change to an incident has committed, so that open checklists can refresh. Raised outside the
/// transaction: a listener never sees a change that could still roll back, and a slow listener never holds the lock.
/// </summary>
public sealed class IncidentChanges
{
    public event Action<string>? Committed;

    internal void Publish(string key) => Committed?.Invoke(key);
}
