using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Core.Tests.Cases;

public sealed class CaseBookTests : IDisposable
{
    private static readonly Actor Agent = new("lin", "agent");
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private CaseBook Book => _test.Get<CaseBook>();

    private static NewCase Complaint(string channel = CaseChannels.Tmall, string sku = "AB-260", string? batch = "2611") => new()
    {
        Channel = channel, Category = CaseCategories.Safety, Summary = "奶瓶消毒后瓶底开裂，划伤了手",
        OrderId = "3920117745", Sku = sku, Batch = batch, CustomerRef = "tb_mama_88",
        CustomerPhone = "138 0013 5678", CustomerAddress = "广东省广州市天河区体育西路 1 号",
    };

    [Fact]
    public void A_logged_case_starts_new_with_its_channels_clocks_and_its_customer_masked_on_every_read_but_a_logged_reveal()
    {
        var logged = Book.Log(Complaint(), CaseSources.Form, Agent);
        Assert.True(logged.IsNew);

        var read = Book.Get(logged.Id);
        Assert.Equal(CaseStatuses.New, read.Status);
        Assert.Equal(_test.Time.GetUtcNow().AddHours(12), read.ResponseDueAt);
        Assert.Equal(_test.Time.GetUtcNow().AddHours(72), read.ResolutionDueAt);
        Assert.Equal(CaseClockStates.OnTrack, read.ClockState);
        Assert.Equal("138****5678", read.CustomerPhone);
        Assert.Equal("广东省广州市****", read.CustomerAddress);
        Assert.False(read.ContactRevealed);
        Assert.Equal("138****5678", Assert.Single(Book.List(new CaseFilter()).Cases).CustomerPhone);

        var revealed = Book.Reveal(logged.Id, new Actor("mei", "commander"));
        Assert.Equal("138 0013 5678", revealed.CustomerPhone);
        Assert.Equal("广东省广州市天河区体育西路 1 号", revealed.CustomerAddress);
        Assert.Equal([CaseEventKinds.Created, CaseEventKinds.Revealed], Book.History(logged.Id).Select(e => e.Kind));
        Assert.Equal("mei", Book.History(logged.Id)[^1].Actor);
    }

    [Fact]
    public void Wrong_fields_are_refused_together_each_by_name_and_nothing_is_stored()
    {
        var refusal = Assert.Throws<RuleViolationException>(() => Book.Log(new NewCase
        {
            Channel = "fax", Category = "", Summary = "  ", CustomerPhone = "call me", ReceivedAt = _test.Time.GetUtcNow().AddHours(1),
        }, CaseSources.Api, Agent));
        Assert.Equal(["channel", "category", "summary", "customerPhone", "receivedAt"], new[] { refusal }.Concat(refusal.AlsoWrong).Select(p => p.Field));
        Assert.Empty(Book.List(new CaseFilter()).Cases);
    }

    [Fact]
    public void A_source_that_sends_the_same_complaint_again_gets_the_case_it_made_and_a_batch_with_one_bad_row_stores_nothing()
    {
        var first = Book.Log(Complaint() with { ExternalId = "T-1" }, CaseSources.Intake("monitor"), Agent);
        var again = Book.Log(Complaint() with { ExternalId = "T-1", Summary = "resent" }, CaseSources.Intake("monitor"), Agent);
        Assert.Equal(first.Id, again.Id);
        Assert.False(again.IsNew);
        Assert.NotEqual(first.Id, Book.Log(Complaint() with { ExternalId = "T-1" }, CaseSources.Import("tmall-export"), Agent).Id);

        var refusal = Assert.Throws<RuleViolationException>(() => Book.LogMany([Complaint(), Complaint() with { Category = "weather" }, Complaint()], CaseSources.Api, Agent));
        Assert.Equal("[1].category", refusal.Field);
        Assert.StartsWith("row 2:", refusal.Message);
        Assert.Equal(2, Book.Count(new CaseFilter()));
    }

