using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Crisis.Reports;
using UglyToad.PdfPig;

namespace Crisis.Core.Tests.Evidence;

/// <summary>The evidence bundle, unzipped and checked the way VERIFY.md tells someone outside the company to: sha256sum, openssl, and crisis verify-evidence.</summary>
public sealed class EvidenceBundleTests : IDisposable
{
    private readonly TestDatabase _test = new();
    private readonly string _key;
    private readonly string _unzipped;
    private static readonly Actor Mei = new("mei");

    public EvidenceBundleTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles, batch 2611", 1), Mei);
        var book = _test.Get<EvidenceBook>();
        var photo = book.Add(_key, new NewEvidence("IMG_2041.JPG", EvidenceSamples.PhonePhoto()) { Title = "Cracked bottle", RemoveLocation = true, CollectedBy = "Wang Fang" }, Mei);
        book.Add(_key, new NewEvidence("SGS report.pdf", EvidenceSamples.LabReport()) { Title = "SGS lab report", Source = "SGS Shanghai" }, Mei);
        var duplicate = book.Add(_key, new NewEvidence("notice.png", EvidenceSamples.Screenshot()) { Title = "Tmall penalty notice" }, Mei);
        book.ShowInReview(_key, photo.Id, true, Mei);
        book.Delete(_key, duplicate.Id, "Screenshot of the wrong shop", Mei);
        _test.Get<StepActions>().Complete(_key, "confirm-defect", Mei);
        _unzipped = Path.Combine(_test.Folder, "unzipped");
    }

    public void Dispose() => _test.Dispose();

    private string Unzip()
    {
        var zip = Path.Combine(_test.Folder, $"{_key}-evidence.zip");
        File.WriteAllBytes(zip, _test.Get<EvidenceBundles>().Write(_key, "en"));
        ZipFile.ExtractToDirectory(zip, _unzipped);
        return zip;
    }

    private (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _unzipped, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private (int ExitCode, string Output) CheckSignature() =>
        Run("openssl", "dgst", "-sha256", "-verify", EvidenceBundles.PublicKey, "-signature", EvidenceBundles.HeadSignature, EvidenceBundles.HeadText);

    [Fact]
    public void The_bundle_holds_every_file_the_timeline_the_report_and_the_signed_head_and_checks_out_with_sha256sum_openssl_and_crisis()
    {
        var zip = Unzip();

        var files = Directory.EnumerateFiles(_unzipped, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(_unzipped, file)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["SHA256SUMS", "VERIFY.md", "chain-head.sig", "chain-head.txt", "files/001-IMG_2041.jpg", "files/002-SGS_report.pdf", "manifest.json",
            "signing-key.pub.pem", "timeline.json", "timeline.pdf"], files);
        var (sums, sumsOutput) = Run("sha256sum", "-c", "SHA256SUMS");
        Assert.True(sums == 0, sumsOutput);
        Assert.Contains("files/001-IMG_2041.jpg: OK", sumsOutput);
        var (signature, signatureOutput) = CheckSignature();
        Assert.True(signature == 0, signatureOutput);
        Assert.Equal("Verified OK", signatureOutput.Trim());

        Assert.True(EvidenceBundleCheck.Verify(_unzipped).IsIntact, string.Join("\n", EvidenceBundleCheck.Verify(_unzipped).Problems));
        Assert.True(EvidenceBundleCheck.Verify(zip).IsIntact);

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_unzipped, "manifest.json")));
        var evidence = manifest.RootElement.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(["included", "included", "deleted"], evidence.Select(item => item.GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, evidence[2].GetProperty("path").ValueKind);
        Assert.Equal("Screenshot of the wrong shop", evidence[2].GetProperty("deletedReason").GetString());
        var events = _test.Get<Timeline>().Read(_key);
        Assert.Equal(events[^1].Hash, manifest.RootElement.GetProperty("chainHead").GetProperty("hash").GetString());
        Assert.False(EvidenceSamples.HoldsPosition(File.ReadAllBytes(Path.Combine(_unzipped, "files", "001-IMG_2041.jpg"))));

        // The readable timeline is the review report, its appendix listing each file with its hash.
        using var pdf = PdfDocument.Open(Path.Combine(_unzipped, "timeline.pdf"));
        var text = string.Join(" ", pdf.GetPages().Select(page => page.Text));
        Assert.Contains("Evidence files", text);
        Assert.Contains(EvidenceFiles.HashOf(EvidenceSamples.LabReport()), text.Replace(" ", ""));
        Assert.Contains("Screenshot of the wrong shop", text);
        Assert.Contains("crisis verify-evidence", File.ReadAllText(Path.Combine(_unzipped, "VERIFY.md")));
    }

    [Fact]
    public void A_changed_file_is_caught_by_sha256sum_and_by_crisis()
    {
        Unzip();
        var photo = Path.Combine(_unzipped, "files", "001-IMG_2041.jpg");
        var bytes = File.ReadAllBytes(photo);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(photo, bytes);

        var (sums, output) = Run("sha256sum", "-c", "SHA256SUMS");
        Assert.NotEqual(0, sums);
        Assert.Contains("files/001-IMG_2041.jpg: FAILED", output);
        var problems = EvidenceBundleCheck.Verify(_unzipped).Problems;
        Assert.Contains("files/001-IMG_2041.jpg was changed: its SHA-256 is not the one in SHA256SUMS", problems);
        Assert.Contains("files/001-IMG_2041.jpg was changed: it no longer has the SHA-256 recorded when it was attached", problems);
    }

    [Fact]
    public void A_timeline_rewritten_with_fresh_sums_is_still_caught_by_its_chain()
    {
        Unzip();
        var path = Path.Combine(_unzipped, "timeline.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"actor\": \"mei\"", "\"actor\": \"someone else\""));
        // Someone covering their tracks recomputes SHA256SUMS too.
        var sums = Path.Combine(_unzipped, "SHA256SUMS");
        File.WriteAllLines(sums, File.ReadAllLines(sums).Select(line => line.EndsWith("  timeline.json") ? $"{EvidenceFiles.HashOf(File.ReadAllBytes(path))}  timeline.json" : line));

        Assert.Equal(0, Run("sha256sum", "-c", "SHA256SUMS").ExitCode);
        var problems = EvidenceBundleCheck.Verify(_unzipped).Problems;
        Assert.Contains(problems, problem => problem.StartsWith("event 1 (incident.opened", StringComparison.Ordinal) && problem.EndsWith("was changed: its fields do not give its hash", StringComparison.Ordinal));
    }

    [Fact]
    public void A_chain_head_moved_to_another_event_fails_the_signature_check()
    {
        Unzip();
        var head = Path.Combine(_unzipped, "chain-head.txt");
        var lines = File.ReadAllText(head).Split('\n');
        var events = _test.Get<Timeline>().Read(_key);
        var seqLine = Array.IndexOf(lines, events[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lines[seqLine] = events[^2].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[seqLine + 1] = events[^2].Hash;
        File.WriteAllText(head, string.Join('\n', lines));

        var (signature, output) = CheckSignature();
        Assert.NotEqual(0, signature);
        Assert.Contains("Verification failure", output);
        Assert.Contains(EvidenceBundleCheck.Verify(_unzipped).Problems,
            problem => problem == "the signature in chain-head.sig does not verify: chain-head.txt was changed, or signed by another key");
    }

    [Fact]
    public void A_file_hidden_by_editing_the_manifest_and_the_sums_is_caught_against_the_signed_timeline_and_a_key_not_the_company_s_is_named()
    {
        Unzip();
        var report = Path.Combine(_unzipped, "files", "002-SGS_report.pdf");
        File.Delete(report);
        var manifestPath = Path.Combine(_unzipped, "manifest.json");
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"path\": \"files/002-SGS_report.pdf\"", "\"path\": null").Replace("\"state\": \"included\"", "\"state\": \"deleted\""));
        var sums = Path.Combine(_unzipped, "SHA256SUMS");
        File.WriteAllLines(sums, File.ReadAllLines(sums).Where(line => !line.EndsWith("002-SGS_report.pdf", StringComparison.Ordinal))
            .Select(line => line.EndsWith("  manifest.json", StringComparison.Ordinal) ? $"{EvidenceFiles.HashOf(File.ReadAllBytes(manifestPath))}  manifest.json" : line));

        Assert.Equal(0, Run("sha256sum", "-c", "SHA256SUMS").ExitCode);
        var check = EvidenceBundleCheck.Verify(_unzipped);
        Assert.Contains(check.Problems, problem => problem.StartsWith("evidence 2 (“SGS lab report”) was deleted on the timeline", StringComparison.Ordinal)
            || problem.StartsWith("evidence 2 (“SGS lab report”) is not in the bundle", StringComparison.Ordinal));

        File.Delete(Path.Combine(_test.Folder, $"{_key}-evidence.zip"));
        Directory.Delete(_unzipped, recursive: true);
        Unzip();
        var fingerprint = _test.Get<TimelineAnchors>().KeyFingerprint;
        Assert.True(EvidenceBundleCheck.Verify(_unzipped, fingerprint).IsIntact);
        Assert.Equal(fingerprint, EvidenceBundleCheck.Verify(_unzipped).KeyFingerprint);
        Assert.Contains("not by the company's key 0123456789abcdef", Assert.Single(EvidenceBundleCheck.Verify(_unzipped, "0123456789abcdef").Problems));
    }
}
