using System.Globalization;
using System.Net;
using System.Text;
using Crisis.Pdf;

namespace Crisis.Bench;

/// <summary>
/// The same document as HTML, for Chromium to print: tables with repeated headers (thead), lists, callouts,
/// charts as inline SVG bars. Only for the benchmark's comparison; the product draws PDF itself.
/// </summary>
internal static class HtmlRendering
{
    public static string Write(Document document)
    {
        var html = new StringBuilder($"<!doctype html><html lang='{document.Info.Language}'><meta charset='utf-8'><title>{Encode(document.Info.Title)}</title>");
        html.Append("<style>body{font-family:'Noto Sans CJK SC',sans-serif;font-size:10pt;color:#1f2328}table{width:100%;border-collapse:collapse;font-size:8.5pt}" +
                    "thead{display:table-header-group}th{background:#e8edf3;text-align:left}td,th{padding:3.5pt;border-bottom:.5pt solid #c9ced6}" +
                    "tr{break-inside:avoid}h1,h2,h3{color:#0f2a4a;break-after:avoid}.callout{background:#eaf2fc;border-left:3pt solid #1565c0;padding:7pt}</style><body>");
        foreach (var block in document.Blocks)
            Block(html, block);
        return html.Append("</body></html>").ToString();
    }

    private static void Block(StringBuilder html, Block block)
    {
        switch (block)
        {
            case Heading heading:
                html.Append(CultureInfo.InvariantCulture, $"<h{heading.Level}>{Encode(heading.Text)}</h{heading.Level}>");
                break;
            case Paragraph paragraph:
                html.Append("<p>").Append(Spans(paragraph.Content)).Append("</p>");
                break;
            case ListBlock list:
                html.Append(list.Kind == ListKind.Numbered ? "<ol>" : "<ul>");
                foreach (var item in list.Items)
                {
                    html.Append("<li>");
                    if (list.Kind == ListKind.Checkbox) html.Append(item.Checked ? "☑ " : "☐ ");
                    foreach (var inner in item.Content) Block(html, inner);
                    html.Append("</li>");
                }
                html.Append(list.Kind == ListKind.Numbered ? "</ol>" : "</ul>");
                break;
            case Table table:
                html.Append("<table><thead><tr>");
                foreach (var column in table.Columns) html.Append("<th>").Append(Encode(column.Title)).Append("</th>");
                html.Append("</tr></thead><tbody>");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                    {
                        html.Append("<td>");
                        foreach (var inner in cell.Content) Block(html, inner);
                        html.Append("</td>");
                    }
                    html.Append("</tr>");
                }
                html.Append("</tbody></table>");
                break;
            case KeyValueBlock pairs:
                html.Append("<table>");
                foreach (var pair in pairs.Pairs) html.Append("<tr><th>").Append(Encode(pair.Key)).Append("</th><td>").Append(Spans(pair.Value)).Append("</td></tr>");
                html.Append("</table>");
                break;
            case Callout callout:
                html.Append("<div class=callout>");
                if (callout.Title is not null) html.Append("<b>").Append(Encode(callout.Title)).Append("</b>");
                foreach (var inner in callout.Content) Block(html, inner);
                html.Append("</div>");
                break;
            case BarChart chart:
                var max = Math.Max(1, chart.Bars.Select(bar => bar.Values.Sum()).DefaultIfEmpty(0).Max());
                html.Append(CultureInfo.InvariantCulture, $"<svg width='480' height='{chart.Bars.Count * 16 + 4}'>");
                for (var i = 0; i < chart.Bars.Count; i++)
                    html.Append(CultureInfo.InvariantCulture, $"<text x='0' y='{i * 16 + 12}' font-size='8'>{Encode(chart.Bars[i].Label)}</text><rect x='150' y='{i * 16 + 3}' height='10' width='{chart.Bars[i].Values.Sum() / max * 300:0.#}' fill='#1565c0'/>");
                html.Append("</svg>");
                break;
            case TimelineChart chart:
                html.Append(CultureInfo.InvariantCulture, $"<svg width='480' height='{chart.Rows.Count * 16 + 4}'>");
                for (var i = 0; i < chart.Rows.Count; i++)
                    html.Append(CultureInfo.InvariantCulture, $"<text x='0' y='{i * 16 + 12}' font-size='8'>{Encode(chart.Rows[i].Label)}</text><rect x='150' y='{i * 16 + 3}' height='5' width='200' fill='#8a939e'/>");
                html.Append("</svg>");
                break;
            case PageBreak:
                html.Append("<div style='break-after:page'></div>");
                break;
            case HorizontalRule:
                html.Append("<hr>");
                break;
        }
    }

    private static string Spans(IEnumerable<Span> spans) => string.Concat(spans.Select(span =>
    {
        var text = Encode(span.Text).Replace("\n", "<br>");
        if (span.Style.HasFlag(SpanStyle.Bold)) text = $"<b>{text}</b>";
        if (span.Style.HasFlag(SpanStyle.Italic)) text = $"<i>{text}</i>";
        if (span.Style.HasFlag(SpanStyle.Code)) text = $"<code>{text}</code>";
        return span.Link is null ? text : $"<a href='{Encode(span.Link)}'>{text}</a>";
    }));

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
