namespace Crisis.Core.Incidents;

/// <summary>
/// Raised after a change to an incident has committed, so that open checklists can refresh. Raised outside the
/// transaction: a listener never sees a change that could still roll back, and a slow listener never holds the lock.
/// Before anyone is told, the head the change wrote is signed into the anchor file, linked to the head it started from.
/// </summary>
public sealed class IncidentChanges(TimelineAnchors anchors)
{
    /// <summary>The incident's key, and whether the change recorded events (a change without any is told all the same).</summary>
    public event Action<string, bool>? Committed;

    internal void Publish(WrittenHead written)
    {
        anchors.AnchorAfterCommit(written);
        Committed?.Invoke(written.IncidentKey, true);
    }

    /// <summary>A change that recorded no event for the incident (a reminder time set): nothing to sign, views still refresh.</summary>
    internal void Publish(string key) => Committed?.Invoke(key, false);
}
