using System.Data;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>An event exactly as stored, its time and data as the text its hash covers: what an export carries for someone else to recompute the chain.</summary>
public sealed record StoredEvent(long Seq, string At, string Actor, string Kind, string Data, string PrevHash, string Hash)
{
    /// <summary>The hash this event should have as an event of <paramref name="incidentKey"/>, recomputed from its fields.</summary>
    public string ComputedHash(string incidentKey) => Timeline.ComputeHash(PrevHash, incidentKey, Seq, At, Actor, Kind, Data);
}

public sealed record TimelineEvent(long Seq, DateTimeOffset At, string Actor, string Kind, JsonElement Data, string PrevHash, string Hash);

/// <summary>What verification found: the problems in words, and the last signed head when the record matches it.</summary>
public sealed record TimelineVerification(string IncidentKey, int EventCount, IReadOnlyList<string> Problems, SignedHead? AnchoredHead = null)
{
    public bool IsIntact => Problems.Count == 0;
}

/// <summary>
/// The incident's append-only record. Each event's hash covers the previous event's hash, and the incident row
/// keeps the head of the chain, so an edited, inserted or deleted event (even the last one) breaks verification.
/// Someone who can write the database could recompute all that, so the heads are also signed outside it
/// (<see cref="TimelineAnchors"/>), and the checklist's step rows are checked against what the events say.
/// Events are appended by the use case that changes the incident, inside its transaction; anyone may read and verify.
/// </summary>
public sealed class Timeline(Database database, TimelineAnchors? anchors = null, Evidence.EvidenceFiles? evidence = null)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    /// <summary>Appends an event inside the caller's transaction; the caller's write and its event commit together.</summary>
    internal static TimelineEvent Append(IDbConnection connection, IDbTransaction transaction, long incidentId, string incidentKey,
        DateTimeOffset at, string actor, string kind, object data)
    {
        var head = connection.QuerySingle<(long Seq, string Hash)>(
            "SELECT last_event_seq, last_event_hash FROM incidents WHERE id = @incidentId", new { incidentId }, transaction);
        var seq = head.Seq + 1;
        var json = JsonSerializer.Serialize(data, DataJson);
        var atText = Timestamps.Format(at);
        var hash = ComputeHash(head.Hash, incidentKey, seq, atText, actor, kind, json);
        connection.Execute(
            """
            INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash)
            VALUES (@incidentId, @seq, @atText, @actor, @kind, @json, @prevHash, @hash);
            UPDATE incidents SET last_event_seq = @seq, last_event_hash = @hash,
                acknowledged_at = CASE WHEN acknowledged_at IS NULL AND @acknowledges THEN @atText ELSE acknowledged_at END
            WHERE id = @incidentId;
            """,
            new { incidentId, seq, atText, actor, kind, json, prevHash = head.Hash, hash, acknowledges = EventKinds.IsStepAction(kind) }, transaction);
        return new TimelineEvent(seq, Timestamps.Parse(atText), actor, kind, JsonDocument.Parse(json).RootElement, head.Hash, hash);
    }

    public IReadOnlyList<TimelineEvent> Read(string incidentKey, long afterSeq = 0)
    {
        using var connection = database.Open();
        var incidentId = connection.ExecuteScalar<long?>("SELECT id FROM incidents WHERE key = @incidentKey", new { incidentKey })
            ?? throw new NotFoundException($"no incident {incidentKey}");
        return ReadRows(connection, incidentId, afterSeq).Select(row => row.ToEvent()).ToList();
    }

    /// <summary>The incident's events exactly as stored, for an export someone outside Crisis verifies.</summary>
    public IReadOnlyList<StoredEvent> ReadStored(string incidentKey)
    {
        using var connection = database.Open();
        var incidentId = connection.ExecuteScalar<long?>("SELECT id FROM incidents WHERE key = @incidentKey", new { incidentKey })
            ?? throw new NotFoundException($"no incident {incidentKey}");
        return ReadRows(connection, incidentId, 0).Select(row => new StoredEvent(row.Seq, row.At, row.Actor, row.Kind, row.Data, row.PrevHash, row.Hash)).ToList();
    }

    /// <summary>The sequence number of the incident's last event; 0 for no such incident.</summary>
    public long LastSeq(string incidentKey)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long?>("SELECT last_event_seq FROM incidents WHERE key = @incidentKey", new { incidentKey }) ?? 0;
    }

    public TimelineVerification Verify(string incidentKey)
    {
        using var connection = database.Open();
        var incident = connection.QuerySingleOrDefault<(long Id, long LastSeq, string LastHash)>(
            "SELECT id, last_event_seq, last_event_hash FROM incidents WHERE key = @incidentKey", new { incidentKey });
        if (incident.Id == 0) throw new NotFoundException($"no incident {incidentKey}");

        var problems = new List<string>();
        var rows = ReadRows(connection, incident.Id, 0);
        var previousHash = GenesisHash;
        long expectedSeq = 1;
        foreach (var row in rows)
        {
            if (row.Seq != expectedSeq)
            {
                problems.Add($"event {expectedSeq}{(row.Seq > expectedSeq + 1 ? $" to {row.Seq - 1}" : "")} is missing");
                expectedSeq = row.Seq;
            }
            if (row.PrevHash != previousHash)
            {
                problems.Add($"event {row.Seq} does not follow the event before it (its previous hash does not match)");
            }
            var recomputed = ComputeHash(row.PrevHash, incidentKey, row.Seq, row.At, row.Actor, row.Kind, row.Data);
            if (recomputed != row.Hash)
            {
                problems.Add($"event {row.Seq} ({row.Kind} at {row.At}) was changed after it was recorded");
            }
            previousHash = row.Hash;
            expectedSeq++;
        }
        if (incident.LastSeq != expectedSeq - 1 || incident.LastHash != previousHash)
        {
            problems.Add(incident.LastSeq > expectedSeq - 1
                ? $"the timeline should end at event {incident.LastSeq} but ends at {expectedSeq - 1}: events were deleted"
                : "the end of the timeline does not match the incident's recorded head: events were added or changed");
        }
        var anchored = anchors?.Check(incidentKey, rows.ToDictionary(row => row.Seq, row => row.Hash), rows.Count == 0 ? 0 : rows[^1].Seq);
        problems.AddRange(anchored?.Problems ?? []);
        // Replaying events that do not verify proves nothing about the steps: their problems are already named.
        if (problems.Count == 0)
            problems.AddRange(StepReplay.Check(connection, incident.Id, rows.Select(row => (row.At, row.Actor, row.Kind, row.Data))));
        if (evidence is not null)
            problems.AddRange(Evidence.EvidenceBook.Check(connection, incident.Id, rows.Select(row => (row.Seq, row.Kind, row.Data)), evidence));
        return new TimelineVerification(incidentKey, rows.Count, problems, anchored?.MatchedHead);
    }

    private static List<EventRow> ReadRows(IDbConnection connection, long incidentId, long afterSeq) =>
        connection.Query<EventRow>(
            "SELECT seq, at, actor, kind, data, prev_hash, hash FROM events WHERE incident_id = @incidentId AND seq > @afterSeq ORDER BY seq",
            new { incidentId, afterSeq }).ToList();

    internal static string ComputeHash(string prevHash, string incidentKey, long seq, string at, string actor, string kind, string data)
    {
        var canonical = string.Join('\n', prevHash, incidentKey, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), at, actor, kind, data);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public string At { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Data { get; init; } = "{}";
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";

        public TimelineEvent ToEvent()
        {
            using var document = JsonDocument.Parse(Data);
            return new TimelineEvent(Seq, Timestamps.Parse(At), Actor, Kind, document.RootElement.Clone(), PrevHash, Hash);
        }
    }
}
