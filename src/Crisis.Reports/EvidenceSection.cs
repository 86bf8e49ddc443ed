using System.Globalization;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Crisis.Pdf;

namespace Crisis.Reports;

/// <summary>The evidence in a report: the pictures the commander chose, and every file with its hash in the appendix.</summary>
internal static class EvidenceSection
{
    /// <summary>The chosen pictures, each with its title, who collected it when and its hash; nothing when none was chosen.</summary>
    public static void Pictures(Document document, IReadOnlyList<EvidenceItem> evidence, Func<EvidenceItem, byte[]?> picture, ReportTexts t)
    {
        var chosen = evidence.Where(item => item.InReview && !item.IsDeleted).Select(item => (Item: item, Picture: picture(item))).Where(pair => pair.Picture is not null).ToList();
        if (chosen.Count == 0) return;
        document.Add(new Heading(1, t.Evidence), new Paragraph([new Span(t.EvidencePicturesIntro, Color: Palette.Muted)], TextSize.Small));
        foreach (var (item, data) in chosen)
        {
            document.Add(new Heading(3, item.Title, InOutline: false));
            document.Add(new ImageBlock(data!, Caption: Caption(item, t)));
        }
    }

    /// <summary>Every file attached, deleted ones with who deleted them and why, each with its full SHA-256.</summary>
    /// <param name="names">The people behind the accounts that attached and deleted files.</param>
    public static void Appendix(Document document, IReadOnlyList<EvidenceItem> evidence, StoryNames names, ReportTexts t)
    {
        string Person(string? account) => EventStory.ActorName(account ?? "", names, t.Culture);
        document.Add(new Heading(2, t.EvidenceAppendix));
        if (evidence.Count == 0)
        {
            document.Add(ReviewReport.Absent(t.NoEvidence));
            return;
        }
        document.Add(new Paragraph([new Span(t.EvidenceAppendixIntro, Color: Palette.Muted)], TextSize.Small));
        document.Add(new Table([new("#", 0.35f), new(t.EvidenceFile, 2.4f), new(t.EvidenceCollected, 1.6f), new(t.EvidenceAttached, 1.5f), new("SHA-256", 2.2f)],
            evidence.Select(item => (IReadOnlyList<TableCell>)
            [
                item.Id.ToString(CultureInfo.InvariantCulture),
                FileCell(item, Person(item.DeletedBy), t),
                string.Join("\n", new[] { item.CollectedBy, item.CollectedAt is { } at ? t.Time(at) : "", item.Source }.Where(part => part.Length > 0)) is { Length: > 0 } collected ? collected : "—",
                $"{Person(item.UploadedBy)}\n{t.Time(item.UploadedAt)}",
                new Span(item.Sha256, Color: Palette.Muted),
            ]).ToList()));
    }

    private static TableCell FileCell(EvidenceItem item, string deletedBy, ReportTexts t)
    {
        var lines = new List<Block>
        {
            new Paragraph(Span.Bold(item.Title)),
            new Paragraph(new Span($"{item.FileName} · {t.EvidenceType(item.Type)} · {item.SizeText}", Color: Palette.Muted)),
        };
        if (item.LocationRemoved) lines.Add(new Paragraph(new Span(t.LocationRemoved, Color: Palette.Muted)));
        if (item.IsDeleted) lines.Add(new Paragraph(new Span(t.Format(t.EvidenceDeleted, t.Time(item.DeletedAt), deletedBy, item.DeletedReason), SpanStyle.Italic)));
        return new TableCell(lines);
    }

    private static string Caption(EvidenceItem item, ReportTexts t) =>
        string.Join(" · ", new[] { item.CollectedBy, item.CollectedAt is { } at ? t.Time(at) : "", item.Source, "SHA-256 " + (item.Sha256.Length > 16 ? item.Sha256[..16] + "…" : item.Sha256) }.Where(part => part.Length > 0));
}
