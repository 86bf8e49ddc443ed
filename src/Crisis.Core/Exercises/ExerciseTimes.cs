using System.Globalization;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Exercises;

/// <summary>
/// Exercise times as a reader sees them. English keeps the notation scenarios are written in ("T+15m", "30m", "1h30m"),
/// which English-speaking trainers use; Chinese readers get words ("开始后15分钟", "30分钟", "1小时30分钟"), since
/// "T+15m" is exercise jargon they do not share. Data (the API, the CLI, the timeline's stored events) keeps the notation.
/// </summary>
public static class ExerciseTimes
{
    /// <summary>A span: an exercise's length, an expectation's "within", a measured response.</summary>
    public static string Length(TimeSpan time, CultureInfo culture) =>
        SharedTexts.IsChinese(culture) ? InWords(time, culture) : ScenarioParser.Format(time);

    /// <summary>A moment of the exercise counted from its start: "T+15m", "开始后15分钟".</summary>
    public static string SinceStart(TimeSpan time, CultureInfo culture) =>
        string.Format(CultureInfo.InvariantCulture, SharedTexts.Get("exercise:time", culture), Length(time, culture));

    /// <summary>The same whole units <see cref="ScenarioParser.Format"/> picks, in words: minutes under an hour, hours and
    /// minutes under a day, whole hours under two days, else days.</summary>
    private static string InWords(TimeSpan time, CultureInfo culture)
    {
        string Words(int amount, DeadlineUnit unit) => new Deadline(amount, unit).Describe(culture);
        var hours = (int)time.TotalHours;
        if (time.TotalMinutes < 60) return Words((int)time.TotalMinutes, DeadlineUnit.Minutes);
        if (time.Minutes != 0 && time.TotalHours < 24) return Words(hours, DeadlineUnit.Hours) + Words(time.Minutes, DeadlineUnit.Minutes);
        return time.TotalHours < 48 ? Words(hours, DeadlineUnit.Hours) : Words((int)time.TotalDays, DeadlineUnit.Days);
    }
}
