using System.Globalization;
using Crisis.Core.Localization;

namespace Crisis.Core.Playbooks;

public enum DeadlineUnit { Minutes, Hours, Days, Weeks, WorkingDays }

/// <summary>
/// A deadline relative to an incident's opening, written +30m, +4h, +2d, +1w or +2wd (working days: the rules of
/// regulators in China count in them, skipping weekends and public holidays and counting the weekend days worked
/// in their place, see <see cref="WorkingDayCalendar"/>).
/// </summary>
public readonly record struct Deadline(int Amount, DeadlineUnit Unit)
{
    private const int MaxAmount = 10_000;

    /// <summary>Each unit's suffix in a token and its words' key in the shared texts ("duration:hours", "duration:hours:one").</summary>
    private static readonly (string Suffix, DeadlineUnit Unit, string Words)[] Units =
    [
        ("wd", DeadlineUnit.WorkingDays, "working-days"),
        ("m", DeadlineUnit.Minutes, "minutes"),
        ("h", DeadlineUnit.Hours, "hours"),
        ("d", DeadlineUnit.Days, "days"),
        ("w", DeadlineUnit.Weeks, "weeks"),
    ];

    public static bool TryParse(string text, out Deadline deadline)
    {
        deadline = default;
        if (text.Length < 3 || text[0] != '+') return false;
        // "wd" comes first: "+2wd" ends in "d" too.
        var (suffix, unit, _) = Units.FirstOrDefault(known => text.EndsWith(known.Suffix, StringComparison.Ordinal));
        if (suffix is null
            || !int.TryParse(text.AsSpan(1, text.Length - 1 - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount > MaxAmount)
        {
            return false;
        }
        deadline = new Deadline(amount, unit);
        return true;
    }

    /// <summary>When the deadline falls for an incident opened at <paramref name="from"/>. Working days are counted in
    /// the brand's time zone (see <see cref="WorkingDayCalendar.AddWorkingDays"/>), asked for only then.</summary>
    public DateTimeOffset From(DateTimeOffset from, WorkingDayCalendar calendar, Func<TimeZoneInfo> zone) => Unit switch
    {
        DeadlineUnit.Minutes => from.AddMinutes(Amount),
        DeadlineUnit.Hours => from.AddHours(Amount),
        DeadlineUnit.Days => from.AddDays(Amount),
        DeadlineUnit.Weeks => from.AddDays(7 * Amount),
        _ => calendar.AddWorkingDays(from, Amount, zone()),
    };

    /// <summary>The span in words: "30 minutes", "1 hour", "2 working days"; "30分钟", "2个工作日".</summary>
    public string Describe(CultureInfo culture)
    {
        var unit = Unit;
        var words = Units.First(known => known.Unit == unit).Words;
        return string.Format(culture, SharedTexts.Get("duration:" + words + (Amount == 1 ? ":one" : ""), culture), Amount);
    }
}
