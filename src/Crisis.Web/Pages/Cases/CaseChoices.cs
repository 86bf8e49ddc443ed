using System.Globalization;
using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Web.Pages.Cases;

/// <summary>What the case pages offer to choose from and how they name a case, so the list and the case page agree.</summary>
public static class CaseChoices
{
    /// <summary>The form value that chooses nobody (no owner) or no incident, where an empty value would mean "not chosen yet".</summary>
    public const string None = "none";

    /// <summary>A case as a list or a heading names it: the first line of the customer's summary, cut short.</summary>
    public static string Title(string summary)
    {
        var first = summary.Split('\n')[0].Trim();
        var letters = new StringInfo(first);
        return letters.LengthInTextElements <= 80 ? first : letters.SubstringByTextElements(0, 79) + "…";
    }

    /// <summary>The incidents a case can be linked to: real ones still being worked, the newest first (an exercise's are drills, not complaints).</summary>
    public static IReadOnlyList<IncidentSummary> Incidents(IncidentQueries queries) =>
        queries.List().Where(incident => !incident.IsExercise && incident.Status != IncidentStatus.Closed).OrderByDescending(incident => incident.OpenedAt).ToList();

    /// <summary>A posted choice of person: an id, or <see cref="None"/> for nobody; anything else is no choice.</summary>
    public static bool TryPerson(string? posted, out long? personId)
    {
        personId = null;
        if (posted == None) return true;
        if (!long.TryParse(posted, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        personId = id;
        return true;
    }

    /// <summary>The person in the directory with the signed-in account's email, if any: cases a person logs are theirs by default.</summary>
    public static Person? Me(IEnumerable<Person> people, string? email) =>
        email is null ? null : people.FirstOrDefault(person => string.Equals(person.Email, email, StringComparison.OrdinalIgnoreCase));
}
