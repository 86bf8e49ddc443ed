using System.Data;
using Crisis.Core.Storage;

namespace Crisis.Core.Incidents;

/// <summary>
/// The write pattern of every use case that changes an incident: one write transaction holding the change and its
/// timeline events; after the commit, and only then, live views are told which incidents changed. A change that
/// records no event changed nothing, so nobody is told.
/// </summary>
internal readonly struct IncidentWriter(Database database, TimeProvider time, IncidentChanges changes)
{
    public T Write<T>(Func<IncidentWrite, T> change)
    {
        var now = time.GetUtcNow();
        IncidentWrite? write = null;
        var result = database.InTransaction((connection, transaction) => change(write = new IncidentWrite(connection, transaction, now)));
        foreach (var written in write!.Written) changes.Publish(written);
        return result;
    }

    public void Write(Action<IncidentWrite> change) => Write(write =>
    {
        change(write);
        return true;
    });
}

/// <summary>One change in progress: its transaction, the time it happens at, and the incidents it recorded events for.</summary>
/// <remarks>Opening an incident makes one inside its own transaction: nobody watches an incident before it exists.</remarks>
internal sealed class IncidentWrite(IDbConnection connection, IDbTransaction transaction, DateTimeOffset now)
{
    private readonly List<string> _changed = [];
    private readonly Dictionary<string, WrittenHead> _written = [];

    public IDbConnection Connection => connection;

    public IDbTransaction Transaction => transaction;

    public DateTimeOffset Now => now;

    /// <summary>The incidents this change recorded events for, each once.</summary>
    public IReadOnlyList<string> Changed => _changed;

    /// <summary>For each incident this change recorded events for, the head it started from and the head it ended at.</summary>
    public IReadOnlyList<WrittenHead> Written => _changed.Select(key => _written[key]).ToList();

    /// <summary>What this change wrote to the incident's timeline, if it recorded an event for it.</summary>
    public WrittenHead? WrittenOf(string incidentKey) => _written.GetValueOrDefault(incidentKey);

    /// <summary>The incident a change starts from, refused once closed.</summary>
    public IncidentRecord OpenIncident(string key)
    {
        var incident = IncidentRecord.Load(connection, transaction, key);
        incident.EnsureNotClosed();
        return incident;
    }

    /// <summary>Appends the change's event to the incident's timeline; it commits with the change or not at all.</summary>
    public TimelineEvent Record(long incidentId, string incidentKey, string actor, string kind, object data)
    {
        var recorded = Timeline.Append(connection, transaction, incidentId, incidentKey, now, actor, kind, data);
        if (!_changed.Contains(incidentKey)) _changed.Add(incidentKey);
        var startedFrom = _written.TryGetValue(incidentKey, out var earlier) ? earlier.FromSeq : recorded.Seq - 1;
        _written[incidentKey] = new WrittenHead(incidentKey, startedFrom, recorded.Seq, recorded.Hash);
        return recorded;
    }

    public TimelineEvent Record(IncidentRecord incident, Actor actor, string kind, object data) =>
        Record(incident.Id, incident.Key, actor.Name, kind, data);

    /// <summary>Refuses a change made against a version the caller no longer holds; without an expected version, any goes.</summary>
    public static void EnsureVersion(int? expected, int current, Func<string> conflict)
    {
        if (expected is { } version && version != current) throw new ConflictException(conflict()) { TextKey = RefusalTexts.ChangedSince };
    }
}

/// <summary>
/// What one committed change wrote to one incident's timeline: the event its record ended at before the change
/// (<paramref name="FromSeq"/>, 0 for a new incident) and the event it ends at now, with that event's hash.
/// </summary>
public sealed record WrittenHead(string IncidentKey, long FromSeq, long Seq, string Hash);
