using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crisis.Core.Storage;
using Crisis.Core.Incidents;
using Crisis.Reports;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UglyToad.PdfPig;

namespace Crisis.Core.Tests.Incidents;

/// <summary>
/// Someone who can write the database file but not the signing key: every rewrite they can make is caught by the
/// signed checkpoints outside the database or by replaying the events over the step rows. Same incident as the
/// chain tests: opened, then three steps completed, so four events and four checkpoints.
/// </summary>
public partial class TimelineTests
{
    private TimelineAnchors Anchors => _test.Get<TimelineAnchors>();

    private TimelineVerification Verify() => _test.Get<Timeline>().Verify(_key);

    /// <summary>What someone with the source and the database does: recompute every hash from the first event on, and the head.</summary>
    private void RecomputeChain()
    {
        using var connection = _test.Database.Open();
        var rows = connection.Query<(long Seq, string At, string Actor, string Kind, string Data)>(
            $"SELECT seq, at, actor, kind, data FROM events WHERE {OfIncident} ORDER BY seq", new { key = _key }).ToList();
        var previous = Timeline.GenesisHash;
        foreach (var row in rows)
        {
            var hash = ChainHash(previous, row.Seq, row.At, row.Actor, row.Kind, row.Data);
            connection.Execute($"UPDATE events SET prev_hash = @previous, hash = @hash WHERE {OfIncident} AND seq = @Seq", new { previous, hash, row.Seq, key = _key });
            previous = hash;
        }
        connection.Execute("UPDATE incidents SET last_event_seq = @seq, last_event_hash = @previous WHERE key = @key", new { seq = rows[^1].Seq, previous, key = _key });
    }

    private string ChainHash(string previous, long seq, string at, string actor, string kind, string data) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', previous, _key, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), at, actor, kind, data))));

    /// <summary>
    /// What someone who can write the database does to add to the record: an event appended after the head with the
    /// right chain hash, and the incident's head moved to it. Returns its sequence number.
    /// </summary>
    private long ForgeEvent()
    {
        using var connection = _test.Database.Open();
        var head = connection.QuerySingle<(long Seq, string Hash)>("SELECT last_event_seq, last_event_hash FROM incidents WHERE key = @key", new { key = _key });
        var (seq, at, data) = (head.Seq + 1, "2026-11-02T09:45:00.000Z", """{"stepId":"first-sitrep"}""");
        var hash = ChainHash(head.Hash, seq, at, "mallory", EventKinds.StepCompleted, data);
        connection.Execute(
            """
            INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash)
            VALUES ((SELECT id FROM incidents WHERE key = @key), @seq, @at, 'mallory', @kind, @data, @prev, @hash);
            UPDATE incidents SET last_event_seq = @seq, last_event_hash = @hash WHERE key = @key;
            """, new { key = _key, seq, at, kind = EventKinds.StepCompleted, data, prev = head.Hash, hash });
        return seq;
    }

    /// <summary>Runs a change while the anchor file cannot be written: its path is a folder meanwhile.</summary>
    private void WhileTheAnchorFileCannotBeWritten(Action change)
    {
        var aside = Anchors.AnchorsPath + ".aside";
        File.Move(Anchors.AnchorsPath, aside);
        Directory.CreateDirectory(Anchors.AnchorsPath);
        change();
        Directory.Delete(Anchors.AnchorsPath);
        File.Move(aside, Anchors.AnchorsPath);
    }

    [Fact]
    public void An_untouched_incident_verifies_against_its_signed_head()
    {
        var verification = Verify();

        Assert.Empty(verification.Problems);
        var head = Assert.IsType<SignedHead>(verification.AnchoredHead);
        var last = _test.Get<Timeline>().Read(_key)[^1];
        Assert.Equal((last.Seq, last.Hash), (head.Seq, head.Hash));
        Assert.Equal(Anchors.KeyFingerprint, head.KeyFingerprint);
        Assert.Equal(4, File.ReadAllLines(Anchors.AnchorsPath).Length); // one checkpoint per committed change
    }

