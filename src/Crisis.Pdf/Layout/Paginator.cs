namespace Crisis.Pdf.Layout;

/// <summary>One page's drawing, in points from the top-left of the page body, and the headings that start on it.</summary>
internal sealed record PageContent(List<DrawOp> Ops, List<(OutlineEntry Entry, float Y)> Outline);

/// <summary>
/// Stacks slices onto pages: a slice that does not fit starts a new page, together with every slice it must
/// stay with (a heading and the first lines after it, a paragraph's first or last two lines); a table row
/// that starts a page brings its header rows along; space at the top of a page is dropped.
/// </summary>
internal static class Paginator
{
    public static List<PageContent> Paginate(IReadOnlyList<Slice> slices, float bodyHeight)
    {
        var pages = new List<PageContent> { new([], []) };
        var y = 0f;

        void Place(Slice slice)
        {
            var page = pages[^1];
            page.Ops.AddRange(slice.Ops.Select(op => op.Moved(0, y)));
            if (slice.Outline is { } entry)
                page.Outline.Add((entry, y));
            y += slice.Height;
        }

        for (var i = 0; i < slices.Count; i++)
        {
            var slice = slices[i];
            if (slice.IsSpace || slice.BreakBefore)
            {
                if (y == 0)
                    continue;
                if (slice.BreakBefore)
                    y = bodyHeight;
                else
                    y += slice.Height;
                continue;
            }
            if (y > 0 && y + HeightKeptTogether(slices, i, bodyHeight) > bodyHeight)
            {
                pages.Add(new([], []));
                y = 0;
                foreach (var header in slice.RepeatedHeader ?? [])
                    Place(header);
            }
            Place(slice);
        }
        return pages;
    }

    /// <summary>The height of the slice and those chained to it by <see cref="Slice.KeepWithNext"/>; just its own when the chain is longer than a page.</summary>
    private static float HeightKeptTogether(IReadOnlyList<Slice> slices, int start, float bodyHeight)
    {
        var height = slices[start].Height;
        for (var i = start; slices[i].KeepWithNext && i + 1 < slices.Count; i++)
            height += slices[i + 1].Height;
        return height > bodyHeight ? slices[start].Height : height;
    }
}
