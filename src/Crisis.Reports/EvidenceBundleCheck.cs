using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;

namespace Crisis.Reports;

/// <summary>What checking a bundle found: problems in words (none when it is intact), and what it checked.</summary>
public sealed record BundleVerification(IReadOnlyList<string> Problems, IReadOnlyList<string> Checked, string? KeyFingerprint = null)
{
    public bool IsIntact => Problems.Count == 0;
}

/// <summary>
/// Checks an evidence bundle (<see cref="EvidenceBundles"/>), unzipped or not, the way VERIFY.md tells an outsider to:
/// every file against <c>SHA256SUMS</c> and the manifest, the timeline's chain recomputed from its events, the chain head
/// against the signed text, the signature against the public key in the bundle, and each file's hash against the event
/// that attached it. It needs nothing but the bundle: not the database, not the server's key.
/// </summary>
public static class EvidenceBundleCheck
{
    /// <param name="expectedKey">The fingerprint of the key the company says signs its records, given by another route than the bundle; without it, the key in the bundle is only named.</param>
    public static BundleVerification Verify(string path, string? expectedKey = null)
    {
        var problems = new List<string>();
        var files = File.Exists(path) ? FromZip(path, problems) : Directory.Exists(path) ? FromFolder(path) : throw new IOException($"{path} is neither a zip file nor a folder");
        var checkedItems = new List<string>();
        byte[]? Get(string name) => files.GetValueOrDefault(name);

        if (Get(EvidenceBundles.Sums) is not { } sums) return new BundleVerification([$"{EvidenceBundles.Sums} is missing: this is not an evidence bundle, or it is incomplete"], []);
        var summed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(sums).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2) { problems.Add($"{EvidenceBundles.Sums} has a line that is not \"hash  name\": {line}"); continue; }
            if (Get(parts[1]) is not { } content) problems.Add($"{parts[1]} is listed in {EvidenceBundles.Sums} but not in the bundle");
            else if (EvidenceFiles.HashOf(content) != parts[0]) problems.Add($"{parts[1]} was changed: its SHA-256 is not the one in {EvidenceBundles.Sums}");
            summed.Add(parts[1]);
        }
        foreach (var unlisted in files.Keys.Where(name => !summed.Contains(name) && name is not (EvidenceBundles.Sums or EvidenceBundles.Instructions)).Order(StringComparer.Ordinal))
            problems.Add($"{unlisted} is in the bundle but not in {EvidenceBundles.Sums}: it was added afterwards");
        checkedItems.Add($"{summed.Count} files against {EvidenceBundles.Sums}");

        var manifest = Read<BundleManifest>(Get(EvidenceBundles.Manifest), EvidenceBundles.Manifest, problems);
        var recorded = Read<BundleTimeline>(Get(EvidenceBundles.TimelineJson), EvidenceBundles.TimelineJson, problems);
        if (manifest?.Incident is null || manifest.Evidence is null || recorded?.Events is null)
        {
            if (manifest is not null && recorded is not null) problems.Add($"{EvidenceBundles.Manifest} or {EvidenceBundles.TimelineJson} is missing its incident, its evidence or its events");
            return new BundleVerification(problems, checkedItems);
        }

        var key = manifest.Incident.Key;
        var previous = Timeline.GenesisHash;
        long expected = 1;
        foreach (var e in recorded.Events)
        {
            if (e.Seq != expected) problems.Add($"event {expected} is missing from {EvidenceBundles.TimelineJson}");
            if (e.PrevHash != previous) problems.Add($"event {e.Seq} does not follow the event before it");
            if (e.ComputedHash(key) != e.Hash) problems.Add($"event {e.Seq} ({e.Kind} at {e.At}) was changed: its fields do not give its hash");
            previous = e.Hash;
            expected = e.Seq + 1;
        }
        checkedItems.Add($"the chain of {recorded.Events.Count} events of {key}");
        if (manifest.ChainHead is { } chainHead && (recorded.Events.Count == 0 || recorded.Events[^1].Seq != chainHead.Seq || recorded.Events[^1].Hash != chainHead.Hash))
            problems.Add($"the timeline does not end at the head the manifest names (event {chainHead.Seq})");

        var fingerprint = CheckSignedHead(files, key, recorded, problems, checkedItems);
        if (expectedKey is not null && fingerprint is not null && !string.Equals(expectedKey.Trim(), fingerprint, StringComparison.OrdinalIgnoreCase))
            problems.Add($"the chain head was signed by key {fingerprint}, not by the company's key {expectedKey.Trim()}: the bundle was made or re-signed elsewhere");
        CheckEvidence(files, manifest, recorded, problems, checkedItems);
        return new BundleVerification(problems, checkedItems, fingerprint);
    }

    /// <summary>Checks the signed head against the timeline and the key in the bundle; the key's fingerprint, or null when there is none to check.</summary>
    private static string? CheckSignedHead(Dictionary<string, byte[]> files, string key, BundleTimeline recorded, List<string> problems, List<string> checkedItems)
    {
        if (files.GetValueOrDefault(EvidenceBundles.HeadText) is not { } text || files.GetValueOrDefault(EvidenceBundles.HeadSignature) is not { } signature
            || files.GetValueOrDefault(EvidenceBundles.PublicKey) is not { } pem)
        {
            problems.Add($"the chain head is not signed: {EvidenceBundles.HeadText}, {EvidenceBundles.HeadSignature} or {EvidenceBundles.PublicKey} is missing");
            return null;
        }
        // crisis-timeline-anchor/1: key, seq, hash, at, fingerprint; /2 has the change's first event (prev) after the key.
        var fields = Encoding.UTF8.GetString(text).Split('\n');
        var offset = fields[0] == "crisis-timeline-anchor/2" ? 1 : 0;
        if (fields.Length != 6 + offset || !fields[0].StartsWith("crisis-timeline-anchor/", StringComparison.Ordinal))
        {
            problems.Add($"{EvidenceBundles.HeadText} is not a signed chain head");
            return null;
        }
        var (incident, seqText, hash, fingerprint) = (fields[1], fields[2 + offset], fields[3 + offset], fields[5 + offset]);
        using var publicKey = ECDsa.Create();
        try
        {
            publicKey.ImportFromPem(Encoding.ASCII.GetString(pem));
        }
        catch (ArgumentException)
        {
            problems.Add($"{EvidenceBundles.PublicKey} holds no public key");
            return null;
        }
        if (!publicKey.VerifyData(text, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            problems.Add($"the signature in {EvidenceBundles.HeadSignature} does not verify: {EvidenceBundles.HeadText} was changed, or signed by another key");
        if (TimelineAnchors.FingerprintOf(publicKey) != fingerprint)
            problems.Add($"{EvidenceBundles.HeadText} names the key {fingerprint}, but {EvidenceBundles.PublicKey} is the key {TimelineAnchors.FingerprintOf(publicKey)}");
        if (incident != key) problems.Add($"the signed head is of {incident}, not of {key}");
        var signedEvent = recorded.Events.FirstOrDefault(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) == seqText);
        if (signedEvent is null || signedEvent.Hash != hash) problems.Add($"the signed head (event {seqText}) is not an event of {EvidenceBundles.TimelineJson}");
        else if (recorded.Events[^1].Seq != signedEvent.Seq) problems.Add($"events after the signed head (event {seqText}) are not covered by its signature");
        var signedBy = TimelineAnchors.FingerprintOf(publicKey);
        checkedItems.Add($"the head's signature, by key {signedBy}");
        return signedBy;
    }

    /// <summary>
    /// The files the timeline says were attached and not deleted must be in the bundle with the recorded hash, and the
    /// manifest must say of each what the timeline does: the timeline is what the signature covers, the manifest is not.
    /// </summary>
    private static void CheckEvidence(Dictionary<string, byte[]> files, BundleManifest manifest, BundleTimeline recorded, List<string> problems, List<string> checkedItems)
    {
        var attached = new Dictionary<long, RecordedEvidence>();
        var deleted = new HashSet<long>();
        foreach (var e in recorded.Events.Where(e => e.Kind is EventKinds.EvidenceAdded or EventKinds.EvidenceDeleted))
        {
            if (RecordedEvidence.Read(e.Data) is not { } evidence) problems.Add($"event {e.Seq} ({e.Kind}) cannot be read as the evidence it records");
            else if (e.Kind == EventKinds.EvidenceDeleted) deleted.Add(evidence.Id);
            else attached[evidence.Id] = evidence;
        }
        var listed = new Dictionary<long, BundleEvidence>();
        foreach (var item in manifest.Evidence ?? []) listed.TryAdd(item.Id, item);
        foreach (var (id, onTimeline) in attached.OrderBy(pair => pair.Key))
        {
            var named = $"evidence {id} (\u201C{onTimeline.Title}\u201D)";
            if (!listed.TryGetValue(id, out var item))
            {
                problems.Add($"{named} is on the timeline but not in the manifest");
                continue;
            }
            if ((item.Sha256, item.Title, item.FileName, item.Size, item.Type) != (onTimeline.Sha256, onTimeline.Title, onTimeline.FileName, onTimeline.Size, onTimeline.MediaType))
                problems.Add($"{named}: the manifest does not say what the timeline recorded (hash, title, file name, size or type)");
            if (deleted.Contains(id))
            {
                if (item.Path is not null || item.State != "deleted") problems.Add($"{named} was deleted on the timeline, but the manifest says it is {item.State}");
                continue;
            }
            if (item.Path is null)
            {
                problems.Add($"{named} is not in the bundle: it was {item.State} when the bundle was made");
                continue;
            }
            if (files.GetValueOrDefault(item.Path) is not { } content) problems.Add($"{named} should be at {item.Path}, which is missing");
            else if (EvidenceFiles.HashOf(content) != onTimeline.Sha256) problems.Add($"{item.Path} was changed: it no longer has the SHA-256 recorded when it was attached");
        }
        foreach (var extra in listed.Keys.Where(id => !attached.ContainsKey(id)).Order())
            problems.Add($"evidence {extra} is in the manifest but was never attached on the timeline");
        if (!manifest.TimelineIntact) problems.AddRange((manifest.Problems ?? []).Select(problem => "when the bundle was made, Crisis found: " + problem));
        checkedItems.Add($"{attached.Count - deleted.Count} evidence files against the hashes on the timeline");
    }

    private static T? Read<T>(byte[]? content, string name, List<string> problems) where T : class
    {
        if (content is null)
        {
            problems.Add($"{name} is missing");
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(content, EvidenceBundles.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException exception)
        {
            problems.Add($"{name} cannot be read: {exception.Message}");
            return null;
        }
    }

    private static Dictionary<string, byte[]> FromZip(string path, List<string> problems)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new IOException($"{path} is not a zip file");
        }
        using (zip)
        {
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(entry => !entry.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                if (!files.TryAdd(entry.FullName, copy.ToArray())) problems.Add($"{entry.FullName} is in the zip twice: which one is meant cannot be told");
            }
            return files;
        }
    }

    private static Dictionary<string, byte[]> FromFolder(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes);
}
