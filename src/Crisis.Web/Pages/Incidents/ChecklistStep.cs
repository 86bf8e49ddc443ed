using Crisis.Core.Incidents;
using Crisis.Core.Organisation;
using Crisis.Core.People;
using Microsoft.AspNetCore.Html;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// One step of the checklist as <c>_ChecklistStep</c> draws it. Its forms post to <paramref name="Forms"/>, the
/// checklist's Step handler under the filter the reader chose; they show only when <paramref name="CanAct"/>.
/// </summary>
/// <param name="SettledBy">Who last changed the step's status, named as the timeline names them.</param>
/// <param name="Regulator">The regulator the step reports to, from the brand's directory (blank when not set there); null when it reports to none.</param>
public sealed record ChecklistStep(string IncidentKey, StepForms Forms, StepView Step, string Owner, string SettledBy, bool CanAct, IReadOnlyList<Person> People,
    Regulator? Regulator);

/// <summary>
/// Where every step form of one checklist posts, and its antiforgery field: worked out once for the page rather than by
/// a form tag helper in each of a long checklist's five forms a step.
/// </summary>
public sealed record StepForms(string Action, IHtmlContent Antiforgery);

/// <summary>A phase of the checklist as <c>_ChecklistPhase</c> draws it: the steps the reader's filter shows, open first.</summary>
public sealed record ChecklistPhase(PhaseView Phase, IReadOnlyList<ChecklistStep> Rows);

/// <summary>One event of the incident's story as <c>_StoryEntry</c> draws it, with the commander's form to mark it key or not.</summary>
public sealed record StoryEntry(string IncidentKey, TimelineEntry Entry, bool CanMark, bool IsMarked);
