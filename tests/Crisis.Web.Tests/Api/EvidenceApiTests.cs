using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Crisis.Core.Tests.Evidence;
using Crisis.Reports;

namespace Crisis.Web.Tests.Api;

/// <summary>A server whose evidence limit is 200 KB, so that an oversized upload is quick to send.</summary>
public sealed class SmallEvidenceLimitServer : CrisisServer
{
    public const long Limit = 200_000;

    protected override IEnumerable<string> ExtraArguments => [$"--Crisis:Evidence:MaxFileBytes={Limit}"];
}

/// <summary>Evidence through the API on a real server: uploads told by content, downloads checked against the hash and never shown inline, the bundle checked after download.</summary>
public sealed class EvidenceApiTests(SmallEvidenceLimitServer server) : IClassFixture<SmallEvidenceLimitServer>
{
    private static MultipartFormDataContent Form(byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Attach(string key, MultipartFormDataContent form, string role = Roles.Responder)
    {
        using var client = server.Client(role);
        using var response = await client.PostAsync($"/api/incidents/{key}/evidence", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_responder_attaches_a_phone_photo_without_its_location_and_a_viewer_downloads_it_as_an_attachment_with_its_hash()
    {
        var key = await server.OpenRecallAsync();
        var photo = EvidenceSamples.PhonePhoto();
        var (status, added) = await Attach(key, Form(photo, "IMG_2041.JPG", ("title", "Cracked bottle, batch 2611"), ("source", "customer via Tmall chat"),
            ("collectedBy", "Wang Fang"), ("collectedAt", "2026-11-02T14:22:05+08:00"), ("attachedTo", "step"), ("attachedRef", "confirm-defect"), ("removeLocation", "true")));
        Assert.Equal(HttpStatusCode.Created, status);
        var id = added.GetProperty("id").GetInt64();
        Assert.Equal(("image/jpeg", "Cracked bottle, batch 2611", "step", "confirm-defect", true, "responder-user"),
            (added.GetProperty("mediaType").GetString(), added.GetProperty("title").GetString(), added.GetProperty("attachedTo").GetString(),
             added.GetProperty("attachedRef").GetString(), added.GetProperty("locationRemoved").GetBoolean(), added.GetProperty("uploadedBy").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 6, 22, 5, TimeSpan.Zero), added.GetProperty("collectedAt").GetDateTimeOffset());

        using var viewer = server.Client(Roles.Viewer);
        using var download = await viewer.GetAsync($"/api/incidents/{key}/evidence/{id}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var content = await download.Content.ReadAsByteArrayAsync();
        Assert.False(EvidenceSamples.HoldsPosition(content));
        var sha256 = added.GetProperty("sha256").GetString()!;
        Assert.Equal(sha256, EvidenceFiles.HashOf(content));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("IMG_2041.jpg", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox; default-src 'none'", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:", download.Headers.GetValues("Repr-Digest").Single());

        using var thumbnail = await viewer.GetAsync($"/api/incidents/{key}/evidence/{id}/picture?thumbnail=true");
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        using var picture = SkiaSharp.SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal(320, Math.Max(picture.Width, picture.Height));

        var listed = await viewer.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/evidence");
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(SmallEvidenceLimitServer.Limit, listed.GetProperty("maxFileBytes").GetInt64());
        var recorded = server.Service<Timeline>().Read(key).Single(e => e.Kind == EventKinds.EvidenceAdded).Data;
        Assert.Equal(sha256, recorded.GetProperty("sha256").GetString());

        // Readers read; they attach nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await Attach(key, Form(photo, "again.jpg"), Roles.Viewer)).Status);
    }

    [Theory]
    [InlineData("page", "photo.jpg", "the file is HTML, SVG or XML, which a browser would run: save the page as PDF or take a screenshot")]
    [InlineData("program", "invoice.pdf", "the file is a program; programs are never taken as evidence")]
    public async Task A_file_that_lies_about_its_type_is_refused_with_415_saying_what_it_is(string kind, string name, string detail)
    {
        var key = await server.OpenRecallAsync();
        var (status, body) = await Attach(key, Form(kind == "page" ? EvidenceSamples.PageWithScript() : EvidenceSamples.Program(), name));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(detail, body.GetProperty("detail").GetString());
        Assert.Empty(server.Service<EvidenceBook>().List(key));
    }

    [Fact]
    public async Task A_picture_named_as_a_pdf_is_kept_as_the_picture_it_is_and_downloaded_under_its_real_extension()
    {
        var key = await server.OpenRecallAsync();
        var (status, added) = await Attach(key, Form(EvidenceSamples.Screenshot(), "penalty-notice.pdf"));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("image/png", added.GetProperty("mediaType").GetString());
        using var client = server.Client(Roles.Viewer);
        using var download = await client.GetAsync($"/api/incidents/{key}/evidence/{added.GetProperty("id").GetInt64()}/file");
        Assert.Equal(("image/png", "penalty-notice.png"), (download.Content.Headers.ContentType!.MediaType, download.Content.Headers.ContentDisposition!.FileNameStar));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_saying_its_size_and_a_request_far_over_it_is_stopped_by_the_server()
    {
        var key = await server.OpenRecallAsync();
        var (status, body) = await Attach(key, Form(new byte[300_000], "scan.pdf"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("the file is 0.3 MB; the limit is 0.2 MB", body.GetProperty("detail").GetString());

        var (stopped, _) = await Attach(key, Form(new byte[3_000_000], "video.mp4"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, stopped);
        Assert.Empty(server.Service<EvidenceBook>().List(key));
    }

    [Fact]
    public async Task A_file_altered_on_the_server_is_not_served_and_deleting_needs_a_reason_and_no_legal_hold()
    {
        var key = await server.OpenRecallAsync();
        var (_, added) = await Attach(key, Form(EvidenceSamples.LabReport(), "SGS.pdf", ("title", "SGS lab report")));
        var id = added.GetProperty("id").GetInt64();
        var sha256 = added.GetProperty("sha256").GetString()!;
        var path = Path.Combine(server.Service<EvidenceFiles>().Folder, sha256[..2], sha256);
        var original = File.ReadAllBytes(path);
        File.WriteAllBytes(path, [.. original[..^4], .. "XXXX"u8]);

        using var commander = server.Client(Roles.Commander);
        using (var altered = await commander.GetAsync($"/api/incidents/{key}/evidence/{id}/file"))
        {
            Assert.Equal(HttpStatusCode.Conflict, altered.StatusCode);
            Assert.Contains($"no longer has the SHA-256 {sha256} on the timeline", (await altered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        File.WriteAllBytes(path, original);

        Assert.Equal(HttpStatusCode.NoContent, (await commander.PutAsJsonAsync($"/api/incidents/{key}/legal-hold", new { reason = "SAMR inquiry letter" })).StatusCode);
        using (var held = await Delete(commander, $"/api/incidents/{key}/evidence/{id}", new { reason = "wrong file" }))
            Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        using (var responderDelete = await Delete(server.Client(Roles.Responder), $"/api/incidents/{key}/evidence/{id}", new { reason = "wrong file" }))
            Assert.Equal(HttpStatusCode.Forbidden, responderDelete.StatusCode);
        using (var lifted = await Delete(commander, $"/api/incidents/{key}/legal-hold", new { reason = "Inquiry closed" }))
            Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        using (var noReason = await Delete(commander, $"/api/incidents/{key}/evidence/{id}", new { }))
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using (var deleted = await Delete(commander, $"/api/incidents/{key}/evidence/{id}", new { reason = "Report for another batch" }))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var gone = await commander.GetAsync($"/api/incidents/{key}/evidence/{id}/file");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.EndsWith("by commander-user: Report for another batch", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var tombstone = await commander.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/evidence/{id}");
        Assert.Equal(("Report for another batch", sha256), (tombstone.GetProperty("deletedReason").GetString(), tombstone.GetProperty("sha256").GetString()));
    }

    private static Task<HttpResponseMessage> Delete(HttpClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = JsonContent.Create(body) });

    [Fact]
    public async Task The_evidence_bundle_downloads_as_a_zip_that_checks_out_after_unzipping()
    {
        var key = await server.OpenRecallAsync();
        await Attach(key, Form(EvidenceSamples.PhonePhoto(), "IMG_2041.JPG", ("title", "Cracked bottle")));
        await Attach(key, Form(EvidenceSamples.WordDocument(), "certificate.docx", ("title", "Supplier's certificate")));
        await Attach(key, Form(EvidenceSamples.Email(), "complaint.eml", ("title", "Customer's email")));

        using var client = server.Client(Roles.Viewer);
        using var response = await client.GetAsync($"/api/incidents/{key}/evidence.zip?lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("application/zip", $"{key}-evidence.zip"), (response.Content.Headers.ContentType!.MediaType, response.Content.Headers.ContentDisposition!.FileNameStar));
        var folder = Directory.CreateTempSubdirectory("crisis-bundle-").FullName;
        try
        {
            new ZipArchive(await response.Content.ReadAsStreamAsync()).ExtractToDirectory(folder);
            var check = EvidenceBundleCheck.Verify(folder);
            Assert.True(check.IsIntact, string.Join("\n", check.Problems));
            Assert.Equal(["001-IMG_2041.jpg", "002-certificate.docx", "003-complaint.eml"],
                Directory.GetFiles(Path.Combine(folder, "files")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var pdf = Crisis.Pdf.Tests.PdfFiles.Text(File.ReadAllBytes(Path.Combine(folder, "timeline.pdf")));
            Assert.Contains("证据文件", pdf);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
