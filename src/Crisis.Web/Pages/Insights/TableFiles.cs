using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crisis.Web.Pages.Insights;

/// <summary>An insights table as a file a spreadsheet opens: CSV (UTF-8 with a byte order mark, so Excel reads Chinese) or XLSX.</summary>
public static class TableFiles
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The header and the rows as exports write them: each column's export titles, each cell's export values.</summary>
    public static IEnumerable<IReadOnlyList<object?>> Rows(InsightTable table) =>
        table.Rows.Select(row => (IReadOnlyList<object?>)row.SelectMany(cell => cell.Export).ToList())
            .Prepend(table.Columns.SelectMany(column => column.ExportTitles).ToList<object?>());

    public static byte[] Csv(InsightTable table)
    {
        var text = new StringBuilder();
        foreach (var row in Rows(table)) text.Append(string.Join(',', row.Select(CsvField))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// A field quoted where it must be. Text that a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
    /// return first) is kept as text with a leading apostrophe: a step or a title typed by anyone must not run in the
    /// reader's Excel.
    /// </summary>
    private static string CsvField(object? value)
    {
        var text = value switch
        {
            null => "",
            string words when words.Length > 0 && "=+-@\t\r".Contains(words[0]) => "'" + words,
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>One sheet named after the table: text as inline strings (never formulas), numbers as numbers, the header row frozen.</summary>
    public static byte[] Xlsx(InsightTable table, string sheetName)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                }) { WorkbookViewId = 0 }));
                writer.WriteStartElement(new SheetData());
                foreach (var row in Rows(table))
                {
                    writer.WriteStartElement(new Row());
                    foreach (var value in row) writer.WriteElement(Cell(value));
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = SheetName(sheetName) }));
        }
        return stream.ToArray();
    }

    private static Cell Cell(object? value) => value switch
    {
        null => new Cell(),
        int or long or double or decimal => new Cell
        {
            DataType = CellValues.Number, CellValue = new CellValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)),
        },
        _ => new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value.ToString() ?? "") { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString },
    };

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }
}
