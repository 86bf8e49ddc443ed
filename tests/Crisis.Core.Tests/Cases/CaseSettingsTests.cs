using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Dapper;

namespace Crisis.Core.Tests.Cases;

public sealed class CaseSettingsTests : IDisposable
{
    private static readonly Actor Admin = new("admin", "admin");
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    private CaseSettings Settings => _test.Get<CaseSettings>();

    private static IReadOnlyList<ChannelClock> With(IReadOnlyList<ChannelClock> clocks, ChannelClock changed) =>
        clocks.Select(clock => clock.Channel == changed.Channel ? changed : clock).ToList();

    [Fact]
    public void Nothing_set_reads_as_the_shipped_clocks_the_shipped_retention_and_no_lead()
    {
        var read = Settings.Read();
        Assert.Equal(CaseChannels.All.Select(channel => CaseClocks.Defaults[channel]), read.Clocks);
        Assert.Equal(CaseSettings.DefaultRetentionDays, read.RetentionDays);
        Assert.Null(read.LeadPersonId);
        Assert.Equal(TimeSpan.FromDays(180), Settings.Retention);
    }

    [Fact]
    public void Clocks_retention_and_lead_are_saved_together_and_a_clock_set_back_to_its_default_follows_the_default_again()
    {
        var lead = _test.Get<PeopleDirectory>().Add(new NewPerson("Wang Fang", "wang@demo.example", Language: "zh-CN"));
        var faster = new ChannelClock(CaseChannels.Douyin, TimeSpan.FromHours(1.5), TimeSpan.FromHours(24));
        Settings.Save(new CaseSettingsValues(With(Settings.Read().Clocks, faster), 30, lead.Id), Admin);

        var read = Settings.Read();
        Assert.Equal(faster, read.Clocks.Single(clock => clock.Channel == CaseChannels.Douyin));
        Assert.Equal((30, lead.Id), (read.RetentionDays, read.LeadPersonId));
        using (var connection = _test.Database.Open())
            Assert.Equal(["douyin"], connection.Query<string>("SELECT channel FROM case_clocks"));

        Settings.Save(new CaseSettingsValues(With(read.Clocks, CaseClocks.Defaults[CaseChannels.Douyin]), 30, null), Admin);
        using (var connection = _test.Database.Open())
            Assert.Empty(connection.Query<string>("SELECT channel FROM case_clocks"));
        Assert.Null(Settings.Read().LeadPersonId);
    }

    [Fact]
    public void Every_wrong_setting_is_refused_by_its_field_and_nothing_is_saved()
    {
        var clocks = With(With(Settings.Read().Clocks, new ChannelClock(CaseChannels.JD, TimeSpan.FromHours(5), TimeSpan.FromHours(4))),
            new ChannelClock(CaseChannels.Hotline, TimeSpan.Zero, TimeSpan.FromHours(4)));
        var refusal = Assert.Throws<RuleViolationException>(() => Settings.Save(new CaseSettingsValues(clocks, 0, 424242), Admin));

        Assert.Equal(["clocks.jd.resolution", "clocks.hotline.response", "retentionDays", "leadPersonId"],
            new[] { refusal }.Concat(refusal.AlsoWrong).Select(problem => problem.Field));
        Assert.Equal(RefusalTexts.ResolutionClock, refusal.TextKey);
        var read = Settings.Read();
        Assert.Equal((CaseSettings.DefaultRetentionDays, (long?)null), (read.RetentionDays, read.LeadPersonId));
        Assert.Equal(CaseChannels.All.Select(channel => CaseClocks.Defaults[channel]), read.Clocks);
    }

    [Fact]
    public void A_person_reads_crisiss_own_emails_in_the_language_they_were_given_and_no_other()
    {
        var directory = _test.Get<PeopleDirectory>();
        directory.Add(new NewPerson("Lin Xiao", "lin@demo.example", Language: "zh-CN"));
        directory.Add(new NewPerson("Sophie Martin", "sophie@demo.example"));
        Assert.Equal(["zh-CN", null], directory.List().Select(person => person.Language)); // by name: Lin Xiao, Sophie Martin
        Assert.Equal("language", Assert.Throws<RuleViolationException>(() => directory.Add(new NewPerson("Ana", Language: "pt"))).Field);
    }
}
