using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crisis.Core.Storage;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisis.Core.Incidents;

/// <summary>Where the timeline's signing key and its signed checkpoints live; both default to beside the database file.</summary>
public sealed class TimelineSettings
{
    /// <summary>The ECDSA P-256 private key (PEM), created on first start; default <c>keys/timeline-signing.pem</c> beside the database.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The append-only file of signed checkpoints, one JSON line each; default <c>timeline-anchors.jsonl</c> beside the database.</summary>
    public string? AnchorsPath { get; set; }
}

/// <summary>
/// A signed checkpoint of one incident's chain head: the event it ends at, that event's hash, when and with which key,
/// and, when a change wrote it, the event the incident's record ended at before that change (<see cref="Prev"/>):
/// the change's events are those after <c>prev</c> up to <c>seq</c>. Heads signed as found (at start, at an export)
/// and lines from before links existed have no <c>prev</c>.
/// </summary>
public sealed record SignedHead(
    [property: JsonPropertyName("incident")] string IncidentKey,
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("key")] string KeyFingerprint,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("prev"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Prev = null)
{
    /// <summary>The start of the signature, enough for a reader to compare a printed report with the anchor file.</summary>
    [JsonIgnore]
    public string ShortSignature => Signature.Length <= 16 ? Signature : Signature[..16];

    /// <summary>The bytes the signature covers: every field but the signature, in a fixed order.</summary>
    internal byte[] SignedBytes() => Encoding.UTF8.GetBytes(Prev is { } prev
        ? string.Join('\n', "crisis-timeline-anchor/2", IncidentKey, prev.ToString(CultureInfo.InvariantCulture), Seq.ToString(CultureInfo.InvariantCulture), Hash, Timestamps.Format(At), KeyFingerprint)
        : string.Join('\n', "crisis-timeline-anchor/1", IncidentKey, Seq.ToString(CultureInfo.InvariantCulture), Hash, Timestamps.Format(At), KeyFingerprint));
}

/// <summary>Why checkpoints are not being written, since the first failure in a row.</summary>
public sealed record AnchorFailure(string Reason, DateTimeOffset Since);

