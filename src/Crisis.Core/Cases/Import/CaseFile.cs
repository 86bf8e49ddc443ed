using System.Globalization;
using System.Text;
using ExcelDataReader;
using nietras.SeparatedValues;

namespace Crisis.Core.Cases.Import;

/// <summary>
/// A file of complaints as a platform or 12315 exported it: its columns, named by its first row, and the rows below,
/// numbered as a spreadsheet numbers them (the header is row 1), so a problem's row number is the one the person sees.
/// </summary>
public sealed record CaseFile(string Name, CaseFileFormat Format, IReadOnlyList<string> Columns, IReadOnlyList<CaseFileRow> Rows)
{
    public int ColumnIndex(string column) => Columns.ToList().IndexOf(column);

    /// <summary>The first few values of a column that are not empty, to show what it holds.</summary>
    public IReadOnlyList<string> Samples(int column, int count = 3) =>
        Rows.Select(row => row.Cell(column)).Where(value => value.Length > 0).Distinct().Take(count).ToList();
}

/// <summary>One row of the file: its number in the file and its cells, trimmed, in column order.</summary>
public sealed record CaseFileRow(int Number, IReadOnlyList<string> Cells)
{
    public string Cell(int column) => column >= 0 && column < Cells.Count ? Cells[column] : "";
}

/// <summary>How the file was read: XLSX, or CSV in UTF-8 or GB18030.</summary>
public enum CaseFileFormat
{
    CsvUtf8,
    CsvGb18030,
    Xlsx,
}

/// <summary>
/// Reads an export into a <see cref="CaseFile"/>: XLSX (the first sheet), or CSV in UTF-8, with or without its byte-order
/// mark, or else GB18030, in which Chinese Excel saves CSV (GB18030 reads GBK and GB2312 too). The separator is the one
/// the header row uses (comma, semicolon, tab or bar). Rows without a value are left out; rows of another length than
/// the header are read as far as they go.
/// </summary>
public static class CaseFiles
{
    static CaseFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly byte[] ZipStart = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OldExcelStart = [0xD0, 0xCF, 0x11, 0xE0];

    public static CaseFile Read(string fileName, byte[] content)
    {
        var name = Path.GetFileName(fileName);
        if (content.AsSpan().StartsWith(OldExcelStart))
            throw new RuleViolationException($"{name} is an Excel 97-2003 file (.xls): save it as .xlsx or CSV") { Field = "file", TextKey = RefusalTexts.OldExcelFile };
        var (format, rows) = content.AsSpan().StartsWith(ZipStart) ? (CaseFileFormat.Xlsx, ReadXlsx(name, content)) : ReadCsv(content);
        var filled = rows.Where(row => row.Cells.Any(cell => cell.Length > 0)).ToList();
        if (filled.Count < 2) throw new RuleViolationException($"{name} has no rows below its header row") { Field = "file", TextKey = RefusalTexts.NoRowsInFile };
        return new CaseFile(name, format, ColumnNames(filled[0].Cells), filled[1..]);
    }

    /// <summary>The header's names, each column named once: an empty header cell is named by its place (#3), a repeated name gets its count ("Note (2)").</summary>
    private static List<string> ColumnNames(IReadOnlyList<string> header)
    {
        var names = new List<string>(header.Count);
        for (var index = 0; index < header.Count; index++)
        {
            var name = header[index].Length > 0 ? header[index] : "#" + (index + 1).ToString(CultureInfo.InvariantCulture);
            var unique = name;
            for (var count = 2; names.Contains(unique); count++) unique = $"{name} ({count.ToString(CultureInfo.InvariantCulture)})";
            names.Add(unique);
        }
        return names;
    }

    private static (CaseFileFormat, List<CaseFileRow>) ReadCsv(byte[] content)
    {
        var (text, format) = Decode(content);
        using var reader = Sep.Reader(options => options with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(text);
        var rows = new List<CaseFileRow>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var column = 0; column < cells.Length; column++) cells[column] = Clean(row[column].ToString());
            rows.Add(new CaseFileRow(row.RowIndex + 1, cells));
        }
        return (format, rows);
    }

    /// <summary>Strict UTF-8 first: GB18030 bytes of Chinese text are almost never valid UTF-8, while the other way round every byte string is valid GB18030.</summary>
    public static (string Text, CaseFileFormat Format) Decode(byte[] content)
    {
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bom = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return (strictUtf8.GetString(content, bom, content.Length - bom), CaseFileFormat.CsvUtf8);
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding("GB18030").GetString(content), CaseFileFormat.CsvGb18030);
        }
    }

    private static List<CaseFileRow> ReadXlsx(string name, byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            var rows = new List<CaseFileRow>();
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var column = 0; column < cells.Length; column++) cells[column] = Clean(CellText(reader.GetValue(column)));
                rows.Add(new CaseFileRow(rows.Count + 1, cells));
            }
            return rows;
        }
        catch (Exception exception) when (exception is not RuleViolationException and not OutOfMemoryException)
        {
            // ExcelDataReader meets a damaged or foreign file with exceptions of many kinds; each means the same to the person.
            throw new RuleViolationException($"{name} cannot be read as an XLSX workbook: {exception.Message}") { Field = "file", TextKey = RefusalTexts.UnreadableFile };
        }
    }

    /// <summary>A cell as text: a date cell as 2026-11-11 10:23:45 (in the file's own time), a whole number without decimals (order ids).</summary>
    private static string CellText(object? value) => value switch
    {
        null => "",
        string text => text,
        DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e21 => number.ToString("0", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// Trimmed, and without the wrapping platforms add to keep Excel from reading a long id as a number: a leading tab
    /// (trimmed) or a text formula such as <c>="3920117745123456"</c>.
    /// </summary>
    private static string Clean(string cell)
    {
        var trimmed = cell.Trim();
        return trimmed.Length > 3 && trimmed.StartsWith("=\"", StringComparison.Ordinal) && trimmed.EndsWith('"') ? trimmed[2..^1].Trim() : trimmed;
    }
}
