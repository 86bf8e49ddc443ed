using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crisis.Core.Tests.Cases;

/// <summary>
/// Complaint exports as platforms write them, for the import's tests and benchmark: CSV in a chosen encoding (Excel's
/// quoting), and XLSX as Excel saves it (shared strings, dates as numbers with a date format), made with the Open XML SDK.
/// </summary>
public static class ComplaintExports
{
    static ComplaintExports() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>Rows (the header first) as CSV; with <paramref name="byteOrderMark"/> as Excel's "CSV UTF-8" writes it.</summary>
    public static byte[] Csv(IEnumerable<IReadOnlyList<object?>> rows, Encoding encoding, bool byteOrderMark = false)
    {
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(string.Join(',', row.Select(CsvCell))).Append("\r\n");
        return [.. byteOrderMark ? encoding.GetPreamble() : [], .. encoding.GetBytes(text.ToString())];
    }

    private static string CsvCell(object? value)
    {
        var text = value switch
        {
            DateTime at => at.ToString("yyyy/M/d H:mm", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value?.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>Rows (the header first) as an XLSX workbook of one sheet: text as shared strings, numbers as numbers, a <see cref="DateTime"/> as a date cell.</summary>
    public static byte[] Xlsx(IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                // Style 1 is Excel's built-in "yyyy/m/d h:mm" (22), as a date typed into a cell gets.
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true }));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var strings = new Dictionary<string, int>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var rowNumber = 0;
                foreach (var row in rows)
                {
                    rowNumber++;
                    writer.WriteStartElement(new Row { RowIndex = (uint)rowNumber });
                    for (var column = 0; column < row.Count; column++)
                    {
                        if (row[column] is null) continue;
                        writer.WriteElement(Cell(row[column]!, ColumnLetters(column) + rowNumber.ToString(CultureInfo.InvariantCulture), strings));
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable =
                new SharedStringTable(strings.OrderBy(pair => pair.Value).Select(pair => new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(pair.Key))));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }
        return stream.ToArray();
    }

    private static Cell Cell(object value, string reference, Dictionary<string, int> strings) => value switch
    {
        DateTime at => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(at.ToOADate().ToString(CultureInfo.InvariantCulture)) },
        double or int or long or decimal => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
        _ => new Cell
        {
            CellReference = reference, DataType = CellValues.SharedString,
            CellValue = new CellValue(SharedString(value.ToString() ?? "", strings).ToString(CultureInfo.InvariantCulture)),
        },
    };

    private static int SharedString(string text, Dictionary<string, int> strings)
    {
        if (!strings.TryGetValue(text, out var index)) strings[text] = index = strings.Count;
        return index;
    }

    private static string ColumnLetters(int column) => column < 26 ? ((char)('A' + column)).ToString() : ColumnLetters(column / 26 - 1) + (char)('A' + column % 26);

    /// <summary>The header of a Tmall complaint export, as its seller centre writes it.</summary>
    public static readonly IReadOnlyList<object?> TmallHeader = ["投诉编号", "订单编号", "商品编码", "生产批号", "投诉类型", "投诉内容", "买家昵称", "联系电话", "收货地址", "投诉时间"];

    private static readonly string[] Categories = ["质量问题", "物流问题", "退款", "服务态度", "假货", "安全问题", "过敏", "其他"];
    private static readonly string[] Complaints =
    [
        "奶瓶消毒后瓶底开裂，划伤了手", "收到的奶粉罐有凹陷，担心漏气", "快递三天没更新，宝宝等着用", "申请退款一周还没到账",
        "客服不回消息，态度很差", "怀疑是假货，防伪码查不到", "孩子用了湿巾后脸上起红疹", "The bottle teat split after two days of use",
    ];

    /// <summary>
    /// <paramref name="count"/> rows of a realistic Tmall export below <see cref="TmallHeader"/>: distinct ticket and
    /// order ids, 40 SKUs in 12 batches, Chinese summaries of varying length, masked-looking buyer names, phone numbers,
    /// addresses, and complaint times spread over 11.11 in Beijing time; one category word in eight ("过敏") is one the
    /// shipped words do not know.
    /// </summary>
    public static IEnumerable<IReadOnlyList<object?>> TmallRows(int count, DateTime firstReceived)
    {
        var random = new Random(1111);
        for (var index = 0; index < count; index++)
        {
            yield return
            [
                $"TS{202611110000000 + index}", $"{3920117745000000 + index * 7}", $"AB-{260 + index % 40}", $"26{11 + index % 12:00}",
                Categories[index % Categories.Length],
                Complaints[random.Next(Complaints.Length)] + (index % 3 == 0 ? "，要求退货并赔偿，已经第二次联系了，请尽快处理" : ""),
                $"tb_{random.Next(100_000, 999_999)}", $"138{random.Next(0, 99_999_999):00000000}", $"广东省广州市天河区体育西路 {index % 300} 号",
                firstReceived.AddSeconds(index * 0.8),
            ];
        }
    }
}
