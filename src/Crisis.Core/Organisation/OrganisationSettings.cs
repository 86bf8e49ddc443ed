using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Communications;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Organisation;

/// <summary>What configuration says before an admin has set anything (Crisis:Organisation:*).</summary>
public sealed record OrganisationConfiguration
{
    /// <summary>An IANA zone id (Asia/Shanghai); UTC when not configured.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>The organisation's values as an admin enters them; an empty field falls back to configuration.</summary>
public sealed record OrganisationValues
{
    public string BrandName { get; init; } = "";
    /// <summary>The brand's Chinese name, for zh-CN templates; without one they use <see cref="BrandName"/>.</summary>
    public string BrandNameChinese { get; init; } = "";
    public string Website { get; init; } = "";
    public string Hotline { get; init; } = "";
    public string Email { get; init; } = "";
    public string TimeZone { get; init; } = "";
}

/// <summary>
/// The organisation's brand and time zone: set by an admin on /admin/organisation, stored in the database, and read
/// at every use, so a change takes effect at once. Anything not set there comes from configuration
/// (Crisis:Brand:*, Crisis:Organisation:TimeZone), and the time zone from UTC when neither names one.
/// </summary>
public sealed class OrganisationSettings(Database database, BrandSettings brandDefaults, OrganisationConfiguration configuration, TimeProvider time)
{
    private static readonly Dictionary<string, Func<OrganisationValues, string>> Fields = new()
    {
        [nameof(OrganisationValues.BrandName)] = values => values.BrandName,
        [nameof(OrganisationValues.BrandNameChinese)] = values => values.BrandNameChinese,
        [nameof(OrganisationValues.Website)] = values => values.Website,
        [nameof(OrganisationValues.Hotline)] = values => values.Hotline,
        [nameof(OrganisationValues.Email)] = values => values.Email,
        [nameof(OrganisationValues.TimeZone)] = values => values.TimeZone,
    };

    /// <summary>Configuration's values: what an empty field on the page means.</summary>
    public OrganisationValues Defaults => new()
    {
        BrandName = brandDefaults.Name, Website = brandDefaults.Website, Hotline = brandDefaults.Hotline, Email = brandDefaults.Email,
        TimeZone = string.IsNullOrWhiteSpace(configuration.TimeZone) ? TimeZoneInfo.Utc.Id : configuration.TimeZone.Trim(),
    };

    /// <summary>What an admin has set on the page, empty where configuration applies.</summary>
    public OrganisationValues Stored()
    {
        using var connection = database.Open();
        var stored = connection.Query<(string Key, string Value)>("SELECT key, value FROM organisation_settings").ToDictionary(row => row.Key, row => row.Value);
        string Value(string field) => stored.GetValueOrDefault(field, "");
        return new OrganisationValues
        {
            BrandName = Value(nameof(OrganisationValues.BrandName)), BrandNameChinese = Value(nameof(OrganisationValues.BrandNameChinese)),
            Website = Value(nameof(OrganisationValues.Website)), Hotline = Value(nameof(OrganisationValues.Hotline)),
            Email = Value(nameof(OrganisationValues.Email)), TimeZone = Value(nameof(OrganisationValues.TimeZone)),
        };
    }

    /// <summary>The values in force: what the page set, else configuration.</summary>
    public OrganisationValues Current()
    {
        var stored = Stored();
        var defaults = Defaults;
        static string Either(string set, string fallback) => string.IsNullOrWhiteSpace(set) ? fallback : set;
        return new OrganisationValues
        {
            BrandName = Either(stored.BrandName, defaults.BrandName), BrandNameChinese = stored.BrandNameChinese,
            Website = Either(stored.Website, defaults.Website), Hotline = Either(stored.Hotline, defaults.Hotline),
            Email = Either(stored.Email, defaults.Email), TimeZone = Either(stored.TimeZone, defaults.TimeZone),
        };
    }

    /// <summary>The brand a template in <paramref name="language"/> speaks for: the Chinese name in Chinese templates where there is one.</summary>
    public BrandSettings Brand(string language)
    {
        var current = Current();
        var name = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && current.BrandNameChinese.Length > 0 ? current.BrandNameChinese : current.BrandName;
        return new BrandSettings(name, current.Website, current.Hotline, current.Email);
    }

