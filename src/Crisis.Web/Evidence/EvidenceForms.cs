using System.Globalization;
using Crisis.Core;
using Crisis.Core.Evidence;

namespace Crisis.Web.Evidence;

/// <summary>An upload as the page's form and the API's multipart body both send it: the file and what is said of it.</summary>
public static partial class EvidenceForms
{
    /// <summary>The file and its fields; a file over the limit is refused before it is read into memory.</summary>
    /// <remarks>The form has been read in full before (by the page's binding, or the API's ReadFormAsync): the copy reads a buffer, not the network.</remarks>
    public static NewEvidence Read(IFormFile file, IFormCollection form, long maxFileBytes)
    {
        if (file.Length > maxFileBytes) throw EvidenceBook.TooLarge(file.Length, maxFileBytes);
        using var content = new MemoryStream((int)file.Length);
        using (var upload = file.OpenReadStream()) upload.CopyTo(content);
        string? Field(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        // The page's form names both in one choice: "step:ID", "case:ID" or "review"; the API sends them apart.
        var choice = Field("attach")?.Split(':', 2);
        return new NewEvidence(file.FileName, content.ToArray())
        {
            Title = Field("title"),
            Description = Field("description"),
            Source = Field("source"),
            CollectedBy = Field("collectedBy"),
            CollectedAt = CollectedAt(Field("collectedAt"), Field("zone")),
            AttachedTo = choice is null ? Field("attachedTo") : choice[0],
            AttachedRef = choice is null ? Field("attachedRef") : choice.ElementAtOrDefault(1),
            RemoveLocation = Field("removeLocation") is "true" or "on",
        };
    }

    /// <summary>
    /// An ISO 8601 time with an offset (the API), or a local time from the page's date-time field, read in
    /// <paramref name="zoneId"/> (the zone the page shows times in).
    /// </summary>
    private static DateTimeOffset? CollectedAt(string? text, string? zoneId)
    {
        if (text is null) return null;
        if (HasOffset().IsMatch(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)) return withOffset;
        }
        else if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }
        throw new RuleViolationException($"'{text}' is not a date and time with its offset, such as 2026-12-04T09:30:00+08:00") { Field = "collectedAt", TextKey = "refusal:evidence-collected-at" };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex HasOffset();
}