    [Fact]
    public void A_batch_logged_each_on_its_own_keeps_its_right_complaints_and_refuses_the_wrong_ones_by_field()
    {
        var earlier = Book.Log(Complaint() with { ExternalId = "T-1" }, CaseSources.Import("tmall"), Agent);
        var outcomes = Book.LogEach(
        [
            Complaint() with { ExternalId = "T-1" },
            Complaint() with { ExternalId = "T-2" },
            Complaint() with { ExternalId = "T-3", Summary = " ", ReceivedAt = _test.Time.GetUtcNow().AddDays(1) },
            Complaint() with { ExternalId = "T-2" },
            Complaint(),
            Complaint() with { ExternalId = "T-4", ReceivedAt = DateTimeOffset.MinValue },
        ], CaseSources.Import("tmall"), Agent);

        Assert.Equal(new CaseLogged(earlier.Id, IsNew: false), outcomes[0].Logged);
        Assert.True(outcomes[1].Logged!.IsNew);
        Assert.Null(outcomes[2].Logged);
        Assert.Equal([("summary", RefusalTexts.Required), ("receivedAt", RefusalTexts.InTheFuture)], outcomes[2].Problems.Select(p => (p.Field, p.TextKey)));
        Assert.Equal(new CaseLogged(outcomes[1].Logged!.Id, IsNew: false), outcomes[3].Logged);
        Assert.True(outcomes[4].Logged!.IsNew);
        Assert.Equal([("receivedAt", RefusalTexts.TooLongAgo)], outcomes[5].Problems.Select(p => (p.Field, p.TextKey)));
        Assert.Equal(3, Book.Count(new CaseFilter()));
        Assert.Equal([CaseEventKinds.Created], Book.History(outcomes[4].Logged!.Id).Select(e => e.Kind));
        Assert.Equal("import:tmall", Book.Get(outcomes[1].Logged!.Id).Source);
    }

    [Fact]
    public void Clocks_run_from_receipt_warn_late_answers_stop_the_response_clock_and_resolving_in_time_meets_them()
    {
        var id = Book.Log(Complaint(CaseChannels.Hotline), CaseSources.Form, Agent).Id; // 4 h to answer, 48 h to resolve
        _test.Time.Advance(TimeSpan.FromHours(3.5));
        Assert.Equal(CaseClockStates.DueSoon, Book.Get(id).ClockState);
        Assert.Equal([id], Book.List(new CaseFilter { ClockState = CaseClockStates.DueSoon }).Cases.Select(c => c.Id));

        Book.Change(id, new CaseChanges { Status = CaseStatuses.InProgress }, Agent);
        Assert.Equal(_test.Time.GetUtcNow(), Book.Get(id).RespondedAt);
        Assert.Equal(CaseClockStates.OnTrack, Book.Get(id).ClockState);

        _test.Time.Advance(TimeSpan.FromHours(40));
        Assert.Equal(CaseClockStates.DueSoon, Book.Get(id).ClockState);
        Book.Change(id, new CaseChanges { Status = CaseStatuses.Resolved }, Agent);
        Assert.Equal(CaseClockStates.Met, Book.Get(id).ClockState);
        Assert.Equal([id], Book.List(new CaseFilter { ClockState = CaseClockStates.Met }).Cases.Select(c => c.Id));
    }

    [Fact]
    public void A_case_left_unanswered_is_overdue_and_one_resolved_late_missed_its_clock()
    {
        var late = Book.Log(Complaint(CaseChannels.SocialMedia), CaseSources.Form, Agent).Id; // 2 h to answer
        _test.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(CaseClockStates.Overdue, Book.Get(late).ClockState);
        Assert.Equal([late], Book.List(new CaseFilter { ClockState = CaseClockStates.Overdue }).Cases.Select(c => c.Id));
        Assert.Empty(Book.List(new CaseFilter { ClockState = CaseClockStates.OnTrack }).Cases);

        Book.Change(late, new CaseChanges { Status = CaseStatuses.Resolved }, Agent);
        Assert.Equal(CaseClockStates.Missed, Book.Get(late).ClockState);
        Assert.Equal([late], Book.List(new CaseFilter { ClockState = CaseClockStates.Missed }).Cases.Select(c => c.Id));
    }

    [Fact]
    public void An_admins_clock_applies_to_cases_logged_after_it()
    {
        _test.Get<CaseClocks>().Set(CaseChannels.Tmall, TimeSpan.FromHours(1), TimeSpan.FromHours(24), new Actor("admin", "admin"));
        var read = Book.Get(Book.Log(Complaint(), CaseSources.Form, Agent).Id);
        Assert.Equal(_test.Time.GetUtcNow().AddHours(1), read.ResponseDueAt);
        Assert.Equal(TimeSpan.FromHours(24), _test.Get<CaseClocks>().All().Single(c => c.Channel == CaseChannels.Tmall).Resolution);
        Assert.Throws<RuleViolationException>(() => _test.Get<CaseClocks>().Set(CaseChannels.JD, TimeSpan.FromHours(5), TimeSpan.FromHours(4), new Actor("admin", "admin")));
    }

    [Fact]
    public void Changes_are_in_the_history_without_the_customers_contact_and_a_stale_version_is_a_conflict()
    {
        var id = Book.Log(Complaint(), CaseSources.Form, Agent).Id;
        var changed = Book.Change(id, new CaseChanges { Category = CaseCategories.Quality, CustomerPhone = "139 0000 1111", ExpectedVersion = 1 }, Agent);
        Assert.Equal(2, changed.Version);
        var entry = Book.History(id)[^1];
        Assert.Equal(CaseEventKinds.Changed, entry.Kind);
        Assert.Contains("category", entry.Data.Keys);
        Assert.Contains("customerPhone", entry.Data.Keys);
        Assert.DoesNotContain("1111", System.Text.Json.JsonSerializer.Serialize(entry.Data));

        Assert.Throws<ConflictException>(() => Book.Change(id, new CaseChanges { Status = CaseStatuses.InProgress, ExpectedVersion = 1 }, Agent));
        Assert.Null(Book.Change(id, new CaseChanges { Batch = "" }, Agent).Batch);
    }

