using System.Globalization;

namespace Crisis.Core.Playbooks;

/// <summary>
/// Which days are working days: Monday to Friday, except the public holidays, plus the weekend days worked in their
/// place (调休 in mainland China). Read from a small text file (the shipped one is china-mainland-working-days.txt,
/// where the format is described); a year the file does not cover counts Monday to Friday.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> workedWeekendDays;

    private WorkingDayCalendar(HashSet<DateOnly> holidays, HashSet<DateOnly> workedWeekendDays, IReadOnlySet<int> years)
    {
        this.holidays = holidays;
        this.workedWeekendDays = workedWeekendDays;
        Years = years;
    }

    /// <summary>The years whose holidays the calendar lists.</summary>
    public IReadOnlySet<int> Years { get; }

    public static WorkingDayCalendar ChinaMainland { get; } = Parse(ReadShipped(), "china-mainland-working-days.txt");

    public bool IsWorkingDay(DateOnly day) =>
        workedWeekendDays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day));

    /// <summary>
    /// The moment <paramref name="count"/> working days after <paramref name="from"/>, counted in <paramref name="zone"/>:
    /// the same time of day on the working day that many working days after the day of <paramref name="from"/> (which
    /// itself does not count, working or not). Opened on Wednesday 30 September 2026 at 15:00, two working days run
    /// past the National Day week to Friday 9 October, 15:00.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int count, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(from, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }
        var due = day.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        // A time skipped by a clock change that day moves on by the change, as a wall clock would.
        if (zone.IsInvalidTime(due)) due = due.AddHours(1);
        return new DateTimeOffset(due, zone.GetUtcOffset(due));
    }

    /// <summary>Reads a calendar file; a line it cannot read is refused with its line number, so a typo never
    /// silently turns a holiday into a working day.</summary>
    public static WorkingDayCalendar Parse(string text, string source)
    {
        var holidays = new HashSet<DateOnly>();
        var worked = new HashSet<DateOnly>();
        var years = new HashSet<int>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var words = lines[index].Split('#')[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words is ["covers", var year, ..] && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var covered))
            {
                years.Add(covered);
                continue;
            }
            if (words.Length < 2 || !TryReadDays(words[0], out var first, out var last) || words[1] is not ("off" or "work"))
            {
                throw new FormatException($"{source}:{index + 1}: expected 'covers YEAR', 'DATE off', 'DATE..DATE off' or 'DATE work', not \"{lines[index].Trim()}\"");
            }
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                (words[1] == "off" ? holidays : worked).Add(day);
            }
        }
        return new WorkingDayCalendar(holidays, worked, years);
    }

    private static bool TryReadDays(string text, out DateOnly first, out DateOnly last)
    {
        var parts = text.Split("..");
        last = default;
        if (!TryReadDay(parts[0], out first) || parts.Length > 2) return false;
        if (parts.Length == 1) last = first;
        else if (!TryReadDay(parts[1], out last)) return false;
        return last >= first && last.DayNumber - first.DayNumber < 366;
    }

    private static bool TryReadDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static string ReadShipped()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream("Crisis.Core.Playbooks.china-mainland-working-days.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
