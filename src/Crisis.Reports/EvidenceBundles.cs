using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;

namespace Crisis.Reports;

/// <summary>
/// The evidence bundle: one zip someone outside the company (a regulator, a court, the platform) can check without
/// Crisis. It holds every file as attached, the timeline as JSON (each event as stored, so its hash can be recomputed)
/// and as a readable PDF (the review report), a manifest of every file's hash, the signed chain head with the public
/// key that signed it, <c>SHA256SUMS</c> over all of it, and <c>VERIFY.md</c>, which says how to check it.
/// </summary>
public sealed class EvidenceBundles(Timeline timeline, TimelineAnchors anchors, EvidenceBook evidence, IncidentQueries incidents, IncidentReports reports, TimeProvider time)
{
    public const string Format = "crisis-evidence-bundle/1";
    public const string Manifest = "manifest.json";
    public const string Sums = "SHA256SUMS";
    public const string TimelineJson = "timeline.json";
    public const string TimelinePdf = "timeline.pdf";
    public const string HeadText = "chain-head.txt";
    public const string HeadSignature = "chain-head.sig";
    public const string PublicKey = "signing-key.pub.pem";
    public const string Instructions = "VERIFY.md";
    public const string FilesFolder = "files/";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string FileName(string key) => $"{key}-evidence.zip";

    public byte[] Write(string key, string language)
    {
        using var output = new MemoryStream();
        Write(key, language, output);
        return output.ToArray();
    }

