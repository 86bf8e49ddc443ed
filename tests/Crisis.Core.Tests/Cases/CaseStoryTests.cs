using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.People;

namespace Crisis.Core.Tests.Cases;

/// <summary>A case's history reads as sentences in the reader's language: statuses, channels and people in words, never kinds, field names or ids.</summary>
public sealed class CaseStoryTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private IReadOnlyList<CaseStoryLine> Story(long id, System.Globalization.CultureInfo culture, Person lin) =>
        CaseStory.Tell(_test.Get<CaseBook>().History(id), new CaseStoryNames
        {
            Accounts = new Dictionary<string, string> { ["lin"] = "Lin Xiao" },
            People = new Dictionary<long, string> { [lin.Id] = lin.Name },
        }, culture);

    [Fact]
    public void Every_change_is_told_in_words_in_english_and_chinese_and_the_customers_contact_only_by_name()
    {
        var book = _test.Get<CaseBook>();
        var lin = _test.Get<PeopleDirectory>().Add(new NewPerson("Lin Xiao", "lin@demo.example"));
        var agent = new Actor("lin", "agent");
        var id = book.Log(new NewCase
        {
            Channel = CaseChannels.Tmall, Category = CaseCategories.Safety, Summary = "奶瓶消毒后瓶底开裂", CustomerPhone = "138 0013 5678",
        }, CaseSources.Import("tmall-export"), agent).Id;
        book.Change(id, new CaseChanges { Status = CaseStatuses.InProgress, Channel = CaseChannels.JD, Batch = "2611", CustomerPhone = "139 0000 1111" }, agent);
        book.Assign([id], lin.Id, new Actor("mei", "commander"));
        book.Note(id, "Called back", agent);
        book.Reveal(id, agent);
        book.Assign([id], null, agent);
        book.Change(id, new CaseChanges { Status = CaseStatuses.Resolved }, agent);
        _test.Time.Advance(TimeSpan.FromDays(2));
        book.PurgePersonalData(TimeSpan.FromDays(1), new Actor(Actor.CrisisItself));

        var english = Story(id, SharedTexts.English, lin);
        Assert.Equal(
        [
            "Lin Xiao imported the case from tmall-export.",
            "Lin Xiao changed the channel from “Tmall” to “JD”, the status from “New” to “In progress”, the batch from “—” to “2611”, the customer's phone number.",
            "mei gave the case to Lin Xiao.",
            "Lin Xiao added a note.",
            "Lin Xiao viewed the customer's full phone number and address.",
            "Lin Xiao took the case from its owner: nobody owns it now.",
            "Lin Xiao changed the status from “In progress” to “Resolved”.",
            "Crisis removed the customer's reference, phone number and address at the end of the retention period.",
        ], english.Select(line => line.Sentence));
        Assert.Equal("Called back", english[3].Note);

        var chinese = Story(id, SharedTexts.Chinese, lin).Select(line => line.Sentence).ToList();
        Assert.Equal("Lin Xiao 修改了渠道（从“天猫”改为“京东”）、状态（从“待处理”改为“跟进中”）、批次（从“—”改为“2611”）、客户电话。", chinese[1]);
        Assert.Equal("保存期限届满，Crisis 系统 清除了客户账号、电话和地址。", chinese[^1]);
        Assert.All(english.Concat(Story(id, SharedTexts.Chinese, lin)), line => Assert.DoesNotContain("1111", line.Sentence));
    }
}
