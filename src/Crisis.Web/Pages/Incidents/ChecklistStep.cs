using Crisis.Core.Incidents;
using Crisis.Core.People;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// One step of the checklist as <c>_ChecklistStep</c> draws it. Its forms post to the checklist's Step handler under
/// the filter the reader chose; they show only when <paramref name="CanAct"/>.
/// </summary>
public sealed record ChecklistStep(string IncidentKey, string Filter, StepView Step, string Owner, bool CanAct, IReadOnlyList<Person> People);
