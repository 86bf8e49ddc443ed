using System.Diagnostics;
using UglyToad.PdfPig;

namespace Crisis.Pdf.Tests;

/// <summary>Reading rendered PDFs back: PdfPig for text, outline and metadata; qpdf for structure; pdftoppm for pictures.</summary>
public static class PdfFiles
{
    public static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
    }

    public static List<string> PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))).ToList();
    }

    /// <summary>
    /// Each page's printed lines: letters sharing a baseline, left to right, without spaces. Cells side by side in a
    /// table row share a line, so a word split across two lines of its cell shows as two halves on two lines.
    /// </summary>
    public static List<List<string>> PageLines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => page.Letters
            .Where(letter => !string.IsNullOrWhiteSpace(letter.Value))
            .GroupBy(letter => Math.Round(letter.StartBaseLine.Y))
            .OrderByDescending(line => line.Key)
            .Select(line => string.Concat(line.OrderBy(letter => letter.StartBaseLine.X).Select(letter => letter.Value)))
            .ToList()).ToList();
    }

    /// <summary>Runs <c>qpdf --check</c> and returns its output; throws with that output when qpdf finds a problem.</summary>
    public static string QpdfCheck(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crisis-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var (code, output) = Run("qpdf", "--check", path);
            if (code != 0)
                throw new InvalidOperationException($"qpdf --check exited with {code}:\n{output}");
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Renders pages to PNG with poppler's pdftoppm into <paramref name="directory"/>, for people to look at.</summary>
    public static IReadOnlyList<string> Pictures(byte[] pdf, string directory, string name, int firstPage = 1, int lastPage = 3)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        var (code, output) = Run("pdftoppm", "-png", "-r", "60", "-f", firstPage.ToString(), "-l", lastPage.ToString(), path, Path.Combine(directory, name));
        if (code != 0)
            throw new InvalidOperationException($"pdftoppm exited with {code}:\n{output}");
        return Directory.GetFiles(directory, name + "-*.png").Order().ToList();
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