    [Fact]
    public void The_signing_key_is_created_beside_the_database_for_its_owner_only()
    {
        Assert.Equal(Path.Combine(_test.Folder, "keys", "timeline-signing.pem"), Anchors.SigningKeyPath);
        Assert.Equal(Path.Combine(_test.Folder, "timeline-anchors.jsonl"), Anchors.AnchorsPath);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Anchors.SigningKeyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Anchors.SigningKeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(Anchors.SigningKeyPath)!));
        }
    }

    [Fact]
    public void An_event_edited_with_the_whole_chain_recomputed_is_caught()
    {
        Sql($"UPDATE events SET actor = 'someone-else', data = replace(data, 'confirm-defect', 'preserve-evidence') WHERE {OfIncident} AND seq = 2");
        RecomputeChain();

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains("event 2 is not the event that was signed", problem);
        Assert.Contains("chain recomputed", problem);
    }

    [Fact]
    public void The_last_events_deleted_and_the_head_moved_back_are_caught()
    {
        Sql($"DELETE FROM events WHERE {OfIncident} AND seq > 2");
        RecomputeChain();

        var problems = Verify().Problems;
        Assert.Contains(problems, problem => problem.Contains("the timeline ends at event 2, but event 4 was signed") && problem.Contains("events were deleted"));
    }

    [Fact]
    public void A_database_restored_from_an_older_copy_is_caught()
    {
        var older = Path.Combine(_test.Folder, "older.db");
        _test.Database.BackupTo(older);
        Complete("first-sitrep");
        Complete("stop-sale");
        Assert.Empty(Verify().Problems);

        _test.Database.Dispose(); // no connection may hold the file while it is swapped
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(_test.Database.FilePath + suffix);
        File.Copy(older, _test.Database.FilePath, overwrite: true);

        var verification = Verify();
        Assert.Equal(4, verification.EventCount); // the older copy is a consistent, intact chain of its own
        Assert.Contains(verification.Problems, problem => problem.Contains("the timeline ends at event 4, but event 6 was signed") && problem.Contains("restored from an older copy"));
        Assert.Null(verification.AnchoredHead);
    }

    [Theory]
    [InlineData("status = 'todo'", "status is 'todo', the events say 'done'")]
    [InlineData("status = 'skipped', reason = 'not needed'", "status is 'skipped', the events say 'done'")]
    [InlineData("status_by = 'mallory'", "status set by is 'mallory', the events say 'tom'")]
    [InlineData("note = 'all fine'", "note is 'all fine', the events say empty")]
    [InlineData("version = 7", "version is '7', the events say '2'")]
    public void A_steps_row_edited_directly_is_caught(string change, string difference)
    {
        Sql($"UPDATE steps SET {change} WHERE {OfIncident} AND step_id = 'count-units'");

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains("step 'count-units' does not hold what its events say", problem);
        Assert.Contains(difference, problem);
        Assert.Contains("the steps table was edited directly", problem);
    }

    [Fact]
    public void Steps_changed_through_their_events_verify()
    {
        var steps = _test.Get<StepActions>();
        var actor = new Actor("tom");
        steps.Reopen(_key, "count-units", actor);
        steps.Block(_key, "stop-sale", actor, "waiting for legal");
        steps.Note(_key, "stop-sale", actor, "legal call at 3pm");
        var person = _test.Get<People.PeopleDirectory>().Add(new People.NewPerson("Lin", "lin@example.com"));
        steps.Reassign(_key, "stop-sale", actor, person.Id);

        Assert.Empty(Verify().Problems);
    }

    [Fact]
    public void A_forged_checkpoint_is_caught()
    {
        var forged = $$"""{"incident":"{{_key}}","seq":9,"hash":"{{new string('a', 64)}}","at":"2026-11-02T10:00:00.000Z","key":"{{Anchors.KeyFingerprint}}","signature":"{{Convert.ToBase64String(new byte[64])}}"}""";
        File.AppendAllText(Anchors.AnchorsPath, forged + "\n");

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains("the checkpoint of event 9 (line 5 of the anchor file) has a signature that does not verify", problem);
    }

    [Fact]
    public void A_checkpoint_signed_with_another_key_is_caught()
    {
        var lines = File.ReadAllLines(Anchors.AnchorsPath);
        File.WriteAllLines(Anchors.AnchorsPath, [.. lines[..^1], lines[^1].Replace(Anchors.KeyFingerprint, "0123456789abcdef", StringComparison.Ordinal)]);

        Assert.Contains(Verify().Problems, problem => problem.Contains("was signed by key 0123456789abcdef, not by this server's key"));
    }

    [Fact]
    public void A_missing_anchor_file_is_caught()
    {
        File.Delete(Anchors.AnchorsPath);

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains("no signed checkpoint of this incident", problem);
    }

    [Fact]
    public void Every_exported_report_prints_the_signed_head()
    {
        var reports = _test.Get<IncidentReports>();
        var head = Verify().AnchoredHead!;
        static string Squeezed(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

        var markdown = reports.ReviewMarkdown(_key, "en");
        Assert.Contains($"Signed head: event {head.Seq}, hash {head.Hash}", markdown);
        Assert.Contains($"with key {head.KeyFingerprint}, signature {head.ShortSignature}…", markdown);
        Assert.Contains($"最后一条记录（第 {head.Seq} 条）已签名：哈希值 {head.Hash}", reports.ReviewMarkdown(_key, "zh-CN"));

        foreach (var kind in new[] { ReportKinds.Review, ReportKinds.Checklist })
        {
            using var pdf = PdfDocument.Open(reports.Pdf(_key, kind, "en"));
            var text = Squeezed(string.Concat(pdf.GetPages().SelectMany(page => page.Letters).Select(letter => letter.Value)));
            Assert.Contains(Squeezed($"Signed head: event {head.Seq}, hash {head.Hash}"), text);
            Assert.Contains(Squeezed($"with key {head.KeyFingerprint}, signature {head.ShortSignature}"), text);
        }
        Assert.Equal(4, File.ReadAllLines(Anchors.AnchorsPath).Length); // the head was already signed: exports add no checkpoint
    }

    [Fact]
    public void An_export_signs_a_head_the_anchor_file_does_not_hold_yet()
    {
        File.Delete(Anchors.AnchorsPath);

        var markdown = _test.Get<IncidentReports>().ReviewMarkdown(_key, "en");

        var head = Verify().AnchoredHead!;
        Assert.Equal(4, head.Seq);
        Assert.Contains($"Signed head: event 4, hash {head.Hash}", markdown);
    }

    [Fact]
    public void At_start_heads_the_anchor_file_does_not_hold_are_signed_as_found()
    {
        File.Delete(Anchors.AnchorsPath); // a database from before anchoring

        Assert.Equal(1, Anchors.AnchorUnanchoredHeads());
        Assert.Equal(0, Anchors.AnchorUnanchoredHeads());
        Assert.Equal(4, Verify().AnchoredHead?.Seq);
    }

    [Fact]
    public void A_damaged_signing_key_is_named_by_verification_and_does_not_stop_changes()
    {
        File.WriteAllText(Anchors.SigningKeyPath, "not a key");
        using var restarted = _test.StartServices();

        restarted.GetRequiredService<StepActions>().Complete(_key, "first-sitrep", new Actor("tom"));
        Assert.NotNull(restarted.GetRequiredService<TimelineAnchors>().LastFailure);
        var problem = Assert.Single(restarted.GetRequiredService<Timeline>().Verify(_key).Problems);
        Assert.Contains($"the signed checkpoints could not be checked: the key {Anchors.SigningKeyPath}", problem);
        Assert.Contains(EventKinds.StepCompleted, restarted.GetRequiredService<Timeline>().Read(_key)[^1].Kind);
    }

    [Fact]
    public void An_event_forged_into_the_database_stays_caught_after_a_later_change_signs_the_head()
    {
        var forged = ForgeEvent();

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains($"event {forged} was recorded after the last signed head (event 4", problem);

        Complete("stop-sale"); // a real change, made on top of the forged event, signs its own head

        var verification = Verify();
        Assert.False(verification.IsIntact);
        problem = Assert.Single(verification.Problems);
        Assert.Contains($"event {forged} was added without a signed checkpoint: written outside Crisis, or while checkpoints could not be written", problem);
        Assert.Equal(forged + 1, verification.AnchoredHead?.Seq);
    }

    [Fact]
    public void A_forged_event_is_not_vouched_for_by_a_head_signed_as_found_at_an_export_or_at_start()
    {
        var forged = ForgeEvent();

        _test.Get<IncidentReports>().ReviewMarkdown(_key, "en");
        Assert.Equal(0, Anchors.AnchorUnanchoredHeads());

        var problem = Assert.Single(Verify().Problems);
        Assert.Contains($"event {forged} was added without a signed checkpoint", problem);
    }

    [Fact]
    public void Every_checkpoint_written_by_a_change_links_to_the_head_the_change_started_from()
    {
        Complete("first-sitrep");
        Complete("stop-sale");

        var lines = File.ReadAllLines(Anchors.AnchorsPath).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal([0L, 1, 2, 3, 4, 5], lines.Select(line => line.GetProperty("prev").GetInt64()));
        Assert.Equal([1L, 2, 3, 4, 5, 6], lines.Select(line => line.GetProperty("seq").GetInt64()));
        Assert.True(Verify().IsIntact);
    }

    [Fact]
    public void A_change_whose_checkpoint_could_not_be_written_shows_as_unsigned_then_as_a_gap()
    {
        WhileTheAnchorFileCannotBeWritten(() => Complete("first-sitrep"));

        Assert.NotNull(Anchors.LastFailure);
        var problem = Assert.Single(Verify().Problems);
        Assert.Contains("event 5 was recorded after the last signed head (event 4", problem);
        Assert.Contains("checkpoints cannot be written since 2026-11-02T09:40:00.000Z", problem);

        Complete("stop-sale");

        Assert.Null(Anchors.LastFailure);
        problem = Assert.Single(Verify().Problems);
        Assert.Contains("event 5 was added without a signed checkpoint", problem);
    }

    [Fact]
    public void A_database_from_before_anchoring_verifies_once_its_head_is_signed_at_start_and_changed_on()
    {
        File.Delete(Anchors.AnchorsPath);
        Anchors.AnchorUnanchoredHeads();

        Complete("first-sitrep");

        var verification = Verify();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
    }

    [Fact]
    public void An_anchor_file_of_checkpoints_from_before_links_still_verifies()
    {
        // what Crisis wrote before checkpoints carried the head their change started from: lines signed without "prev"
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Anchors.SigningKeyPath));
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var oldLines = _test.Get<Timeline>().Read(_key).Select(recorded =>
        {
            var signed = Encoding.UTF8.GetBytes(string.Join('\n', "crisis-timeline-anchor/1", _key,
                recorded.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded.Hash, Timestamps.Format(recorded.At), Anchors.KeyFingerprint));
            var head = new SignedHead(_key, recorded.Seq, recorded.Hash, recorded.At, Anchors.KeyFingerprint, Convert.ToBase64String(key.SignData(signed, HashAlgorithmName.SHA256)));
            return JsonSerializer.Serialize(head, json);
        });
        File.WriteAllLines(Anchors.AnchorsPath, oldLines);
        Assert.DoesNotContain("prev", File.ReadAllText(Anchors.AnchorsPath));
        Assert.True(Verify().IsIntact, string.Join("; ", Verify().Problems));

        Complete("first-sitrep");

        var verification = Verify();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
    }

    [Fact]
    public void A_run_of_failed_checkpoints_is_logged_once()
    {
        var log = new RecordingLogger();
        using var restarted = _test.StartServices(services => services.AddSingleton<ILogger<TimelineAnchors>>(log));
        var steps = restarted.GetRequiredService<StepActions>();

        WhileTheAnchorFileCannotBeWritten(() =>
        {
            steps.Complete(_key, "first-sitrep", new Actor("tom"));
            steps.Complete(_key, "stop-sale", new Actor("tom"));
        });
        steps.Complete(_key, "classify-hazard", new Actor("tom"));

        var warning = Assert.Single(log.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("Timeline heads cannot be signed into", warning.Message);
        Assert.Contains(log.Entries, entry => entry.Level == LogLevel.Information && entry.Message.Contains("signed into", StringComparison.Ordinal));
    }

    private sealed class RecordingLogger : ILogger<TimelineAnchors>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
