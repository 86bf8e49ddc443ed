namespace Crisis.Core.Incidents;

/// <summary>
/// Raised after a change to an incident has committed, so that open checklists can refresh. Raised outside the
/// transaction: a listener never sees a change that could still roll back, and a slow listener never holds the lock.
/// Before anyone is told, the incident's new chain head is signed into the anchor file.
/// </summary>
public sealed class IncidentChanges(TimelineAnchors anchors)
{
    public event Action<string>? Committed;

    internal void Publish(string key)
    {
        anchors.AnchorAfterCommit(key);
        Committed?.Invoke(key);
    }
}
