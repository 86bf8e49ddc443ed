using Crisis.Core.Cases;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Dapper;
using SkiaSharp;

namespace Crisis.Core.Tests.Evidence;

/// <summary>Evidence kept by its hash beside a real database: types told by content, the photo's position removed on request, the chain covering each file.</summary>
public sealed class EvidenceTests : IDisposable
{
    private readonly TestDatabase _test = new();
    private readonly string _key;
    private static readonly Actor Mei = new("mei");

    public EvidenceTests()
    {
        _test.AddShippedPlaybook("product-recall.md");
        _key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles, batch 2611", 1), Mei);
    }

    public void Dispose() => _test.Dispose();

    private EvidenceBook Book => _test.Get<EvidenceBook>();
    private EvidenceFiles Files => _test.Get<EvidenceFiles>();

    private EvidenceItem Attach(byte[] content, string name, string? title = null, bool removeLocation = false) =>
        Book.Add(_key, new NewEvidence(name, content) { Title = title, RemoveLocation = removeLocation, Source = "customer via Tmall chat", CollectedBy = "Wang Fang" }, Mei);

    public static TheoryData<string, string, string> KindsTaken => new()
    {
        { "phone photo", "IMG_2041.JPG", "image/jpeg" },
        { "screenshot", "penalty-notice.png", "image/png" },
        { "lab report", "SGS-report.pdf", "application/pdf" },
        { "certificate", "certificate.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "email", "complaint.eml", "message/rfc822" },
        { "png named as a pdf", "notice.pdf", "image/png" },
    };

    private static byte[] Sample(string kind) => kind switch
    {
        "phone photo" => EvidenceSamples.PhonePhoto(),
        "screenshot" or "png named as a pdf" => EvidenceSamples.Screenshot(),
        "lab report" => EvidenceSamples.LabReport(),
        "certificate" => EvidenceSamples.WordDocument(),
        "email" => EvidenceSamples.Email(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(KindsTaken))]
    public void Each_kind_of_file_is_told_by_its_content_not_its_name(string kind, string name, string mediaType)
    {
        var added = Attach(Sample(kind), name);
        Assert.Equal(mediaType, added.MediaType);
        Assert.Equal(name, added.FileName);
        // The download is named for what the file is: a PNG named .pdf is saved as .png.
        Assert.Equal(Path.GetFileNameWithoutExtension(name) + EvidenceTypes.Of(mediaType).Extension, added.DownloadName);
    }

    [Theory]
    [InlineData("page with script", "photo.jpg", "refusal:evidence-markup")]
    [InlineData("program", "invoice.pdf", "refusal:evidence-program")]
    [InlineData("zip", "photos.zip", "refusal:evidence-zip")]
    [InlineData("binary", "data.bin", "refusal:evidence-unknown-type")]
    [InlineData("empty", "empty.txt", "refusal:evidence-empty")]
    public void A_file_that_is_not_a_kind_taken_is_refused_whatever_it_is_named_and_nothing_is_kept(string kind, string name, string refusal)
    {
        var content = kind switch
        {
            "page with script" => EvidenceSamples.PageWithScript(),
            "program" => EvidenceSamples.Program(),
            "zip" => Zipped(EvidenceSamples.Screenshot()),
            "binary" => [0x00, 0x01, 0x02, 0xFE, 0x80, 0x00, 0x13],
            _ => [],
        };
        var refused = Assert.Throws<UnsupportedFileException>(() => Attach(content, name));
        Assert.Equal(refusal, refused.TextKey);
        Assert.Empty(Book.List(_key));
        Assert.DoesNotContain(_test.Get<Timeline>().Read(_key), e => e.Kind == EventKinds.EvidenceAdded);
        Assert.False(Directory.Exists(Files.Folder) && Directory.EnumerateFiles(Files.Folder, "*", SearchOption.AllDirectories).Any());
    }

    private static byte[] Zipped(byte[] content)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("a.png").Open()) entry.Write(content);
        return output.ToArray();
    }

    [Fact]
    public void A_file_is_kept_once_under_its_hash_beside_the_database_and_its_hash_size_and_type_are_on_the_timeline()
    {
        var photo = EvidenceSamples.PhonePhoto();
        var first = Attach(photo, "IMG_2041.JPG", "Cracked bottle, customer photo");
        var again = Attach(photo, "same-photo-from-email.jpg");

        var hash = EvidenceFiles.HashOf(photo);
        Assert.Equal(hash, first.Sha256);
        Assert.Equal(hash, again.Sha256);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(_test.Database.FilePath)!, "evidence"), Files.Folder);
        var stored = Directory.EnumerateFiles(Files.Folder, "*", SearchOption.AllDirectories).Where(file => !file.Contains("derived")).ToList();
        Assert.Equal(Path.Combine(Files.Folder, hash[..2], hash), Assert.Single(stored));
        Assert.Equal(photo, File.ReadAllBytes(stored[0]));

        var added = _test.Get<Timeline>().Read(_key).Where(e => e.Kind == EventKinds.EvidenceAdded).ToList();
        Assert.Equal(2, added.Count);
        var data = added[0].Data;
        Assert.Equal((hash, photo.Length, "image/jpeg", "Cracked bottle, customer photo", "mei"),
            (data.GetProperty("sha256").GetString(), data.GetProperty("size").GetInt32(), data.GetProperty("type").GetString(), data.GetProperty("title").GetString(), added[0].Actor));
        Assert.True(_test.Get<Timeline>().Verify(_key).IsIntact);
        Assert.Equal("Cracked bottle, customer photo", Book.Open(_key, first.Id).Item.Title);
        Assert.Equal(photo, Book.Open(_key, first.Id).Content);
    }

    [Fact]
    public void A_file_altered_or_removed_on_disk_is_named_by_verification_and_not_served()
    {
        var report = Attach(EvidenceSamples.LabReport(), "SGS-report.pdf", "SGS lab report");
        var path = Path.Combine(Files.Folder, report.Sha256[..2], report.Sha256);
        var altered = File.ReadAllBytes(path);
        altered[^10] ^= 0x20;
        File.WriteAllBytes(path, altered);

        var opened = Book.Open(_key, report.Id);
        Assert.Equal((FileState.Altered, null), (opened.State, opened.Content));
        var problem = Assert.Single(_test.Get<Timeline>().Verify(_key).Problems);
        Assert.Contains($"evidence {report.Id} (“SGS lab report”", problem);
        Assert.Contains("was altered", problem);

        File.Delete(path);
        Assert.Equal(FileState.Missing, Book.Open(_key, report.Id).State);
        Assert.Contains("is missing from the evidence folder", Assert.Single(_test.Get<Timeline>().Verify(_key).Problems));

        // Attaching the same file again puts the good copy back: the record is whole again.
        Attach(EvidenceSamples.LabReport(), "SGS-report-again.pdf");
        Assert.True(_test.Get<Timeline>().Verify(_key).IsIntact);
    }

    [Fact]
    public void A_record_pointed_at_another_file_in_the_database_is_caught_against_the_timeline()
    {
        var photo = Attach(EvidenceSamples.PhonePhoto(), "IMG_2041.JPG");
        var other = Attach(EvidenceSamples.Screenshot(), "other.png");
        using (var connection = _test.Database.Open())
            connection.Execute("UPDATE evidence SET sha256 = @Sha256 WHERE id = @id", new { other.Sha256, id = photo.Id });
        Assert.Contains(_test.Get<Timeline>().Verify(_key).Problems, problem => problem.Contains("its record names the file"));
    }

    [Fact]
    public void Removing_the_location_blanks_the_gps_block_and_keeps_every_pixel_the_camera_and_the_time()
    {
        var photo = EvidenceSamples.PhonePhoto();
        Assert.True(EvidenceSamples.HoldsPosition(photo));

        var kept = Attach(photo, "IMG_2041.JPG", removeLocation: true);
        var stored = Book.Open(_key, kept.Id).Content!;

        Assert.True(kept.LocationRemoved);
        Assert.False(EvidenceSamples.HoldsPosition(stored));
        Assert.Equal(photo.Length, stored.Length); // blanked in place, not re-encoded
        Assert.Contains(EvidenceSamples.CameraMake, System.Text.Encoding.ASCII.GetString(stored));
        Assert.Contains(EvidenceSamples.TakenAt, System.Text.Encoding.ASCII.GetString(stored));
        using var before = SKBitmap.Decode(photo);
        using var after = SKBitmap.Decode(stored);
        Assert.Equal(before.GetPixelSpan().ToArray(), after.GetPixelSpan().ToArray());
        // The hash on the timeline is the kept file's, and the timeline says the position was removed.
        var added = _test.Get<Timeline>().Read(_key).Single(e => e.Kind == EventKinds.EvidenceAdded).Data;
        Assert.Equal((EvidenceFiles.HashOf(stored), true), (added.GetProperty("sha256").GetString(), added.GetProperty("locationRemoved").GetBoolean()));

        // Without the request the original is kept byte for byte, position included.
        var original = Attach(photo, "IMG_2041-original.JPG");
        Assert.Equal(photo, Book.Open(_key, original.Id).Content);
    }

    [Fact]
    public void Pages_and_reports_show_an_upright_scaled_copy_without_metadata()
    {
        // Orientation 6: the phone was held upright, so the stored landscape pixels are shown turned a quarter clockwise.
        var photo = Attach(EvidenceSamples.PhonePhoto(2400, 1800, orientation: 6), "IMG_2042.JPG");
        var display = Book.Picture(photo, thumbnail: false)!;
        var thumbnail = Book.Picture(photo, thumbnail: true)!;

        using var shown = SKBitmap.Decode(display);
        Assert.Equal((1200, 1600), (shown.Width, shown.Height));
        // The red mark drawn at the stored top left is now at the top right.
        Assert.True(shown.GetPixel(shown.Width - 20, 20).Red > 200 && shown.GetPixel(shown.Width - 20, 20).Green < 80);
        Assert.True(shown.GetPixel(20, 20).Green > 150); // the light background, not the mark
        Assert.False(EvidenceSamples.HoldsPosition(display));
        Assert.DoesNotContain("Exif", System.Text.Encoding.ASCII.GetString(display));
        using var small = SKBitmap.Decode(thumbnail);
        Assert.Equal(320, Math.Max(small.Width, small.Height));
        Assert.Null(Book.Picture(Attach(EvidenceSamples.LabReport(), "report.pdf"), thumbnail: true));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_saying_its_size_and_the_limit()
    {
        var book = new EvidenceBook(_test.Database, _test.Time, _test.Get<IncidentChanges>(),
            new EvidenceFiles(_test.Database, new EvidenceSettings { MaxFileBytes = 100_000 }));
        var chatLog = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("14:02 顾客：奶瓶消毒后瓶底开裂，划伤了手。\n", 4000)));
        var refused = Assert.Throws<FileTooLargeException>(() => book.Add(_key, new NewEvidence("chat-log.txt", chatLog), Mei));
        Assert.Equal("the file is 0.2 MB; the limit is 0.1 MB", refused.Message);
        Assert.Empty(Book.List(_key));
    }

    [Fact]
    public void Deleting_needs_a_reason_and_leaves_a_tombstone_and_the_file_goes_once_nothing_else_has_it()
    {
        var photo = EvidenceSamples.PhonePhoto();
        var first = Attach(photo, "IMG_2041.JPG", "Customer photo");
        var twin = Attach(photo, "IMG_2041 (1).JPG", "Customer photo, sent again");
        Assert.Throws<RuleViolationException>(() => Book.Delete(_key, first.Id, " ", Mei));

        Book.Delete(_key, first.Id, "Sent twice by the customer", Mei);
        Assert.Equal(FileState.Intact, Files.Check(photo is var content ? EvidenceFiles.HashOf(content) : ""));
        Book.Delete(_key, twin.Id, "Customer withdrew the complaint and asked us to delete her photos", Mei);
        Assert.Equal(FileState.Missing, Files.Check(first.Sha256));

        var tombstone = Book.Get(_key, first.Id);
        Assert.True(tombstone.IsDeleted);
        Assert.Equal(("mei", "Sent twice by the customer", first.Sha256), (tombstone.DeletedBy, tombstone.DeletedReason, tombstone.Sha256));
        Assert.Equal(FileState.Missing, Book.Open(_key, first.Id).State);
        var deleted = _test.Get<Timeline>().Read(_key).Where(e => e.Kind == EventKinds.EvidenceDeleted).Select(e => e.Data.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["Sent twice by the customer", "Customer withdrew the complaint and asked us to delete her photos"], deleted);
        // A deleted file is no problem for verification: the timeline says it was deleted, and why.
        Assert.True(_test.Get<Timeline>().Verify(_key).IsIntact);
        Assert.Equal("refusal:evidence-deleted", Assert.Throws<ConflictException>(() => Book.Delete(_key, first.Id, "again", Mei)).TextKey);
    }

    [Fact]
    public void Under_legal_hold_nothing_is_deleted_and_the_retention_purge_passes_the_incident_s_cases_by()
    {
        var photo = Attach(EvidenceSamples.PhonePhoto(), "IMG_2041.JPG");
        var cases = _test.Get<CaseBook>();
        long Resolved(string summary, string phone, string? incident) => cases.Log(new NewCase
        {
            Channel = CaseChannels.Tmall, Category = CaseCategories.Quality, Summary = summary, CustomerPhone = phone, IncidentKey = incident,
            Status = "resolved", ResolvedAt = _test.Time.GetUtcNow(),
        }, CaseSources.Form, Mei).Id;
        var held = Resolved("奶瓶开裂", "138 0013 5678", _key);
        var other = Resolved("瓶盖漏水", "139 0000 0000", null);

        Book.PlaceHold(_key, "SAMR inquiry letter of 3 December", Mei);
        Assert.Equal("SAMR inquiry letter of 3 December", Book.Hold(_key)!.Reason);
        Assert.Equal("refusal:legal-hold", Assert.Throws<ConflictException>(() => Book.Delete(_key, photo.Id, "not needed", Mei)).TextKey);
        Assert.Throws<ConflictException>(() => Book.PlaceHold(_key, "twice", Mei));

        _test.Time.Advance(TimeSpan.FromDays(400));
        Assert.Equal(1, cases.PurgePersonalData(TimeSpan.FromDays(365), new Actor(Actor.CrisisItself)));
        Assert.NotNull(cases.Get(held).CustomerPhone);
        Assert.Null(cases.Get(other).CustomerPhone);

        Book.LiftHold(_key, "Inquiry closed without findings", Mei);
        Book.Delete(_key, photo.Id, "Customer asked us to delete her photo", Mei);
        Assert.Equal(1, cases.PurgePersonalData(TimeSpan.FromDays(365), new Actor(Actor.CrisisItself)));
        var kinds = _test.Get<Timeline>().Read(_key).Select(e => e.Kind).Where(kind => kind.Contains("legal_hold")).ToList();
        Assert.Equal([EventKinds.LegalHoldPlaced, EventKinds.LegalHoldLifted], kinds);
    }

    [Fact]
    public void Only_a_picture_can_be_chosen_for_the_review_report_and_each_choice_is_on_the_timeline()
    {
        var photo = Attach(EvidenceSamples.PhonePhoto(), "IMG_2041.JPG", "Cracked bottle");
        var report = Attach(EvidenceSamples.LabReport(), "SGS.pdf");
        Book.ShowInReview(_key, photo.Id, true, Mei);
        Book.ShowInReview(_key, photo.Id, true, Mei);
        Assert.Equal("refusal:evidence-not-picture", Assert.Throws<RuleViolationException>(() => Book.ShowInReview(_key, report.Id, true, Mei)).TextKey);
        Assert.True(Book.Get(_key, photo.Id).InReview);
        Assert.Single(_test.Get<Timeline>().Read(_key), e => e.Kind == EventKinds.EvidenceShownInReview);
    }

    [Fact]
    public void A_saved_email_with_an_html_part_is_an_email_and_a_gb18030_chat_log_is_text()
    {
        var email = System.Text.Encoding.UTF8.GetBytes(
            "From: Li Na <lina@example.cn>\r\nTo: care@aurora.example\r\nSubject: Cracked bottle\r\nDate: Thu, 3 Dec 2026 14:29:41 +0800\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body><p>The bottle cracked.</p><script>track()</script></body></html>\r\n");
        Assert.Equal(EvidenceTypes.Email, EvidenceTypes.Sniff(email));
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var chatLog = System.Text.Encoding.GetEncoding("GB18030").GetBytes("14:02 顾客：奶瓶消毒后瓶底开裂，批次 2611。\r\n14:03 客服：已登记。\r\n");
        Assert.Equal(EvidenceTypes.Text, EvidenceTypes.Sniff(chatLog));
    }

    [Fact]
    public void A_program_or_an_installer_with_a_pdf_mark_in_its_header_is_still_refused()
    {
        var program = EvidenceSamples.Program();
        "%PDF-1.7"u8.CopyTo(program.AsSpan(0x100));
        Assert.Equal("refusal:evidence-program", Assert.Throws<UnsupportedFileException>(() => EvidenceTypes.Sniff(program)).TextKey);
        byte[] installer = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1024]];
        Assert.Equal("refusal:evidence-unknown-type", Assert.Throws<UnsupportedFileException>(() => EvidenceTypes.Sniff(installer)).TextKey);
        byte[] oldWord = [.. installer, .. System.Text.Encoding.Unicode.GetBytes("WordDocument")];
        Assert.Equal(EvidenceTypes.OlderWord, EvidenceTypes.Sniff(oldWord));
    }

    [Fact]
    public void Pictures_appended_after_the_photo_lose_their_position_too_and_a_damaged_or_unsupported_photo_is_refused_not_kept_with_it()
    {
        // Some phones append depth maps or a second picture, each with EXIF of its own.
        var twoPictures = (byte[])[.. EvidenceSamples.PhonePhoto(), .. EvidenceSamples.PhonePhoto(64, 48)];
        var kept = Book.Open(_key, Attach(twoPictures, "IMG_2043.JPG", removeLocation: true).Id).Content!;
        Assert.False(EvidenceSamples.HoldsPosition(kept));
        Assert.NotNull(SKBitmap.Decode(kept));

        var damaged = EvidenceSamples.PhonePhoto();
        var tiff = damaged.AsSpan().IndexOf("Exif\0\0"u8) + 6;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(tiff + 4), 0xFFFFFFFE); // IFD0 far outside the block
        Assert.Equal("refusal:evidence-location-damaged", Assert.Throws<UnsupportedFileException>(() => Attach(damaged, "broken.jpg", removeLocation: true)).TextKey);

        byte[] webp = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8, .. new byte[32]];
        Assert.Equal("refusal:evidence-location-unsupported", Assert.Throws<RuleViolationException>(() => Attach(webp, "photo.webp", removeLocation: true)).TextKey);
        Assert.Single(Book.List(_key));
    }

    [Fact]
    public void An_evidence_event_edited_into_nonsense_is_named_by_verification_rather_than_failing_it()
    {
        Attach(EvidenceSamples.LabReport(), "SGS.pdf");
        using (var connection = _test.Database.Open())
            connection.Execute("UPDATE events SET data = '{\"evidence\":\"one\",\"sha256\":42}' WHERE kind = 'evidence.added'");
        var problems = _test.Get<Timeline>().Verify(_key).Problems;
        Assert.Contains(problems, problem => problem.Contains("cannot be read as the evidence it records"));
        using (var connection = _test.Database.Open())
            connection.Execute("UPDATE evidence SET sha256 = '../../crisis.db'");
        Assert.Equal(FileState.Missing, Book.Open(_key, 1).State);
        Assert.Null(Book.Picture(Book.Get(_key, 1), thumbnail: true));
    }

    [Fact]
    public void A_customer_s_photo_is_attached_to_their_complaint_case_once_the_case_is_linked_to_the_incident()
    {
        var cases = _test.Get<CaseBook>();
        long Logged(string summary, string? incident) =>
            cases.Log(new NewCase { Channel = CaseChannels.Tmall, Category = CaseCategories.Quality, Summary = summary, IncidentKey = incident }, CaseSources.Form, Mei).Id;
        var linked = Logged("奶瓶消毒后瓶底开裂", _key);
        var unlinked = Logged("瓶盖漏水", null);

        var photo = Book.Add(_key, new NewEvidence("IMG_2041.JPG", EvidenceSamples.PhonePhoto()) { AttachedTo = EvidenceAttachments.Case, AttachedRef = $"{linked}" }, Mei);
        var (incident, attached) = Assert.Single(Book.ForCase(linked));
        Assert.Equal((_key, photo.Id, EvidenceAttachments.Case), (incident, attached.Id, attached.AttachedTo));

        var refused = Assert.Throws<RuleViolationException>(() =>
            Book.Add(_key, new NewEvidence("IMG_2042.JPG", EvidenceSamples.PhonePhoto()) { AttachedTo = EvidenceAttachments.Case, AttachedRef = $"{unlinked}" }, Mei));
        Assert.Equal("refusal:evidence-no-case", refused.TextKey);
        Assert.Empty(Book.ForCase(unlinked));
    }
}
