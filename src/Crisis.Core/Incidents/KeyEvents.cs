using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Incidents;

/// <summary>
/// What commanders choose for the story the review tells: earlier events marked (or unmarked) as key, and short key
/// updates in their own words. Both are timeline events, so the choice is on the record and covered by the hash chain;
/// the story reads them back (<see cref="EventStory"/>). Who may do this is the caller's rule (commanders and admins).
/// </summary>
public sealed class KeyEvents(Database database, TimeProvider time, IncidentChanges changes)
{
    public const int UpdateLimit = 1000;

    /// <summary>Marks event <paramref name="seq"/> as key to the story, or unmarks it; changes nothing if it already is so.</summary>
    public bool Mark(string key, long seq, bool isKey, Actor actor) =>
        Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var kind = write.Connection.ExecuteScalar<string?>("SELECT kind FROM events WHERE incident_id = @Id AND seq = @seq", new { incident.Id, seq }, write.Transaction)
                ?? throw new NotFoundException($"{key} has no event {seq}");
            if (kind is EventKinds.IncidentKeyMarked)
                throw new RuleViolationException("marking a key event is not itself a key event: mark the event it marked");
            var marks = write.Connection.Query<string>("SELECT data FROM events WHERE incident_id = @Id AND kind = @kind ORDER BY seq",
                new { incident.Id, kind = EventKinds.IncidentKeyMarked }, write.Transaction)
                .Select(data => new TimelineEvent(0, default, "", EventKinds.IncidentKeyMarked, System.Text.Json.JsonDocument.Parse(data).RootElement, "", ""));
            if (EventStory.MarkedSeqs(marks).Contains(seq) == isKey) return false;
            write.Record(incident, actor, EventKinds.IncidentKeyMarked, new { seq, key = isKey });
            return true;
        });

    /// <summary>Records a key update: one or two sentences on where things stand, shown in the review's story.</summary>
    public long AddUpdate(string key, string? text, Actor actor) =>
        Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var update = TextLimits.RequireMarkdown(text, UpdateLimit, "the key update", "text");
            return write.Record(incident, actor, EventKinds.IncidentKeyUpdate, new { text = update }).Seq;
        });

    private IncidentWriter Writer => new(database, time, changes);
}