    /// <summary>Writes the bundle; each evidence file goes into the zip as it is read and checked, so only one is held at a time.</summary>
    public void Write(string key, string language, Stream output)
    {
        var incident = incidents.Get(key);
        var (head, events) = SignedRecord(key);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var generatedAt = time.GetUtcNow();
        var sums = new StringBuilder();
        void Add(string name, byte[] content, string? sha256 = null)
        {
            var entry = zip.CreateEntry(name, name.StartsWith(FilesFolder, StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
            entry.LastWriteTime = generatedAt;
            using (var stream = entry.Open()) stream.Write(content);
            if (name != Sums && name != Instructions) sums.Append($"{sha256 ?? EvidenceFiles.HashOf(content)}  {name}\n");
        }

        var listed = new List<BundleEvidence>();
        // Only what the signed record attached: a file attached while the bundle is made is in the next one.
        var attached = events.Where(e => e.Kind == EventKinds.EvidenceAdded).Select(e => RecordedEvidence.Read(e.Data)?.Id).ToHashSet();
        foreach (var item in evidence.List(key).Where(item => attached.Contains(item.Id)))
        {
            var file = evidence.Open(key, item.Id);
            var state = item.IsDeleted ? "deleted" : file.State switch { FileState.Intact => "included", FileState.Altered => "altered", _ => "missing" };
            string? path = null;
            if (file.Content is { } content)
            {
                path = $"{FilesFolder}{item.Id:000}-{SafeName(item.DownloadName)}";
                Add(path, content, item.Sha256); // Open checked the content against this hash
            }
            listed.Add(new BundleEvidence(item.Id, item.Title, item.FileName, path, item.Sha256, item.Size, item.MediaType, item.Source, item.CollectedBy,
                item.CollectedAt, item.UploadedBy, item.UploadedAt, state, item.DeletedBy, item.DeletedAt, item.DeletedReason));
        }
        // One verification serves the report and the manifest: it hashes every file, so it is not done twice.
        var review = reports.ReviewData(key, ReportTexts.For(language).Language);
        var verification = review.Verification;
        Add(TimelineJson, JsonSerializer.SerializeToUtf8Bytes(new BundleTimeline(key, events), Json));
        Add(TimelinePdf, reports.ReviewPdf(review, language));
        if (head is not null)
        {
            Add(HeadText, Encoding.UTF8.GetBytes(TimelineAnchors.SignedText(head)));
            Add(HeadSignature, TimelineAnchors.DerSignature(head));
            Add(PublicKey, Encoding.ASCII.GetBytes(anchors.PublicKeyPem() + "\n"));
        }
        var manifest = new BundleManifest(Format, new BundleIncident(incident.Key, incident.Title, incident.Severity, incident.Status, incident.OpenedAt, incident.IsExercise),
            generatedAt, events.Count == 0 ? null : new BundleHead(events[^1].Seq, events[^1].Hash), head, head is null ? null : anchors.KeyFingerprint,
            verification.IsIntact, verification.Problems, listed);
        Add(Manifest, JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
        Add(Sums, Encoding.UTF8.GetBytes(sums.ToString()));
        Add(Instructions, Encoding.UTF8.GetBytes(VerifyText(incident.Key, head is null ? null : anchors.KeyFingerprint)));
    }

    /// <summary>
    /// The signed head and the events up to it, read so that they match: the head is signed first, and if an event was
    /// recorded between signing and reading, the new head is signed again. Without a signing key the events come alone.
    /// </summary>
    private (SignedHead? Head, IReadOnlyList<StoredEvent> Events) SignedRecord(string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            SignedHead? head;
            try
            {
                head = anchors.AnchorCurrentHead(key);
            }
            catch (Exception exception) when (TimelineAnchors.IsUnavailable(exception) || exception is Core.NotFoundException)
            {
                head = null;
            }
            var events = timeline.ReadStored(key);
            if (head is null || events.Count == 0 || events[^1].Seq == head.Seq || attempt == 3) return (head, events);
        }
    }

    /// <summary>A name safe in any zip tool on any system: letters, digits (any script), dot, dash and underscore.</summary>
    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "file" : safe;
    }

    private static string VerifyText(string key, string? fingerprint) =>
        $"""
        # Evidence bundle of {key}: how to check it

        Made by Crisis. Nothing here needs Crisis to be checked: any machine with `sha256sum` and `openssl` will do.

        1. **Every file is as it was when the bundle was made.** In the unzipped folder:

               sha256sum -c {Sums}

           Every line must say OK. `{Manifest}` lists each piece of evidence with the SHA-256 recorded on the incident's
           timeline when it was attached; `{Sums}` covers the manifest too.

        2. **The timeline's head was signed by the company's Crisis server.**

               openssl dgst -sha256 -verify {PublicKey} -signature {HeadSignature} {HeadText}

           It must say `Verified OK`. `{HeadText}` names the incident, the last event's number and hash, when it was
           signed and the key's fingerprint ({fingerprint ?? "no key: this bundle's head is not signed"}). Ask the company
           for its key fingerprint by another route (it is printed on every report) and compare: a bundle signed with
           another key proves nothing.

        3. **The timeline is one unbroken chain, ending at the signed head, and it recorded each file's hash.**
           `{TimelineJson}` holds each event as stored; an event's hash is the SHA-256 of these fields joined by a line
           feed (`\n`), as UTF-8: `prevHash`, the incident key, `seq`, `at`, `actor`, `kind`, `data`. The first event's
           `prevHash` is 64 zeros; each next one's is the hash before it; the last hash is the one in `{HeadText}`.
           Each file's SHA-256 is in the `evidence.added` event that attached it, and `{Manifest}` must say of each file
           what that event says. With Crisis installed, one command checks all three steps, and the key:

               crisis verify-evidence FOLDER-OR-ZIP --key THE-FINGERPRINT-THE-COMPANY-GAVE-YOU

        `{TimelinePdf}` is the same record as a readable report (the post-incident review), with every file's hash in
        its appendix.
        """.Replace("\r\n", "\n") + "\n";
}

public sealed record BundleTimeline(string Incident, IReadOnlyList<StoredEvent> Events);

public sealed record BundleIncident(string Key, string Title, int Severity, string Status, DateTimeOffset OpenedAt, bool IsExercise);

public sealed record BundleHead(long Seq, string Hash);

/// <summary>One piece of evidence in the manifest; <c>path</c> is null when the file is not in the bundle (deleted, altered or missing, as <c>state</c> says).</summary>
public sealed record BundleEvidence(long Id, string Title, string FileName, string? Path, string Sha256, long Size, string Type, string Source, string CollectedBy,
    DateTimeOffset? CollectedAt, string UploadedBy, DateTimeOffset? UploadedAt, string State, string? DeletedBy, DateTimeOffset? DeletedAt, string? DeletedReason);

public sealed record BundleManifest(string Format, BundleIncident Incident, DateTimeOffset GeneratedAt, BundleHead? ChainHead, SignedHead? SignedHead, string? KeyFingerprint,
    bool TimelineIntact, IReadOnlyList<string> Problems, IReadOnlyList<BundleEvidence> Evidence);
