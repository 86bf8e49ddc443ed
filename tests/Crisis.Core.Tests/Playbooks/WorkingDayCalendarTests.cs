using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

public class WorkingDayCalendarTests
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.ChinaMainland;

    private static DateTimeOffset BeijingTime(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    [Theory]
    // An ordinary week: Monday 10:00 plus two working days is Wednesday 10:00; Friday's run over the weekend.
    [InlineData("2026-03-09 10:00", 2, "2026-03-11 10:00")]
    [InlineData("2026-03-13 16:30", 2, "2026-03-17 16:30")]
    // Opened the day before National Day: 1-7 October are off, so two working days end on Friday 9 October.
    [InlineData("2026-09-30 15:00", 2, "2026-10-09 15:00")]
    // Saturday 10 October 2026 is worked in exchange (调休): it counts.
    [InlineData("2026-10-09 15:00", 1, "2026-10-10 15:00")]
    // Sunday 20 September 2026 is worked too, the Friday-Sunday of Mid-Autumn (25-27 September) is not.
    [InlineData("2026-09-19 09:00", 1, "2026-09-20 09:00")]
    [InlineData("2026-09-24 09:00", 2, "2026-09-29 09:00")]
    // Spring Festival 2026: 15-23 February off, Saturday 14 and Saturday 28 February worked.
    [InlineData("2026-02-13 11:00", 1, "2026-02-14 11:00")]
    [InlineData("2026-02-14 11:00", 1, "2026-02-24 11:00")]
    [InlineData("2026-02-27 11:00", 1, "2026-02-28 11:00")]
    // 2025: the eight-day National Day and Mid-Autumn holiday, and Saturday 11 October worked.
    [InlineData("2025-09-30 12:00", 2, "2025-10-10 12:00")]
    [InlineData("2025-09-30 12:00", 3, "2025-10-11 12:00")]
    // Opened on a holiday: the first working day after it is the first counted.
    [InlineData("2026-10-03 08:00", 2, "2026-10-09 08:00")]
    // Ten working days of a recall plan across New Year 2026 (1-3 January off, Sunday 4 January worked).
    [InlineData("2025-12-29 09:00", 10, "2026-01-13 09:00")]
    public void Working_days_skip_weekends_and_holidays_and_count_the_days_worked_in_exchange(string opened, int days, string due)
    {
        Assert.Equal(BeijingTime(due), China.AddWorkingDays(BeijingTime(opened), days, Beijing));
    }

    [Fact]
    public void Days_are_counted_in_the_brands_time_zone_not_in_UTC()
    {
        // 17:00 UTC on 30 September is 01:00 on 1 October in Beijing: a holiday there, so one working day is Thursday 8
        // October at 01:00 Beijing time; counted in UTC it would be 8 October 17:00 UTC, sixteen hours later.
        var opened = new DateTimeOffset(2026, 9, 30, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 1, 0, 0, TimeSpan.FromHours(8)), China.AddWorkingDays(opened, 1, Beijing));
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 17, 0, 0, TimeSpan.Zero), China.AddWorkingDays(opened, 1, TimeZoneInfo.Utc));
    }

    [Fact]
    public void The_shipped_calendar_covers_2025_and_2026_and_counts_an_uncovered_year_monday_to_friday()
    {
        Assert.Equal(new[] { 2025, 2026 }, China.Years.Order());
        // 1 January 2027 (a Friday) is not in the data: it counts as a working day until the year's schedule is added.
        Assert.True(China.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(China.IsWorkingDay(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void A_calendar_file_with_a_line_it_cannot_read_is_refused_with_the_line()
    {
        var calendar = WorkingDayCalendar.Parse("# comment\ncovers 2027\n2027-02-05..2027-02-11 off  春节\n2027-02-13 work\n", "cn.txt");
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 13)));
        Assert.Contains(2027, calendar.Years);

        var refused = Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse("covers 2027\n2027-02-30 off\n", "cn.txt"));
        Assert.StartsWith("cn.txt:2:", refused.Message);
        Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse("2027-02-05 holiday\n", "cn.txt"));
        Assert.Throws<FormatException>(() => WorkingDayCalendar.Parse("2027-02-11..2027-02-05 off\n", "cn.txt"));
    }
}
