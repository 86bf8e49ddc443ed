using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Organisation;

/// <summary>What a regulator receives from the brand; a playbook step names one with <c>regulator:</c>.</summary>
public static class RegulatorPurposes
{
    public const string Recall = "recall";
    public const string FoodSafety = "food-safety";
    public const string Cosmetics = "cosmetics";
    public const string DataBreach = "data-breach";
    public const string Complaints = "complaints";

    public static readonly IReadOnlyList<string> All = [Recall, FoodSafety, Cosmetics, DataBreach, Complaints];

    /// <summary>The regulator the templates of a playbook in <paramref name="category"/> address; null where no rule names one.</summary>
    public static string? ForCategory(string category) => category switch
    {
        "recall" => Recall,
        "food-safety" => FoodSafety,
        "cosmetics" => Cosmetics,
        "data-breach" => DataBreach,
        "complaint-surge" => Complaints,
        _ => null,
    };
}

public static class RegulatorLevels
{
    public static readonly IReadOnlyList<string> All = ["national", "provincial", "city", "county"];
}

public static class RegulatorChannels
{
    public const string Online = "online";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string InPerson = "in-person";

    public static readonly IReadOnlyList<string> All = [Online, Email, Phone, InPerson];
}

/// <summary>One regulator of the directory: what it is for, who it is, and how its reports reach it (<see cref="Contact"/> is
/// the system's address, the email address, the number or the office's street address, as <see cref="Channel"/> says).</summary>
public sealed record Regulator(string Purpose, string Name = "", string Level = "", string Channel = "", string Contact = "")
{
    public bool IsBlank => new[] { Name, Level, Channel, Contact }.All(string.IsNullOrWhiteSpace);

    /// <summary>What templates read as regulator.*: the level and channel in the template's language.</summary>
    public IReadOnlyDictionary<string, string> ToTemplateValues(string language)
    {
        var culture = SharedTexts.In(language);
        return new Dictionary<string, string>
        {
            ["name"] = Name,
            ["level"] = Level.Length > 0 ? SharedTexts.Get("regulator-level:" + Level, culture) : "",
            ["channel"] = Channel.Length > 0 ? SharedTexts.Get("regulator-channel:" + Channel, culture) : "",
            ["contact"] = Contact,
        };
    }
}

/// <summary>
/// The regulators this brand reports to, one per purpose, set by an admin on /admin/regulators. Which office receives a
/// report differs by province (Guangdong sends recall reports to the prefecture-level city regulator), so nothing is
/// shipped: a purpose not set is missing wherever a template or a step needs it.
/// </summary>
public sealed class RegulatorDirectory(Database database, TimeProvider time)
{
    /// <summary>Every purpose in order, blank where none is set.</summary>
    public IReadOnlyList<Regulator> All()
    {
        using var connection = database.Open();
        var stored = connection.Query<Regulator>("SELECT purpose, name, level, channel, contact FROM regulators").ToDictionary(regulator => regulator.Purpose);
        return RegulatorPurposes.All.Select(purpose => stored.GetValueOrDefault(purpose) ?? new Regulator(purpose)).ToList();
    }

    /// <summary>The regulator for <paramref name="purpose"/>, blank when none is set.</summary>
    public Regulator For(string purpose) => All().FirstOrDefault(regulator => regulator.Purpose == purpose) ?? new Regulator(purpose);

    /// <summary>What templates of a playbook in <paramref name="category"/> read as regulator.*: empty values (missing) where
    /// the category names no regulator or the directory has none for it.</summary>
    public IReadOnlyDictionary<string, string> TemplateValues(string category, string language) =>
        (RegulatorPurposes.ForCategory(category) is { } purpose ? For(purpose) : new Regulator("")).ToTemplateValues(language);

