using System.Globalization;
using Crisis.Core.Cases.Import;
using Crisis.Core.Localization;

namespace Crisis.Web.Cli;

/// <summary>What <c>crisis cases import</c> tells the person importing: the counts, then each refused field by row and column, with its reason.</summary>
internal static class CaseImportReport
{
    public static void Write(CaseImportResult result, string file, CultureInfo culture, TextWriter writer)
    {
        writer.WriteLine(string.Format(culture, SharedTexts.Get("case-import:summary", culture), file, result.Rows, result.Imported, result.AlreadyThere, result.RefusedRows));
        foreach (var problem in result.Problems)
        {
            var column = problem.Column ?? SharedTexts.Get("case-field:" + problem.Field, culture);
            writer.WriteLine(string.Format(culture, SharedTexts.Get("case-import:problem", culture), problem.Row, column, problem.Reason(culture)));
        }
    }
}