/// <summary>
/// Anchors each incident's hash chain outside the database: after every committed change the head that change wrote
/// is signed, with the head it started from, by a key kept in its own file and appended to an append-only file of
/// checkpoints. Someone who can write the database but not the key cannot make a rewritten, shortened, older or
/// lengthened timeline match what was signed: events no change of Crisis wrote lie outside every signed link.
/// </summary>
public sealed class TimelineAnchors : IDisposable
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);
    private readonly Database _database;
    private readonly TimeProvider _time;
    private readonly Lazy<ECDsa> _key;
    private readonly Lazy<string> _fingerprint;
    private readonly Lock _appendLock = new();
    private bool _created;

    private readonly ILogger _logger;

    public TimelineAnchors(Database database, TimeProvider time, TimelineSettings settings, ILogger<TimelineAnchors>? logger = null)
    {
        _database = database;
        _time = time;
        _logger = logger ?? NullLogger<TimelineAnchors>.Instance;
        var beside = Path.GetDirectoryName(database.FilePath) ?? ".";
        SigningKeyPath = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.SigningKeyPath) ? Path.Combine(beside, "keys", "timeline-signing.pem") : settings.SigningKeyPath);
        AnchorsPath = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.AnchorsPath) ? Path.Combine(beside, "timeline-anchors.jsonl") : settings.AnchorsPath);
        _key = new Lazy<ECDsa>(LoadOrCreateKey, LazyThreadSafetyMode.PublicationOnly); // a key that could not be read is tried again
        _fingerprint = new Lazy<string>(() => Fingerprint(_key.Value), LazyThreadSafetyMode.PublicationOnly);
    }

    public string SigningKeyPath { get; }

    public string AnchorsPath { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key: names the key in checkpoints and reports.</summary>
    public string KeyFingerprint => _fingerprint.Value;

    /// <summary>Why the last checkpoint after a commit could not be written, and since when, if it could not; the next change or export writes one again.</summary>
    public AnchorFailure? LastFailure { get; private set; }

    /// <summary>The public half of the signing key (PEM), for someone outside Crisis to check a signed head with.</summary>
    public string PublicKeyPem() => _key.Value.ExportSubjectPublicKeyInfoPem();

    /// <summary>The head's signature as DER (what <c>openssl dgst -verify</c> reads); checkpoints keep it as IEEE P1363 (r‖s).</summary>
    public static byte[] DerSignature(SignedHead head)
    {
        var signature = Convert.FromBase64String(head.Signature);
        var half = signature.Length / 2;
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // As numbers, so that a half starting with zero bytes is written minimally, as DER wants.
            writer.WriteInteger(new System.Numerics.BigInteger(signature.AsSpan(0, half), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new System.Numerics.BigInteger(signature.AsSpan(half), isUnsigned: true, isBigEndian: true));
        }
        return writer.Encode();
    }

    /// <summary>The exact text a head's signature covers.</summary>
    public static string SignedText(SignedHead head) => Encoding.UTF8.GetString(head.SignedBytes());

    /// <summary>The first 16 hex digits of the SHA-256 of a public key (SubjectPublicKeyInfo): how checkpoints and reports name a key.</summary>
    public static string FingerprintOf(ECDsa key) => Fingerprint(key);

    /// <summary>Loads the signing key, creating it if this is the first start; true if it was created now.</summary>
    public bool EnsureKey()
    {
        _ = _key.Value;
        return _created;
    }

    /// <summary>
    /// Signs the head a committed change wrote, linked to the head it started from. The head is the one the change
    /// wrote, not whatever the database holds now, and it is signed even when the anchor file's last checkpoint of the
    /// incident is not where the change started (the change is real): verification names the events in between.
    /// The change has committed whatever happens here, so a failure to write the checkpoint is kept in
    /// <see cref="LastFailure"/> and logged once per run of failures rather than thrown at whoever made the change.
    /// </summary>
    internal void AnchorAfterCommit(WrittenHead written)
    {
        try
        {
            Append(Sign(written.IncidentKey, written.Seq, written.Hash, written.FromSeq));
            if (LastFailure is not null)
                _logger.LogInformation("Timeline heads are signed into {AnchorsPath} again; they could not be since {Since}", AnchorsPath, Timestamps.Format(LastFailure.Since));
            LastFailure = null;
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            if (LastFailure is null)
                _logger.LogWarning(exception, "Timeline heads cannot be signed into {AnchorsPath} (key {SigningKeyPath}): events recorded from now on are not signed, and verification will name them", AnchorsPath, SigningKeyPath);
            LastFailure = new AnchorFailure($"could not sign the timeline head of {written.IncidentKey} into {AnchorsPath}: {exception.Message}", LastFailure?.Since ?? _time.GetUtcNow());
        }
    }

    /// <summary>The signed checkpoint of the incident's current head, signing it now if the anchor file does not hold it yet.</summary>
    public SignedHead AnchorCurrentHead(string incidentKey)
    {
        var head = ReadHead(incidentKey) ?? throw new NotFoundException($"no incident {incidentKey}");
        var signed = ReadAll().Select(line => line.Head)
            .LastOrDefault(anchor => anchor is not null && anchor.IncidentKey == incidentKey && anchor.Seq == head.Seq && anchor.Hash == head.Hash && IsValid(anchor));
        if (signed is not null) return signed;
        var anchor = Sign(incidentKey, head.Seq, head.Hash);
        Append(anchor);
        return anchor;
    }

    /// <summary>
    /// Signs every incident whose head the anchor file does not cover yet: incidents recorded before anchoring began,
    /// or whose checkpoint failed. Signatures are not checked here, to keep the start quick; verification checks them.
    /// </summary>
    public int AnchorUnanchoredHeads()
    {
        var anchored = ReadAll().Where(line => line.Head?.KeyFingerprint == KeyFingerprint).GroupBy(line => line.Head!.IncidentKey)
            .ToDictionary(group => group.Key, group => group.Max(line => line.Head!.Seq));
        using var connection = _database.Open();
        var heads = connection.Query<(string Key, long Seq, string Hash)>("SELECT key, last_event_seq, last_event_hash FROM incidents WHERE last_event_seq > 0").ToList();
        var unanchored = heads.Where(head => !anchored.TryGetValue(head.Key, out var seq) || seq < head.Seq).ToList();
        foreach (var head in unanchored) Append(Sign(head.Key, head.Seq, head.Hash));
        return unanchored.Count;
    }

    /// <summary>
    /// What the checkpoints say about one incident's events (by sequence number, each with its hash): every checkpoint
    /// must carry a good signature from this key, the record must reach the last signed head, and each signed hash must
    /// be the hash of the event at its sequence number.
    /// </summary>
    public AnchorCheck Check(string incidentKey, IReadOnlyDictionary<long, string> hashBySeq, long lastSeq)
    {
        try
        {
            return Check(incidentKey, hashBySeq, lastSeq, ReadAll());
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            return new AnchorCheck(null, [$"the signed checkpoints could not be checked: the key {SigningKeyPath} or the anchor file {AnchorsPath} cannot be read ({exception.Message})"]);
        }
    }

    /// <summary>Reading or writing the key or the anchor file failed: the disk, the permissions, or a damaged key file.</summary>
    public static bool IsUnavailable(Exception exception) => exception is IOException or UnauthorizedAccessException or CryptographicException;

    private AnchorCheck Check(string incidentKey, IReadOnlyDictionary<long, string> hashBySeq, long lastSeq, List<AnchorLine> lines)
    {
        var problems = new List<string>();
        foreach (var line in lines.Where(line => line.Head is null))
            problems.Add($"line {line.Number} of the anchor file {AnchorsPath} is not a signed checkpoint: the file was edited");
        var anchors = lines.Where(line => line.Head?.IncidentKey == incidentKey).ToList();
        var trusted = new List<SignedHead>();
        foreach (var line in anchors)
        {
            var anchor = line.Head!;
            if (anchor.KeyFingerprint != KeyFingerprint)
                problems.Add($"the checkpoint of event {anchor.Seq} (line {line.Number} of the anchor file) was signed by key {anchor.KeyFingerprint}, not by this server's key {KeyFingerprint}: the key was replaced or the line was forged");
            else if (!IsValid(anchor))
                problems.Add($"the checkpoint of event {anchor.Seq} (line {line.Number} of the anchor file) has a signature that does not verify: the line was forged or edited");
            else
                trusted.Add(anchor);
        }
        if (trusted.Count == 0)
        {
            if (lastSeq > 0)
                problems.Add($"no signed checkpoint of this incident is in {AnchorsPath}: the anchor file is missing or was replaced, or the incident was put into the database directly");
            return new AnchorCheck(null, problems);
        }

        var last = trusted.MaxBy(anchor => anchor.Seq)!;
        if (last.Seq > lastSeq)
            problems.Add($"the timeline ends at event {lastSeq}, but event {last.Seq} was signed at {Timestamps.Format(last.At)}: events were deleted, or the database was restored from an older copy");
        var differing = trusted.Where(anchor => hashBySeq.TryGetValue(anchor.Seq, out var hash) && hash != anchor.Hash).OrderBy(anchor => anchor.Seq).ToList();
        if (differing.Count > 0)
            problems.Add($"event {differing[0].Seq} is not the event that was signed at {Timestamps.Format(differing[0].At)}" +
                (differing.Count > 1 ? $" (nor are {differing.Count - 1} later signed events)" : "") +
                ": events were changed and the chain recomputed, or deleted and renumbered");
        var signedThrough = Math.Min(last.Seq, lastSeq);
        foreach (var (from, to) in Ranges(hashBySeq.Keys.Where(seq => seq <= signedThrough && !IsWrittenByAnAnchoredChange(seq, trusted))))
            problems.Add($"{EventRange(from, to)} added without a signed checkpoint: written outside Crisis, or while checkpoints could not be written");
        if (lastSeq > last.Seq)
            problems.Add($"{EventRange(last.Seq + 1, lastSeq)} recorded after the last signed head (event {last.Seq}, signed at {Timestamps.Format(last.At)}) and not signed: " +
                (LastFailure is { } failure ? $"checkpoints cannot be written since {Timestamps.Format(failure.Since)} ({failure.Reason})" : "written outside Crisis, or while checkpoints could not be written"));
        return new AnchorCheck(last.Seq <= lastSeq && differing.Count == 0 ? last : null, problems);
    }

    /// <summary>
    /// Whether a change of Crisis wrote the event: it lies in a signed link (after the checkpoint's <c>prev</c>, up to
    /// its <c>seq</c>), or under a head signed as found before the incident's first link: the head of a database from
    /// before anchoring, or a line from before links existed. Heads signed as found later vouch for no event.
    /// </summary>
    private static bool IsWrittenByAnAnchoredChange(long seq, List<SignedHead> trustedInFileOrder)
    {
        var linked = false;
        foreach (var anchor in trustedInFileOrder)
        {
            linked |= anchor.Prev is not null;
            var from = anchor.Prev ?? (linked ? anchor.Seq : 0);
            if (seq > from && seq <= anchor.Seq) return true;
        }
        return false;
    }

    private static IEnumerable<(long From, long To)> Ranges(IEnumerable<long> seqs)
    {
        long? from = null, to = null;
        foreach (var seq in seqs.Order())
        {
            if (to is { } end && seq == end + 1) { to = seq; continue; }
            if (from is not null) yield return (from.Value, to!.Value);
            (from, to) = (seq, seq);
        }
        if (from is not null) yield return (from.Value, to!.Value);
    }

    private static string EventRange(long from, long to) => from == to ? $"event {from} was" : $"events {from} to {to} were";

    public void Dispose()
    {
        if (_key.IsValueCreated) _key.Value.Dispose();
    }

    private (long Seq, string Hash)? ReadHead(string incidentKey)
    {
        using var connection = _database.Open();
        var head = connection.QuerySingleOrDefault<(long Seq, string Hash)>(
            "SELECT last_event_seq, last_event_hash FROM incidents WHERE key = @incidentKey", new { incidentKey });
        return head.Seq > 0 ? head : null;
    }

    /// <summary>Signs a head; <paramref name="prev"/> is where the change that wrote it started, none for a head signed as found.</summary>
    private SignedHead Sign(string incidentKey, long seq, string hash, long? prev = null)
    {
        var unsigned = new SignedHead(incidentKey, seq, hash, Timestamps.Parse(Timestamps.Format(_time.GetUtcNow())), KeyFingerprint, "", prev);
        return unsigned with { Signature = Convert.ToBase64String(_key.Value.SignData(unsigned.SignedBytes(), HashAlgorithmName.SHA256)) };
    }

    private bool IsValid(SignedHead anchor)
    {
        try
        {
            return anchor.KeyFingerprint == KeyFingerprint
                && _key.Value.VerifyData(anchor.SignedBytes(), Convert.FromBase64String(anchor.Signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>One write of one whole line in append mode, so lines from the server and a CLI verb never interleave.</summary>
    private void Append(SignedHead anchor)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(anchor, LineJson) + "\n");
        lock (_appendLock)
        {
            var folder = Path.GetDirectoryName(AnchorsPath);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            using var file = new FileStream(AnchorsPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Write(line);
        }
    }

    private List<AnchorLine> ReadAll()
    {
        if (!File.Exists(AnchorsPath)) return [];
        using var file = new FileStream(AnchorsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var lines = new List<AnchorLine>();
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.Length > 0) lines.Add(new AnchorLine(number, Parse(text)));
        }
        return lines;
    }

    private static SignedHead? Parse(string line)
    {
        try
        {
            var anchor = JsonSerializer.Deserialize<SignedHead>(line, LineJson);
            return anchor is { IncidentKey: not null, Hash: not null, KeyFingerprint: not null, Signature: not null } ? anchor : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private ECDsa LoadOrCreateKey()
    {
        var key = ECDsa.Create();
        if (!File.Exists(SigningKeyPath)) _created = CreateKeyFile();
        try
        {
            key.ImportFromPem(File.ReadAllText(SigningKeyPath));
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new CryptographicException($"{SigningKeyPath} holds no PEM-encoded private key");
        }
        return key;
    }

    /// <summary>A new P-256 key in a file only its owner may read, in a folder only its owner may enter (where the OS has such modes).</summary>
    private bool CreateKeyFile()
    {
        var folder = Path.GetDirectoryName(SigningKeyPath)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(SigningKeyPath, Encoding.ASCII, options);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            return true;
        }
        catch (IOException) when (File.Exists(SigningKeyPath))
        {
            return false; // another process created it first: use theirs
        }
    }

    private static string Fingerprint(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    private sealed record AnchorLine(int Number, SignedHead? Head);
}

/// <summary>The problems the checkpoints found, and the last signed head when the record matches it.</summary>
public sealed record AnchorCheck(SignedHead? MatchedHead, IReadOnlyList<string> Problems);