    [Fact]
    public void Cases_are_assigned_and_linked_in_bulk_filtered_by_what_they_share_and_paged_newest_first()
    {
        var person = _test.Get<PeopleDirectory>().Add(new NewPerson("Lin Xiao", "lin@demo.example"));
        var ids = Enumerable.Range(0, 5).Select(i => Book.Log(Complaint(sku: i < 3 ? "AB-260" : "AB-120"), CaseSources.Form, Agent).Id).ToList();
        Assert.Equal(3, Book.Assign(ids.Take(3).ToList(), person.Id, Agent));
        Assert.Equal(0, Book.Assign(ids.Take(3).ToList(), person.Id, Agent));
        Assert.Equal(ids.Take(3).Reverse(), Book.List(new CaseFilter { OwnerId = person.Id }).Cases.Select(c => c.Id));
        Assert.Equal("Lin Xiao", Book.Get(ids[0]).OwnerName);
        Assert.Equal(2, Book.Count(new CaseFilter { Sku = "AB-120" }));

        var first = Book.List(new CaseFilter { Limit = 2 });
        Assert.Equal([ids[4], ids[3]], first.Cases.Select(c => c.Id));
        var second = Book.List(new CaseFilter { Limit = 2, Before = first.NextBefore });
        Assert.Equal([ids[2], ids[1]], second.Cases.Select(c => c.Id));
        Assert.Null(Book.List(new CaseFilter { Limit = 2, Before = second.NextBefore }).NextBefore);

        Assert.Throws<NotFoundException>(() => Book.Link(ids, "INC-2026-9999", Agent));
        Assert.Throws<NotFoundException>(() => Book.Assign([ids[0], 999], person.Id, Agent));
    }

    [Fact]
    public void The_retention_purge_blanks_the_customer_of_cases_resolved_long_enough_ago_and_keeps_the_complaint()
    {
        var old = Book.Log(Complaint(), CaseSources.Form, Agent).Id;
        var open = Book.Log(Complaint(), CaseSources.Form, Agent).Id;
        Book.Change(old, new CaseChanges { Status = CaseStatuses.Resolved }, Agent);
        _test.Time.Advance(TimeSpan.FromDays(31));
        var recent = Book.Log(Complaint(), CaseSources.Form, Agent).Id;
        Book.Change(recent, new CaseChanges { Status = CaseStatuses.Closed }, Agent);

        Assert.Equal(1, Book.PurgePersonalData(TimeSpan.FromDays(30), new Actor("retention")));
        var purged = Book.Reveal(old, Agent);
        Assert.True(purged.PersonalDataPurged);
        Assert.Null(purged.CustomerPhone);
        Assert.Null(purged.CustomerRef);
        Assert.Equal("奶瓶消毒后瓶底开裂，划伤了手", purged.Summary);
        Assert.Equal("138 0013 5678", Book.Reveal(open, Agent).CustomerPhone);
        Assert.Equal(0, Book.PurgePersonalData(TimeSpan.FromDays(30), new Actor("retention")));

        // The customer comes back with a new number: it is theirs anew, shown masked and purged again in time.
        Book.Change(old, new CaseChanges { CustomerPhone = "139 0000 1111" }, Agent);
        Assert.False(Book.Get(old).PersonalDataPurged);
        Assert.Equal("139****1111", Book.Get(old).CustomerPhone);
        _test.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, Book.PurgePersonalData(TimeSpan.FromDays(30), new Actor("retention")));
        Assert.Null(Book.Reveal(old, Agent).CustomerPhone);
    }

    [Theory]
    [InlineData("13800135678", "138****5678")]
    [InlineData("+86 138 0013 5678", "138****5678")]
    [InlineData("020-1234", "****34")]
    [InlineData("88 Example Road, Shanghai", "****, Shanghai")]
    [InlineData("北京市朝阳区建国路 88 号", "北京市****")]
    [InlineData("北京，朝阳区建国路88号院3号楼502", "****")]
    [InlineData("Shanghai, Pudong, 100 Century Ave Room 501", "****")]
    public void Masks_leave_enough_to_tell_customers_apart_and_not_enough_to_reach_them(string given, string masked) =>
        Assert.Equal(masked, given.Any(char.IsLetter) ? CustomerContact.MaskAddress(given) : CustomerContact.MaskPhone(given));
}
