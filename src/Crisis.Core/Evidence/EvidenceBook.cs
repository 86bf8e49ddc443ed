using System.Data;
using System.Text.Json;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Evidence;

/// <summary>What a piece of evidence is attached to, besides its incident.</summary>
public static class EvidenceAttachments
{
    public const string Incident = "incident";
    public const string Step = "step";
    public const string Message = "message";
    public const string Review = "review";
    /// <summary>A complaint case linked to the incident: the customer's photo of the product they complained about.</summary>
    public const string Case = "case";

    public static readonly IReadOnlyList<string> All = [Incident, Step, Message, Review, Case];
}

/// <summary>One piece of evidence as pages, the API and reports show it; a deleted one is a tombstone with who deleted it, when and why.</summary>
/// <remarks>A stored time that cannot be read is null here: the list and the reports go on without it.</remarks>
public sealed record EvidenceItem(
    long Id, string Sha256, long Size, string MediaType, string FileName, string Title, string Description, string Source,
    string CollectedBy, DateTimeOffset? CollectedAt, string AttachedTo, string? AttachedRef, bool LocationRemoved, bool InReview,
    string UploadedBy, DateTimeOffset? UploadedAt, string? DeletedBy, DateTimeOffset? DeletedAt, string? DeletedReason)
{
    public bool IsDeleted => DeletedAt is not null || DeletedBy is not null;

    [System.Text.Json.Serialization.JsonIgnore]
    public EvidenceType Type => EvidenceTypes.Of(MediaType);

    /// <summary>The file's size as people read it: 812 B, 340.5 KB, 4.2 MB.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SizeText => Size switch
    {
        < 1024 => $"{Size} B",
        < 1024 * 1024 => (Size / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB",
        _ => (Size / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>The name a download is saved under: the uploaded name, with the extension its content calls for.</summary>
    public string DownloadName => Path.GetFileNameWithoutExtension(FileName) + Type.Extension;
}

/// <summary>A file to attach, as the browser or the API sent it, with what the person attaching it says of it.</summary>
public sealed record NewEvidence(string? FileName, byte[] Content)
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Source { get; init; }
    public string? CollectedBy { get; init; }
    public DateTimeOffset? CollectedAt { get; init; }
    /// <summary>incident (the default), step, message, case or review.</summary>
    public string? AttachedTo { get; init; }
    /// <summary>The step's id, or the message's or the linked case's, for those.</summary>
    public string? AttachedRef { get; init; }
    /// <summary>Blank where a photo was taken (its GPS position) before it is kept: a customer's photo can show their home.</summary>
    public bool RemoveLocation { get; init; }
}

/// <summary>
/// What an <c>evidence.added</c> or <c>evidence.deleted</c> event recorded of the file: the one reading of that data,
/// for verification, the bundle and its check. Fields a deletion does not record are empty (size -1).
/// </summary>
public sealed record RecordedEvidence(long Id, string Sha256, long Size, string MediaType, string FileName, string Title)
{
    /// <summary>The event's data read; null for data an edit made unreadable, which a check names rather than failing on.</summary>
    public static RecordedEvidence? Read(string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
            long? Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
            return Number("evidence") is { } id ? new RecordedEvidence(id, Text("sha256"), Number("size") ?? -1, Text("type"), Text("fileName"), Text("title")) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Who put the incident under legal hold, when (null when the stored time cannot be read) and why.</summary>
public sealed record LegalHold(DateTimeOffset? At, string By, string Reason);

/// <summary>A file asked for: its record, and its content when the content still has the recorded hash.</summary>
public sealed record EvidenceFile(EvidenceItem Item, byte[]? Content, FileState State);

/// <summary>
/// An incident's evidence: files attached to it, one of its steps or messages, or its review. The file is kept by its
/// hash (<see cref="EvidenceFiles"/>) before the record commits; the record and its timeline event commit together, so
/// the hash chain covers the file's hash, size and type, and who attached it when. Nothing is ever overwritten: a
/// deleted file leaves a tombstone and an event with the reason, and an incident under legal hold deletes nothing.
/// </summary>
public sealed class EvidenceBook(Database database, TimeProvider time, IncidentChanges changes, EvidenceFiles files)
{
    public const int DescriptionLimit = 2000;
    /// <summary>How far ahead of the server's clock "collected at" may be: a phone's clock a little fast, not a date typed wrong.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    public long MaxFileBytes => files.MaxFileBytes;

    public EvidenceItem Add(string key, NewEvidence evidence, Actor actor)
    {
        if (evidence.Content.LongLength > files.MaxFileBytes) throw TooLarge(evidence.Content.LongLength, files.MaxFileBytes);
        var type = EvidenceTypes.Sniff(evidence.Content);
        var fileName = FileNameOf(evidence.FileName, type);
        var title = string.IsNullOrWhiteSpace(evidence.Title) ? Path.GetFileNameWithoutExtension(fileName) is { Length: > 0 } stem ? stem : fileName
            : TextLimits.Require(evidence.Title, TextLimits.Title, "the title", "title");
        var description = string.IsNullOrWhiteSpace(evidence.Description) ? "" : TextLimits.RequireMarkdown(evidence.Description, DescriptionLimit, "the description", "description");
        var source = Optional(evidence.Source, "the source", "source");
        var collectedBy = Optional(evidence.CollectedBy, "who collected it", "collectedBy");
        var attachedTo = evidence.AttachedTo is { Length: > 0 } to ? to : EvidenceAttachments.Incident;
        if (!EvidenceAttachments.All.Contains(attachedTo))
            throw new RuleViolationException($"'{attachedTo}' is not something evidence attaches to: use {string.Join(", ", EvidenceAttachments.All)}")
                { Field = "attachedTo", TextKey = "refusal:evidence-attach-to" };
        if (evidence.CollectedAt is { } collected && collected > time.GetUtcNow() + ClockSkew)
            throw new RuleViolationException("the time it was collected is still to come") { Field = "collectedAt", TextKey = "refusal:evidence-collected-future" };
        // Asked of a photo only: a PDF or a document has no position to remove. A photo Crisis cannot clean is refused, never kept as it is.
        var removeLocation = evidence.RemoveLocation && type.IsImage;
        if (removeLocation && !EvidenceImages.CanRemoveLocation(type))
            throw new RuleViolationException($"Crisis can remove where a photo was taken from JPEG and PNG photos, not from {type.Extension} files: send it as JPEG, or attach it without removing the location")
                { TextKey = "refusal:evidence-location-unsupported", TextArguments = [type.Extension] };
        var content = removeLocation ? EvidenceImages.RemoveLocation(evidence.Content, type) : evidence.Content;

        // What can be checked before the write is checked before the file is kept, so a refused upload leaves nothing on the disk.
        using (var reading = database.Open())
            AttachedRef(reading, null, IncidentRecord.Load(reading, null, key).Id, attachedTo, evidence.AttachedRef);
        var sha256 = files.Store(content);
        return new IncidentWriter(database, time, changes).Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            var attachedRef = AttachedRef(write.Connection, write.Transaction, incident.Id, attachedTo, evidence.AttachedRef);
            // A deletion of the same content committed since the file was stored above removed it: writes are serialised, so it is put back here.
            if (!files.Has(sha256)) files.Store(content);
            var row = new
            {
                incidentId = incident.Id, sha256, size = content.LongLength, mediaType = type.MediaType, fileName, title, description, source, collectedBy,
                collectedAt = evidence.CollectedAt is { } at ? Timestamps.Format(at) : null, attachedTo, attachedRef, removeLocation,
                by = actor.Name, now = Timestamps.Format(write.Now),
            };
            var id = write.Connection.ExecuteScalar<long>(
                """
                INSERT INTO evidence (incident_id, sha256, size, media_type, file_name, title, description, source, collected_by, collected_at,
                    attached_to, attached_ref, location_removed, uploaded_by, uploaded_at)
                VALUES (@incidentId, @sha256, @size, @mediaType, @fileName, @title, @description, @source, @collectedBy, @collectedAt,
                    @attachedTo, @attachedRef, @removeLocation, @by, @now)
                RETURNING id
                """, row, write.Transaction);
            write.Record(incident, actor, EventKinds.EvidenceAdded, new
            {
                evidence = id, title, fileName, sha256, size = content.LongLength, type = type.MediaType, description, source, collectedBy,
                collectedAt = row.collectedAt, attachedTo, attachedRef, locationRemoved = removeLocation,
                // The photo as it came, before its position was removed: what it was, though it is not kept.
                originalSha256 = removeLocation ? EvidenceFiles.HashOf(evidence.Content) : null,
            });
            return Read(write.Connection, write.Transaction, incident.Id, id)!;
        });
    }

    /// <summary>The incident's evidence, tombstones included, in the order it was attached.</summary>
    public IReadOnlyList<EvidenceItem> List(string key)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return ReadAll(connection, null, incident.Id);
    }

    /// <summary>The evidence attached to a complaint case, tombstones included, with the incident each is kept with.</summary>
    public IReadOnlyList<(string IncidentKey, EvidenceItem Item)> ForCase(long caseId)
    {
        using var connection = database.Open();
        var reference = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return connection.Query<string, Row, (string, EvidenceItem)>(
            "SELECT i.key, e.* FROM evidence e JOIN incidents i ON i.id = e.incident_id WHERE e.attached_to = @Case AND e.attached_ref = @reference ORDER BY e.id",
            (key, row) => (key, row.ToItem()), new { EvidenceAttachments.Case, reference }, splitOn: "id").ToList();
    }

    /// <summary>How many files the incident has that were not deleted.</summary>
    public int Count(string key)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>(
            "SELECT COUNT(*) FROM evidence e JOIN incidents i ON i.id = e.incident_id WHERE i.key = @key AND e.deleted_at IS NULL", new { key });
    }

    public EvidenceItem Get(string key, long id)
    {
        using var connection = database.Open();
        var incident = IncidentRecord.Load(connection, null, key);
        return Read(connection, null, incident.Id, id) ?? throw new NotFoundException($"{key} has no evidence {id}");
    }

    /// <summary>The file as it was attached, its hash checked on the way out; a deleted one has no content.</summary>
    public EvidenceFile Open(string key, long id)
    {
        var item = Get(key, id);
        if (item.IsDeleted) return new EvidenceFile(item, null, FileState.Missing);
        var (content, state) = files.Read(item.Sha256);
        return new EvidenceFile(item, content, state);
    }

    /// <summary>The image as pages show it (upright, scaled, no metadata), or its thumbnail, drawn once and kept; null for a file that is not a drawable image, or no longer intact.</summary>
    public byte[]? Picture(EvidenceItem item, bool thumbnail) =>
        item.IsDeleted || !item.Type.IsDrawableImage ? null
        : thumbnail ? files.Derived(item.Sha256, EvidenceImages.ThumbnailVariant, content => EvidenceImages.Draw(content, EvidenceImages.ThumbnailLongestSide))
        : files.Derived(item.Sha256, EvidenceImages.DisplayVariant, content => EvidenceImages.Draw(content, EvidenceImages.DisplayLongestSide));

    /// <summary>
    /// The image as a report prints it: drawn afresh from the original, whose hash is checked on the way, never from a kept
    /// copy, which nothing vouches for. Null for a file that is not a drawable image, or no longer intact.
    /// </summary>
    public byte[]? PictureForReport(EvidenceItem item) =>
        item.IsDeleted || !item.Type.IsDrawableImage || files.Read(item.Sha256).Content is not { } content ? null
        : EvidenceImages.Draw(content, EvidenceImages.DisplayLongestSide);

    /// <summary>
    /// Deletes the file, keeping its record as a tombstone and telling the timeline why; refused under legal hold.
    /// The file leaves the disk once no other evidence has the same content.
    /// </summary>
    public void Delete(string key, long id, string? reason, Actor actor)
    {
        var why = TextLimits.Require(reason, TextLimits.Title, "the reason", "reason");
        new IncidentWriter(database, time, changes).Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            if (HoldOf(write.Connection, write.Transaction, incident.Id) is { } hold)
                throw new ConflictException($"{key} is under legal hold since {(hold.At is { } since ? Timestamps.Format(since) : "an unreadable time")} ({hold.Reason}): nothing of it may be deleted") { TextKey = "refusal:legal-hold" };
            var item = Read(write.Connection, write.Transaction, incident.Id, id) ?? throw new NotFoundException($"{key} has no evidence {id}");
            if (item.IsDeleted) throw new ConflictException($"evidence {id} of {key} was already deleted") { TextKey = "refusal:evidence-deleted" };
            write.Connection.Execute("UPDATE evidence SET deleted_by = @by, deleted_at = @now, deleted_reason = @why, in_review = 0 WHERE id = @id",
                new { by = actor.Name, now = Timestamps.Format(write.Now), why, id }, write.Transaction);
            write.Record(incident, actor, EventKinds.EvidenceDeleted, new { evidence = id, title = item.Title, sha256 = item.Sha256, reason = why });
            // Inside the write, so that an upload of the same content, whose record commits in a write of its own, either
            // counts here as still using the file or finds it gone and puts it back.
            if (!write.Connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM evidence WHERE sha256 = @Sha256 AND deleted_at IS NULL)", new { item.Sha256 }, write.Transaction))
                files.Remove(item.Sha256);
        });
    }

    /// <summary>Shows the image in the review report, or stops showing it (commanders choose; only images can be shown).</summary>
    public void ShowInReview(string key, long id, bool shown, Actor actor) => new IncidentWriter(database, time, changes).Write(write =>
    {
        var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
        var item = Read(write.Connection, write.Transaction, incident.Id, id) ?? throw new NotFoundException($"{key} has no evidence {id}");
        if (item.IsDeleted) throw new ConflictException($"evidence {id} of {key} was deleted") { TextKey = "refusal:evidence-deleted" };
        if (shown && !item.Type.IsDrawableImage)
            throw new RuleViolationException("only a photo or picture (JPEG, PNG, GIF, WebP) can be shown in the review report; every file is listed in its appendix") { TextKey = "refusal:evidence-not-picture" };
        if (item.InReview == shown) return;
        write.Connection.Execute("UPDATE evidence SET in_review = @shown WHERE id = @id", new { shown, id }, write.Transaction);
        write.Record(incident, actor, EventKinds.EvidenceShownInReview, new { evidence = id, title = item.Title, shown });
    });

    public LegalHold? Hold(string key)
    {
        using var connection = database.Open();
        return HoldOf(connection, null, IncidentRecord.Load(connection, null, key).Id);
    }

    /// <summary>Puts the incident under legal hold: its evidence cannot be deleted and retention purges pass it and its cases by.</summary>
    public void PlaceHold(string key, string? reason, Actor actor) => ChangeHold(key, reason, actor, place: true);

    public void LiftHold(string key, string? reason, Actor actor) => ChangeHold(key, reason, actor, place: false);

    private void ChangeHold(string key, string? reason, Actor actor, bool place)
    {
        var why = TextLimits.Require(reason, TextLimits.Title, "the reason", "reason");
        new IncidentWriter(database, time, changes).Write(write =>
        {
            var incident = IncidentRecord.Load(write.Connection, write.Transaction, key);
            var held = HoldOf(write.Connection, write.Transaction, incident.Id) is not null;
            if (held == place)
                throw new ConflictException(place ? $"{key} is already under legal hold" : $"{key} is not under legal hold") { TextKey = place ? "refusal:legal-hold-already" : "refusal:legal-hold-none" };
            write.Connection.Execute(
                "UPDATE incidents SET legal_hold_at = @at, legal_hold_by = @by, legal_hold_reason = @why WHERE id = @Id",
                new { at = place ? Timestamps.Format(write.Now) : null, by = place ? actor.Name : null, why = place ? why : null, incident.Id }, write.Transaction);
            write.Record(incident, actor, place ? EventKinds.LegalHoldPlaced : EventKinds.LegalHoldLifted, new { reason = why });
        });
    }

    /// <summary>
    /// What the timeline says of the incident's files against the evidence folder and the evidence rows: each file the
    /// timeline says was attached and not deleted must be there with its recorded hash, and each row must name the file
    /// and the deletion its events tell. Problems in words, for <c>crisis verify-timeline</c> and the reports.
    /// </summary>
    internal static IReadOnlyList<string> Check(IDbConnection connection, long incidentId, IEnumerable<(long Seq, string Kind, string Data)> events, EvidenceFiles files)
    {
        var problems = new List<string>();
        var attached = new Dictionary<long, (RecordedEvidence File, long Seq, bool Deleted)>();
        foreach (var (seq, kind, data) in events)
        {
            if (kind is not (EventKinds.EvidenceAdded or EventKinds.EvidenceDeleted)) continue;
            if (RecordedEvidence.Read(data) is not { } recorded)
            {
                problems.Add($"event {seq} ({kind}) cannot be read as the evidence it records");
                continue;
            }
            if (kind == EventKinds.EvidenceAdded) attached[recorded.Id] = (recorded, seq, false);
            else if (attached.TryGetValue(recorded.Id, out var earlier)) attached[recorded.Id] = earlier with { Deleted = true };
        }
        var rows = ReadAll(connection, null, incidentId).ToDictionary(row => row.Id);
        foreach (var (id, (evidence, seq, deleted)) in attached.OrderBy(pair => pair.Key))
        {
            var named = $"evidence {id} (\u201C{evidence.Title}\u201D, event {seq})";
            if (!rows.TryGetValue(id, out var row))
            {
                problems.Add($"{named} has no record: its row was deleted from the database");
                continue;
            }
            if (row.Sha256 != evidence.Sha256)
                problems.Add($"{named}: its record names the file {row.Sha256}, not the file {evidence.Sha256} the timeline recorded");
            else if ((row.Size, row.MediaType, row.FileName, row.Title) != (evidence.Size, evidence.MediaType, evidence.FileName, evidence.Title))
                problems.Add($"{named}: its record's size, type, file name or title is not what the timeline recorded");
            if (row.IsDeleted != deleted)
                problems.Add(deleted ? $"{named} was deleted on the timeline but its record was restored" : $"{named} is marked deleted, but no deletion is on the timeline");
            if (deleted) continue;
            switch (files.Check(evidence.Sha256))
            {
                case FileState.Missing: problems.Add($"{named} is missing from the evidence folder"); break;
                case FileState.Altered: problems.Add($"{named} was altered: the file in the evidence folder no longer has the SHA-256 {evidence.Sha256} recorded when it was attached"); break;
            }
        }
        foreach (var extra in rows.Keys.Where(id => !attached.ContainsKey(id)).Order())
            problems.Add($"evidence {extra} has a record but no event on the timeline: it was put into the database directly");
        return problems;
    }

    internal static LegalHold? HoldOf(IDbConnection connection, IDbTransaction? transaction, long incidentId)
    {
        var row = connection.QuerySingleOrDefault<(string? At, string? By, string? Reason)>(
            "SELECT legal_hold_at, legal_hold_by, legal_hold_reason FROM incidents WHERE id = @incidentId", new { incidentId }, transaction);
        // A hold whose time cannot be read is still a hold: refusing to delete is the safe reading.
        return row.At is null ? null : new LegalHold(Timestamps.ReadableOrNull(row.At), row.By ?? "", row.Reason ?? "");
    }

    private static string? AttachedRef(IDbConnection connection, IDbTransaction? transaction, long incidentId, string attachedTo, string? reference)
    {
        switch (attachedTo)
        {
            case EvidenceAttachments.Step:
                if (!connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM steps WHERE incident_id = @incidentId AND step_id = @reference)", new { incidentId, reference }, transaction))
                    throw new RuleViolationException($"the incident has no step '{reference}'") { Field = "attachedRef", TextKey = "refusal:evidence-no-step" };
                return reference;
            case EvidenceAttachments.Message:
                if (!long.TryParse(reference, out var message)
                    || !connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM messages WHERE incident_id = @incidentId AND id = @message)", new { incidentId, message }, transaction))
                    throw new RuleViolationException($"the incident has no message '{reference}'") { Field = "attachedRef", TextKey = "refusal:evidence-no-message" };
                return reference;
            case EvidenceAttachments.Case:
                if (!long.TryParse(reference, out var complaint)
                    || !connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM cases WHERE incident_id = @incidentId AND id = @complaint)", new { incidentId, complaint }, transaction))
                    throw new RuleViolationException($"no complaint case '{reference}' is linked to the incident: link the case to it first")
                        { Field = "attachedRef", TextKey = "refusal:evidence-no-case" };
                return reference;
            default:
                return null;
        }
    }

    private static string Optional(string? text, string what, string field) =>
        string.IsNullOrWhiteSpace(text) ? "" : TextLimits.Require(text, TextLimits.Title, what, field);

    /// <summary>The uploaded name without any folder, control or format characters, and never empty.</summary>
    private static string FileNameOf(string? uploaded, EvidenceType type)
    {
        var name = Path.GetFileName((uploaded ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        if (name.Length > TextLimits.Title) name = name[..(TextLimits.Title - type.Extension.Length)] + type.Extension;
        return name.Length == 0 || name.All(c => c == '.') ? "evidence" + type.Extension : name;
    }

    /// <summary>The refusal of a file of <paramref name="size"/> bytes, over the limit.</summary>
    public static FileTooLargeException TooLarge(long size, long limit) => new($"the file is {Megabytes(size)} MB; the limit is {Megabytes(limit)} MB")
    {
        TextKey = "refusal:evidence-too-large", TextArguments = [Megabytes(size), Megabytes(limit)],
    };

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private const string Columns =
        """
        id, sha256, size, media_type, file_name, title, description, source, collected_by, collected_at, attached_to, attached_ref,
        location_removed, in_review, uploaded_by, uploaded_at, deleted_by, deleted_at, deleted_reason
        """;

    internal static IReadOnlyList<EvidenceItem> ReadAll(IDbConnection connection, IDbTransaction? transaction, long incidentId) =>
        connection.Query<Row>($"SELECT {Columns} FROM evidence WHERE incident_id = @incidentId ORDER BY id", new { incidentId }, transaction).Select(row => row.ToItem()).ToList();

    private static EvidenceItem? Read(IDbConnection connection, IDbTransaction? transaction, long incidentId, long id) =>
        connection.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM evidence WHERE incident_id = @incidentId AND id = @id", new { incidentId, id }, transaction)?.ToItem();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Sha256 { get; init; } = "";
        public long Size { get; init; }
        public string MediaType { get; init; } = "";
        public string FileName { get; init; } = "";
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string Source { get; init; } = "";
        public string CollectedBy { get; init; } = "";
        public string? CollectedAt { get; init; }
        public string AttachedTo { get; init; } = "";
        public string? AttachedRef { get; init; }
        public bool LocationRemoved { get; init; }
        public bool InReview { get; init; }
        public string UploadedBy { get; init; } = "";
        public string? UploadedAt { get; init; }
        public string? DeletedBy { get; init; }
        public string? DeletedAt { get; init; }
        public string? DeletedReason { get; init; }

        public EvidenceItem ToItem() => new(Id, Sha256, Size, MediaType, FileName, Title, Description, Source, CollectedBy, Timestamps.ReadableOrNull(CollectedAt),
            AttachedTo, AttachedRef, LocationRemoved, InReview, UploadedBy, Timestamps.ReadableOrNull(UploadedAt), DeletedBy, Timestamps.ReadableOrNull(DeletedAt), DeletedReason);
    }
}
