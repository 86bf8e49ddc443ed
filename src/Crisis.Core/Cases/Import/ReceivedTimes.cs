using System.Globalization;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// When a complaint was received, as exports write it: "2026-11-11 10:23:45", "2026/11/11 10:23", "2026年11月11日 10:23",
/// a date alone, ISO 8601 with or without an offset, or an Excel date number (46337.43). A time without an offset is
/// read in the file's time zone.
/// </summary>
public static class ReceivedTimes
{
    private static readonly string[] LocalFormats =
        [.. new[] { "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日" }
            .SelectMany(date => new[] { date, date + " H:m", date + " H:m:s", date + " H:m:s.FFFFFFF", date + "'T'H:m", date + "'T'H:m:s", date + "'T'H:m:s.FFFFFFF", date + "H:m", date + "H:m:s" }),
         "yyyyMMddHHmmss", "yyyyMMdd"];

    private static readonly string[] OffsetFormats = ["yyyy-M-d'T'H:m:sK", "yyyy-M-d'T'H:m:s.FFFFFFFK", "yyyy-M-d'T'H:mK", "yyyy-M-d H:m:sK", "yyyy-M-d H:m:s zzz"];

    // Excel numbers days from 1899-12-30: 20,000 is 1954 and 80,000 is 2119, so an order id or a count is never read as a date.
    private const double FirstExcelDay = 20_000;
    private const double LastExcelDay = 80_000;

    /// <summary>The moment <paramref name="text"/> names, or null when it is not a time these formats read.</summary>
    public static DateTimeOffset? Parse(string text, TimeZoneInfo zone)
    {
        var trimmed = text.Trim();
        if (DateTime.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out var local))
            return InZone(local, zone);
        if (DateTimeOffset.TryParseExact(trimmed, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out var withOffset))
            return withOffset.ToUniversalTime();
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var excelDay) && excelDay is >= FirstExcelDay and <= LastExcelDay)
            return InZone(DateTime.FromOADate(excelDay), zone);
        return null;
    }

    /// <summary>A wall-clock time in <paramref name="zone"/>; one the clocks skip or pass twice (summer time) takes the zone's standard offset.</summary>
    private static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // The first day of the calendar (a default date) cannot take an offset east of UTC: read as UTC, the case book
        // refuses it as too long ago rather than the import failing.
        if (unspecified < DateTime.MinValue.AddDays(1)) return new DateTimeOffset(unspecified, TimeSpan.Zero);
        return new DateTimeOffset(unspecified, zone.IsInvalidTime(unspecified) ? zone.BaseUtcOffset : zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
