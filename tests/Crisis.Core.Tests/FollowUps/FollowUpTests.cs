using System.Globalization;
using Crisis.Core.FollowUps;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Core.Reviews;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Tests.FollowUps;

public sealed class FollowUpTests : IDisposable
{
    private static readonly Actor Commander = new("mei");
    private static readonly Actor Responder = new("tom");
    private readonly TestDatabase _test = new();
    private readonly FollowUpBook _book;
    private readonly Person _zhang;
    private readonly Person _mei;

    public FollowUpTests()
    {
        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(1, "- Stop sales @ops due:+1h id:stop"));
        _book = _test.Get<FollowUpBook>();
        var people = _test.Get<PeopleDirectory>();
        _mei = people.Add(new NewPerson("Mei Chen", "mei@example.com"));
        _zhang = people.Add(new NewPerson("Zhang Min", "zhang@example.com", Language: "zh-CN"));
    }

    public void Dispose() => _test.Dispose();

    /// <summary>A resolved incident (or exercise) with Mei as commander and its review open.</summary>
    private string Resolved(string title, bool exercise = false)
    {
        var key = _test.Get<OpenIncident>().Execute(new OpenIncidentRequest("drill", title, 1, new Dictionary<string, long> { ["commander"] = _mei.Id }, exercise), Commander);
        _test.Get<IncidentLifecycle>().SetStatus(key, IncidentStatus.Resolved, Commander, openStepsAcknowledged: new OpenStepsAcknowledgement("Handled outside the checklist"));
        _test.Get<PostIncidentReviews>().Open(key, Commander);
        return key;
    }

    private long AddAction(string key, string title, long owner, DateOnly? due = null, string? playbook = null)
    {
        var reviews = _test.Get<PostIncidentReviews>();
        var review = reviews.AddAction(key, new ActionItem { Title = title, OwnerPersonId = owner, DueDate = due, PlaybookChange = playbook }, reviews.Require(key).Version, Commander);
        return review.Actions.Single(action => action.Title == title).Id;
    }

    [Fact]
    public void One_list_holds_the_action_items_of_incidents_and_exercises_and_each_filter_narrows_it()
    {
        var real = Resolved("Mould in batch B-7");
        var drill = Resolved("Recall drill", exercise: true);
        var alarm = AddAction(real, "Fix the dehumidifier alarm", _zhang.Id, new DateOnly(2026, 11, 1), "drill");
        var contract = AddAction(real, "Add requalification to the supplier contract", _mei.Id, new DateOnly(2026, 12, 15));
        var rehearse = AddAction(drill, "Rehearse the holding statement", _zhang.Id, playbook: "https://wiki.example/drill-change");

        Assert.Equal([alarm, contract, rehearse], _book.List(new FollowUpFilter()).Select(f => f.Id)); // soonest due first, no date last
        var first = _book.Get(alarm);
        Assert.Equal(("Zhang Min", real, "Mould in batch B-7", false, "drill", true), (first.Owner, first.IncidentKey, first.IncidentTitle, first.IsExercise, first.PlaybookId, first.IsOverdue));
        Assert.Null(_book.Get(rehearse).PlaybookId); // a link, not a playbook
        Assert.Equal([alarm, rehearse], _book.List(new FollowUpFilter { OwnerPersonId = _zhang.Id }).Select(f => f.Id));
        Assert.Equal([rehearse], _book.List(new FollowUpFilter { Source = FollowUpSources.Exercise }).Select(f => f.Id));
        Assert.Equal([alarm, contract], _book.List(new FollowUpFilter { Source = FollowUpSources.Real }).Select(f => f.Id));
        Assert.Equal([alarm], _book.List(new FollowUpFilter { OverdueOnly = true }).Select(f => f.Id));
        Assert.Equal([alarm], _book.List(new FollowUpFilter { Playbook = "drill" }).Select(f => f.Id));
        Assert.Equal("status", Assert.Throws<RuleViolationException>(() => _book.List(new FollowUpFilter { Status = "finished" })).Field);

        _book.Close(alarm, new WhatWasDone(ActionStatus.Done, "Alarm wired to the on-call phone"), Responder);
        Assert.Equal([contract, rehearse], _book.List(new FollowUpFilter { Status = FollowUpFilter.StillToDo }).Select(f => f.Id));
        Assert.Equal([alarm], _book.List(new FollowUpFilter { Status = ActionStatus.Done }).Select(f => f.Id));
        Assert.Empty(_book.List(new FollowUpFilter { OverdueOnly = true })); // done is never overdue
        Assert.Equal([contract, rehearse, alarm], _book.List(new FollowUpFilter()).Select(f => f.Id)); // closed ones last
    }

    [Fact]
    public void Closing_says_what_was_done_reopening_clears_it_and_the_incidents_timeline_tells_both()
    {
        var key = Resolved("Mould in batch B-7");
        var id = AddAction(key, "Fix the dehumidifier alarm", _zhang.Id, new DateOnly(2026, 12, 1), "drill");
        var reviewVersion = _test.Get<PostIncidentReviews>().Require(key).Version;

        Assert.Equal(("note", RefusalTexts.WhatWasDone), Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.Done, "  "), Responder)));
        Assert.Equal(("note", RefusalTexts.WontDoWhy), Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.WontDo, Link: "https://wiki.example/x"), Responder)));
        Assert.Equal(("link", RefusalTexts.WebAddress), Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.Done, Link: "wiki page 7"), Responder)));
        Assert.Equal(("playbookVersion", RefusalTexts.UnknownPlaybookVersion),
            Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.Done, "Done", PlaybookVersion: 7), Responder)));
        Assert.Equal(ActionStatus.Open, _book.Get(id).Status); // nothing refused was kept

        _test.AddPlaybook("drill.md", DrillPlaybook.Markdown(2, "- Stop sales @ops due:+1h id:stop"));
        // The version the incident was opened from cannot carry the change it asked for; a newer one can.
        Assert.Equal(("playbookVersion", RefusalTexts.UnknownPlaybookVersion),
            Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.Done, "Done", PlaybookVersion: 1), Responder)));
        Assert.Equal([2], _book.PlaybookVersions(_book.Get(id)));
        var closed = _book.Close(id, new WhatWasDone(ActionStatus.Done, "Alarm wired to the **on-call phone**", "https://wiki.example/alarm", 2), Responder);
        Assert.Equal((ActionStatus.Done, "Alarm wired to the **on-call phone**", "https://wiki.example/alarm", (int?)2, "tom", _test.Time.GetUtcNow()),
            (closed.Status, closed.Closing!.Note, closed.Closing.Link, closed.Closing.PlaybookVersion, closed.Closing.ClosedBy, closed.Closing.ClosedAt));
        Assert.Equal(RefusalTexts.FollowUpClosed, Refused(() => _book.Close(id, new WhatWasDone(ActionStatus.WontDo, "Changed our mind"), Responder)).TextKey);
        Assert.Equal(reviewVersion + 1, _test.Get<PostIncidentReviews>().Require(key).Version);
        // Nor can the review turn done into won't do behind the closing's back; its other fields stay editable.
        var reviews = _test.Get<PostIncidentReviews>();
        var item = reviews.Require(key).Actions.Single(action => action.Id == id);
        Assert.Equal("status", Assert.Throws<RuleViolationException>(() =>
            reviews.UpdateAction(key, id, item with { Status = ActionStatus.WontDo }, reviewVersion + 1, Commander)).Field);
        Assert.Equal("Fix the dehumidifier alarm today", reviews.UpdateAction(key, id, item with { Title = "Fix the dehumidifier alarm today" }, reviewVersion + 1, Commander)
            .Actions.Single(action => action.Id == id).Title);
        reviews.UpdateAction(key, id, item, reviewVersion + 2, Commander);

        var reopened = _book.Reopen(id, Commander);
        Assert.Equal((ActionStatus.Open, (FollowUpClosing?)null), (reopened.Status, reopened.Closing));
        Assert.Equal(reopened, _book.Reopen(id, Commander)); // open already: nothing to do, nothing recorded
        _book.Close(id, new WhatWasDone(ActionStatus.WontDo, "The warehouse is closing"), Commander);

        var events = _test.Get<Timeline>().Read(key).Where(e => e.Kind.StartsWith("follow_up.", StringComparison.Ordinal)).ToList();
        Assert.Equal([EventKinds.FollowUpClosed, EventKinds.FollowUpReopened, EventKinds.FollowUpClosed], events.Select(e => e.Kind));
        var names = new StoryNames();
        Assert.Equal("tom closed the follow-up “Fix the dehumidifier alarm” as done.", EventStory.Sentence(events[0], names, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("mei 关闭了改进项“Fix the dehumidifier alarm”：不再处理。", EventStory.Sentence(events[2], names, CultureInfo.GetCultureInfo("zh-CN")));
        var log = EventStory.Log(events, names, CultureInfo.GetCultureInfo("en"), TimeZoneInfo.Utc);
        Assert.Equal("Alarm wired to the on-call phone · https://wiki.example/alarm · the playbook changed in version 2", log[0].Detail);
        Assert.True(_test.Get<Timeline>().Verify(key).IsIntact);
    }

    [Fact]
    public void A_change_sends_only_what_changes_closes_or_reopens_with_a_status_and_is_on_the_timeline()
    {
        var key = Resolved("Mould in batch B-7");
        var id = AddAction(key, "Fix the dehumidifier alarm", _zhang.Id, new DateOnly(2026, 12, 1));

        var risk = _test.Get<Crisis.Core.Risks.RiskRegister>().Create(new Crisis.Core.Risks.RiskFields { Title = "Mould in stock", Category = "recall", Likelihood = 2, Impact = 3 },
            new Actor("mei", Crisis.Core.Accounts.Roles.Commander));
        var changed = _book.Change(id, new FollowUpChange { OwnerPersonId = _mei.Id, DueDate = new DateOnly(2026, 12, 20), Status = ActionStatus.InProgress, RiskId = risk }, Responder);
        Assert.Equal((_mei.Id, "Mei Chen", new DateOnly(2026, 12, 20), ActionStatus.InProgress, risk),
            (changed.OwnerPersonId!.Value, changed.Owner, changed.DueDate!.Value, changed.Status, changed.RiskId!.Value));
        var kinds = () => _test.Get<Timeline>().Read(key).Select(e => e.Kind).Where(kind => kind.StartsWith("follow_up.", StringComparison.Ordinal)).ToList();
        var sentence = EventStory.Sentence(_test.Get<Timeline>().Read(key)[^1], new StoryNames(), CultureInfo.GetCultureInfo("en"));
        Assert.Equal("tom changed the follow-up “Fix the dehumidifier alarm”: owner Mei Chen; due 2026-12-20; against the risk “Mould in stock”; status In progress.", sentence);
        _book.Change(id, new FollowUpChange { Status = ActionStatus.InProgress, RiskId = risk }, Responder);
        Assert.Single(kinds()); // the same again changes nothing

        Assert.Equal(("note", RefusalTexts.NotClosing), Refused(() => _book.Change(id, new FollowUpChange { Note = "done?" }, Responder)));
        Assert.Equal(("ownerPersonId", RefusalTexts.NoSuchPerson), Refused(() => _book.Change(id, new FollowUpChange { OwnerPersonId = 999 }, Responder)));
        Assert.Equal("status", Refused(() => _book.Change(id, new FollowUpChange { Status = "finished" }, Responder)).Field);
        Assert.Throws<NotFoundException>(() => _book.Change(404, new FollowUpChange { Status = ActionStatus.Done, Note = "x" }, Responder));

        Assert.Equal(ActionStatus.Done, _book.Change(id, new FollowUpChange { Status = ActionStatus.Done, Note = "Fixed" }, Responder).Status);
        Assert.Equal(ActionStatus.InProgress, _book.Change(id, new FollowUpChange { Status = ActionStatus.InProgress }, Responder).Status);
        Assert.Equal([EventKinds.FollowUpChanged, EventKinds.FollowUpClosed, EventKinds.FollowUpReopened], kinds());
    }

    [Fact]
    public void The_upgrade_makes_an_owner_typed_as_a_persons_name_or_email_that_person_and_keeps_the_rest_as_typed()
    {
        using var database = new Database($"Data Source={Path.Combine(_test.Folder, "before-0024.db")}");
        Migrator.Migrate(database, _test.Time, before: "0024_follow_ups.sql");
        using (var connection = database.Open())
        {
            connection.Execute(
                """
                INSERT INTO people (id, name, email, created_at) VALUES (1, 'Zhang Min', 'zhang@example.com', '2026-11-01T08:00:00.000Z'),
                    (2, 'Li Wei', 'li.wei@example.com', '2026-11-01T08:00:00.000Z'), (3, 'Wang Fang', NULL, '2026-11-01T08:00:00.000Z'),
                    (4, 'Wang Fang', 'fang.wang@example.com', '2026-11-01T08:00:00.000Z');
                INSERT INTO playbook_versions (playbook_id, version, hash, title, markdown, first_seen)
                VALUES ('drill', 1, 'h', 'Drill', '', '2026-11-01T08:00:00.000Z');
                INSERT INTO incidents (id, key, title, severity, status, playbook_id, playbook_version, playbook_hash, snapshot, opened_by, opened_at, last_event_hash)
                VALUES (1, 'INC-2026-0001', 'Cracked bottles', 1, 'resolved', 'drill', 1, 'h', '{}', 'mei', '2026-11-01T08:00:00.000Z', 'x');
                INSERT INTO reviews (incident_id, status, opened_by, opened_at, updated_by, updated_at) VALUES (1, 'draft', 'mei', '2026-11-01T08:00:00.000Z', 'mei', '2026-11-01T08:00:00.000Z');
                INSERT INTO review_actions (id, incident_id, title, owner, status, created_at) VALUES
                    (1, 1, 'By name', 'zhang min', 'open', '2026-11-01T08:00:00.000Z'),
                    (2, 1, 'By email', ' LI.WEI@example.com ', 'open', '2026-11-01T08:00:00.000Z'),
                    (3, 1, 'Two people by that name', 'Wang Fang', 'open', '2026-11-01T08:00:00.000Z'),
                    (4, 1, 'A team', 'Procurement', 'done', '2026-11-01T08:00:00.000Z');
                """);
        }

        Migrator.Migrate(database, _test.Time);

        using var migrated = database.Open();
        var owners = migrated.Query<(long Id, long? PersonId, string Owner)>("SELECT id, owner_person_id, owner FROM review_actions ORDER BY id").ToList();
        Assert.Equal(new (long, long?, string)[] { (1, 1, "zhang min"), (2, 2, " LI.WEI@example.com "), (3, null, "Wang Fang"), (4, null, "Procurement") }, owners);
        var book = new FollowUpBook(database, _test.Time, _test.Get<IncidentChanges>(), _test.Get<Core.Organisation.OrganisationSettings>(), _test.Get<Core.Playbooks.PlaybookLibrary>());
        var listed = book.List(new FollowUpFilter()).ToDictionary(f => f.Id);
        Assert.Equal(("Zhang Min", (long?)1), (listed[1].Owner, listed[1].OwnerPersonId)); // the directory's name now
        Assert.Equal(("Procurement", (long?)null), (listed[4].Owner, listed[4].OwnerPersonId)); // as typed: not in the directory
    }

    /// <summary>The field a refused change names, and the words it gives for a page.</summary>
    private static (string? Field, string? TextKey) Refused(Action change)
    {
        var refusal = Assert.Throws<RuleViolationException>(change);
        return (refusal.Field, refusal.TextKey);
    }
}
