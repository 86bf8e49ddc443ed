using Crisis.Core.Incidents;
using Crisis.Pdf;

namespace Crisis.Reports;

/// <summary>The checklist on paper, for when systems are down: steps by phase with owners, deadlines and tick boxes.</summary>
public static class ChecklistReport
{
    public static Document Build(IncidentDetails incident, SignedHead? signedHead, IReadOnlyList<Core.Evidence.EvidenceItem> evidence, StoryNames names, ReportTexts t, DateTimeOffset generatedAt, PageFormat page)
    {
        var document = ReviewReport.NewDocument(incident, t, t.ChecklistTitle, page, generatedAt);
        ReviewReport.Cover(document, incident, t, reviewStatus: null, t.ChecklistTitle);
        document.Add(new Callout(CalloutKind.Note, [new Paragraph(t.ChecklistIntro), new Paragraph(new Span(t.Format(t.Generated, t.Time(generatedAt)), Color: Palette.Muted)),
            ReviewReport.SignedHead(signedHead, t)]));

        document.Add(new Heading(1, t.Roles));
        document.Add(new Table([new(t.Role, 1), new(t.Person, 1.4f)],
            incident.Roles.Select(role => (IReadOnlyList<TableCell>)[role.Name, role.PersonName ?? "________________"]).ToList(), TextSize.Body));

        var roles = incident.Roles.ToDictionary(role => role.Key, role => role.Name);
        foreach (var phase in incident.Phases)
        {
            document.Add(new Heading(1, phase.Title));
            document.Add(new Table([new(t.Step, 4.2f), new(t.Owner, 1.3f), new(t.Due, 1.3f), new(t.DoneAt, 1.4f)],
                phase.Steps.Select(step => (IReadOnlyList<TableCell>)
                [
                    StepCell(step),
                    step.AssigneeName ?? (step.Role is null ? "—" : roles.GetValueOrDefault(step.Role, step.Role)),
                    t.Time(step.DueAt),
                    step.Status == StepStatus.Todo ? "" : $"{t.StatusName(step.Status)} {t.Time(step.StatusAt)}\n{step.StatusBy}",
                ]).ToList(), TextSize.Body));
        }
        EvidenceSection.Appendix(document, evidence, names, t);
        return document;
    }

    private static TableCell StepCell(StepView step)
    {
        var text = step.ParentId is null ? new Span(step.Text, SpanStyle.Bold) : new Span(ReportTexts.SubStep(step.Text));
        return new TableCell([new ListBlock(ListKind.Checkbox, [new ListItem([new Paragraph(text)], Checked: step.Status is StepStatus.Done)])]);
    }
}