    /// <summary>The zone reports write times in. A zone configuration names that this system does not know is refused
    /// when it is read, in words that say where to fix it.</summary>
    public TimeZoneInfo TimeZone()
    {
        var id = Current().TimeZone;
        return FindZone(id) ?? throw new InvalidOperationException($"Crisis:Organisation:TimeZone '{id}' is not a time zone this system knows (use an IANA id such as Asia/Shanghai)");
    }

    /// <summary>The day it is now in the organisation's time zone.</summary>
    public DateOnly Today(TimeProvider time) => LocalDays.DayOf(time.GetUtcNow(), TimeZone());

    /// <summary>
    /// The zone a document or email in <paramref name="culture"/> writes times in: the organisation's, else, when neither
    /// the page nor configuration names one, Beijing time for a Chinese reader (a mainland team reads times in UTC as a
    /// riddle) and UTC for an English one.
    /// </summary>
    public TimeZoneInfo TimeZoneFor(CultureInfo culture)
    {
        var named = Stored().TimeZone.Length > 0 || !string.IsNullOrWhiteSpace(configuration.TimeZone);
        return named || !SharedTexts.IsChinese(culture) ? TimeZone() : FindZone(ChinaZone)!;
    }

    /// <summary>Beijing time: the zone of a Chinese document when the organisation names none.</summary>
    public const string ChinaZone = "Asia/Shanghai";

    public static TimeZoneInfo? FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>
    /// What is wrong with <paramref name="values"/>, one refusal per wrong field (its <see cref="RuleViolationException.Field"/>
    /// and words, as every form's refusals); empty when they can be saved.
    /// </summary>
    public static IReadOnlyList<RuleViolationException> Problems(OrganisationValues values)
    {
        var problems = new List<RuleViolationException>();
        foreach (var (field, read) in Fields)
        {
            var value = read(values).Trim();
            if (value.Length > TextLimits.Title)
                problems.Add(new($"{field} is {value.Length} characters; the limit is {TextLimits.Title}") { Field = field, TextKey = RefusalTexts.TooLong, TextArguments = [value.Length, TextLimits.Title] });
            else if (!TextLimits.IsOneLine(value))
                problems.Add(new($"{field} must be one line of plain text") { Field = field, TextKey = RefusalTexts.NotOneLine });
        }
        void Check(string field, string value, Func<string, bool> isValid, string message, string textKey)
        {
            if (value.Trim() is { Length: > 0 } trimmed && !isValid(trimmed) && problems.All(problem => problem.Field != field))
                problems.Add(new(message) { Field = field, TextKey = textKey });
        }
        Check(nameof(OrganisationValues.Email), values.Email, EmailAddresses.IsValid, "Email must be an email address such as care@example.com", RefusalTexts.EmailAddress);
        Check(nameof(OrganisationValues.Website), values.Website, IsWebAddress, "Website must be a web address starting with https:// or http://", RefusalTexts.WebAddress);
        Check(nameof(OrganisationValues.TimeZone), values.TimeZone, zone => FindZone(zone) is not null, "TimeZone must be a time zone id such as Asia/Shanghai", RefusalTexts.TimeZone);
        return problems;
    }

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0;

    /// <summary>Stores what the admin entered; an empty field removes the stored value, so configuration applies again.</summary>
    public void Save(OrganisationValues values, Actor actor)
    {
        if (Problems(values) is { Count: > 0 } problems) throw RuleViolationException.Together(problems);
        var now = Timestamps.Format(time.GetUtcNow());
        database.InTransaction((connection, transaction) =>
        {
            foreach (var (field, read) in Fields)
            {
                var value = read(values).Trim();
                if (value.Length == 0)
                    connection.Execute("DELETE FROM organisation_settings WHERE key = @field", new { field }, transaction);
                else
                    connection.Execute(
                        """
                        INSERT INTO organisation_settings (key, value, updated_by, updated_at) VALUES (@field, @value, @by, @now)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        """, new { field, value, by = actor.Name, now }, transaction);
            }
            return 0;
        });
    }
}