    /// <summary>What is wrong with the entries, one refusal per wrong field, named purpose.Field (recall.Contact); a blank entry is fine.</summary>
    public static IReadOnlyList<RuleViolationException> Problems(IEnumerable<Regulator> regulators)
    {
        var problems = new List<RuleViolationException>();
        foreach (var regulator in regulators.Where(regulator => !regulator.IsBlank))
        {
            var field = regulator.Purpose + ".";
            if (!RegulatorPurposes.All.Contains(regulator.Purpose))
                problems.Add(new($"'{regulator.Purpose}' is not a purpose of the regulator directory") { Field = field + nameof(Regulator.Purpose), TextKey = RefusalTexts.Required });
            Check(nameof(Regulator.Name), () => TextLimits.Require(regulator.Name, TextLimits.Title, "the regulator's name", field + nameof(Regulator.Name)));
            Choice(nameof(Regulator.Level), regulator.Level, RegulatorLevels.All);
            Choice(nameof(Regulator.Channel), regulator.Channel, RegulatorChannels.All);
            Check(nameof(Regulator.Contact), () =>
            {
                var contact = TextLimits.Require(regulator.Contact, TextLimits.Title, "how to reach the regulator", field + nameof(Regulator.Contact));
                if (ContactProblem(regulator.Channel.Trim(), contact) is { } problem) throw problem;
            });

            void Check(string name, Action check)
            {
                try
                {
                    check();
                }
                catch (RuleViolationException problem)
                {
                    problems.Add(new(problem.Message) { Field = field + name, TextKey = problem.TextKey, TextArguments = problem.TextArguments });
                }
            }

            void Choice(string name, string value, IReadOnlyList<string> choices)
            {
                if (!choices.Contains(value.Trim()))
                    problems.Add(new($"{name} must be one of {string.Join(", ", choices)}") { Field = field + name, TextKey = RefusalTexts.Required });
            }
        }
        return problems;
    }

    /// <summary>A contact that cannot be what its channel says: an online system needs its web address, email an address, phone a number.</summary>
    private static RuleViolationException? ContactProblem(string channel, string contact) => channel switch
    {
        RegulatorChannels.Online when !(Uri.TryCreate(contact, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0) =>
            new("an online system's contact must be its web address, starting with https:// or http://") { TextKey = RefusalTexts.WebAddress },
        RegulatorChannels.Email when !EmailAddresses.IsValid(contact) =>
            new("an email contact must be an email address") { TextKey = RefusalTexts.EmailAddress },
        RegulatorChannels.Phone when !IsPhoneNumber(contact) =>
            new("a phone contact must be a phone number such as 020-12345678") { TextKey = RefusalTexts.PhoneNumber },
        _ => null,
    };

    /// <summary>Digits with the usual separators (020-1234 5678, +86 (20) 12345678, 12315), at least five digits.</summary>
    private static bool IsPhoneNumber(string text) =>
        text.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '-' or '+' or '(' or ')' or '/') && text.Count(char.IsAsciiDigit) >= 5;

    /// <summary>Stores the directory as entered: a blank entry removes that purpose's regulator. Nothing is stored when any entry is wrong.</summary>
    public void Save(IReadOnlyList<Regulator> regulators, Actor actor)
    {
        if (Problems(regulators) is { Count: > 0 } problems) throw RuleViolationException.Together(problems);
        var now = Timestamps.Format(time.GetUtcNow());
        database.InTransaction((connection, transaction) =>
        {
            foreach (var regulator in regulators)
            {
                if (regulator.IsBlank)
                    connection.Execute("DELETE FROM regulators WHERE purpose = @Purpose", new { regulator.Purpose }, transaction);
                else
                    connection.Execute(
                        """
                        INSERT INTO regulators (purpose, name, level, channel, contact, updated_by, updated_at)
                        VALUES (@Purpose, @Name, @Level, @Channel, @Contact, @by, @now)
                        ON CONFLICT (purpose) DO UPDATE SET name = excluded.name, level = excluded.level, channel = excluded.channel,
                            contact = excluded.contact, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        """,
                        new
                        {
                            regulator.Purpose, Name = regulator.Name.Trim(), Level = regulator.Level.Trim(), Channel = regulator.Channel.Trim(),
                            Contact = regulator.Contact.Trim(), by = actor.Name, now,
                        }, transaction);
            }
            return 0;
        });
    }
}
