using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;

namespace Crisis.Reports;

/// <summary>What checking a bundle found: problems in words (none when it is intact), and what it checked.</summary>
public sealed record BundleVerification(IReadOnlyList<string> Problems, IReadOnlyList<string> Checked)
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
    public static BundleVerification Verify(string path)
    {
        var files = File.Exists(path) ? FromZip(path) : Directory.Exists(path) ? FromFolder(path) : throw new IOException($"{path} is neither a zip file nor a folder");
        var problems = new List<string>();
        var checkedItems = new List<string>();
        byte[]? Get(string name) => files.GetValueOrDefault(name);

        if (Get(EvidenceBundles.Sums) is not { } sums) return new BundleVerification([$"{EvidenceBundles.Sums} is missing: this is not an evidence bundle, or it is incomplete"], []);
        var summed = 0;
        foreach (var line in Encoding.ASCII.GetString(sums).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2) { problems.Add($"{EvidenceBundles.Sums} has a line that is not \"hash  name\": {line}"); continue; }
            if (Get(parts[1]) is not { } content) problems.Add($"{parts[1]} is listed in {EvidenceBundles.Sums} but not in the bundle");
            else if (EvidenceFiles.HashOf(content) != parts[0]) problems.Add($"{parts[1]} was changed: its SHA-256 is not the one in {EvidenceBundles.Sums}");
            summed++;
        }
        checkedItems.Add($"{summed} files against {EvidenceBundles.Sums}");

        var manifest = Read<BundleManifest>(Get(EvidenceBundles.Manifest), EvidenceBundles.Manifest, problems);
        var recorded = Read<BundleTimeline>(Get(EvidenceBundles.TimelineJson), EvidenceBundles.TimelineJson, problems);
        if (manifest is null || recorded is null) return new BundleVerification(problems, checkedItems);

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

        CheckSignedHead(files, key, recorded, problems, checkedItems);
        CheckEvidence(files, manifest, recorded, problems, checkedItems);
        return new BundleVerification(problems, checkedItems);
    }

    private static void CheckSignedHead(Dictionary<string, byte[]> files, string key, BundleTimeline recorded, List<string> problems, List<string> checkedItems)
    {
        if (files.GetValueOrDefault(EvidenceBundles.HeadText) is not { } text || files.GetValueOrDefault(EvidenceBundles.HeadSignature) is not { } signature
            || files.GetValueOrDefault(EvidenceBundles.PublicKey) is not { } pem)
        {
            problems.Add($"the chain head is not signed: {EvidenceBundles.HeadText}, {EvidenceBundles.HeadSignature} or {EvidenceBundles.PublicKey} is missing");
            return;
        }
        // crisis-timeline-anchor/1: key, seq, hash, at, fingerprint; /2 has the change's first event (prev) after the key.
        var fields = Encoding.UTF8.GetString(text).Split('\n');
        var offset = fields[0] == "crisis-timeline-anchor/2" ? 1 : 0;
        if (fields.Length != 6 + offset || !fields[0].StartsWith("crisis-timeline-anchor/", StringComparison.Ordinal))
        {
            problems.Add($"{EvidenceBundles.HeadText} is not a signed chain head");
            return;
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
            return;
        }
        if (!publicKey.VerifyData(text, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            problems.Add($"the signature in {EvidenceBundles.HeadSignature} does not verify: {EvidenceBundles.HeadText} was changed, or signed by another key");
        if (TimelineAnchors.FingerprintOf(publicKey) != fingerprint)
            problems.Add($"{EvidenceBundles.HeadText} names the key {fingerprint}, but {EvidenceBundles.PublicKey} is the key {TimelineAnchors.FingerprintOf(publicKey)}");
        if (incident != key) problems.Add($"the signed head is of {incident}, not of {key}");
        var signedEvent = recorded.Events.FirstOrDefault(e => e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) == seqText);
        if (signedEvent is null || signedEvent.Hash != hash) problems.Add($"the signed head (event {seqText}) is not an event of {EvidenceBundles.TimelineJson}");
        else if (recorded.Events[^1].Seq != signedEvent.Seq) problems.Add($"events after the signed head (event {seqText}) are not covered by its signature");
        checkedItems.Add($"the head's signature, by key {TimelineAnchors.FingerprintOf(publicKey)} (compare it with the fingerprint the company gives you)");
    }

    private static void CheckEvidence(Dictionary<string, byte[]> files, BundleManifest manifest, BundleTimeline recorded, List<string> problems, List<string> checkedItems)
    {
        var attached = new Dictionary<long, string>();
        foreach (var e in recorded.Events.Where(e => e.Kind == EventKinds.EvidenceAdded))
        {
            using var data = JsonDocument.Parse(e.Data);
            if (data.RootElement.TryGetProperty("evidence", out var id) && data.RootElement.TryGetProperty("sha256", out var sha))
                attached[id.GetInt64()] = sha.GetString() ?? "";
        }
        foreach (var item in manifest.Evidence)
        {
            if (!attached.TryGetValue(item.Id, out var onTimeline)) problems.Add($"evidence {item.Id} (\u201C{item.Title}\u201D) is not on the timeline");
            else if (onTimeline != item.Sha256) problems.Add($"evidence {item.Id} (\u201C{item.Title}\u201D): the manifest's hash is not the one the timeline recorded");
            if (item.Path is null)
            {
                if (item.State != "deleted") problems.Add($"evidence {item.Id} (\u201C{item.Title}\u201D) is not in the bundle: it was {item.State} when the bundle was made");
                continue;
            }
            if (files.GetValueOrDefault(item.Path) is not { } content) problems.Add($"evidence {item.Id} (\u201C{item.Title}\u201D) should be at {item.Path}, which is missing");
            else if (EvidenceFiles.HashOf(content) != item.Sha256) problems.Add($"{item.Path} was changed: it no longer has the SHA-256 recorded when it was attached");
        }
        if (!manifest.TimelineIntact) problems.AddRange(manifest.Problems.Select(problem => "when the bundle was made, Crisis found: " + problem));
        checkedItems.Add($"{manifest.Evidence.Count(item => item.Path is not null)} evidence files against the hashes on the timeline");
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

    private static Dictionary<string, byte[]> FromZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Where(entry => !entry.FullName.EndsWith('/')).ToDictionary(entry => entry.FullName, entry =>
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static Dictionary<string, byte[]> FromFolder(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes);
}
