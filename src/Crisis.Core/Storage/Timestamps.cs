using System.Globalization;

namespace Crisis.Core.Storage;

/// <summary>Timestamps are stored as UTC ISO-8601 text with milliseconds, which sorts correctly as text.</summary>
public static class Timestamps
{
    private const string Format_ = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(Format_, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(string? text) => text is null ? null : Parse(text);

    /// <summary>A stored time, or null when there is none or it cannot be read: for what reads many rows and must not stop at a damaged one.</summary>
    public static DateTimeOffset? ReadableOrNull(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
