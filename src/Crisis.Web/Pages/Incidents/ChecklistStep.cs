using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// One step of the checklist as <c>_ChecklistStep</c> draws it. Its forms post to the checklist's Step handler under
/// the filter the reader chose; they show only when <paramref name="CanAct"/>.
/// </summary>
/// <param name="SettledBy">Who last changed the step's status, named as the timeline names them.</param>
/// <param name="Regulator">The regulator the step reports to, from the brand's directory (blank when not set there); null when it reports to none.</param>
public sealed record ChecklistStep(string IncidentKey, string Filter, StepView Step, string Owner, string SettledBy, bool CanAct, IReadOnlyList<Person> People,
    Regulator? Regulator);
