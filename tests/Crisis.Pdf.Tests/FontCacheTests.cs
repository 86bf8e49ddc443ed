using Crisis.Pdf.Text;

namespace Crisis.Pdf.Tests;

/// <summary>
/// Noto Sans CJK rebuilt for copyable Chinese (see RadicalFreeTypeface) is written once to the cache folder and read
/// from there by later libraries; without a folder, or with a spoilt file in it, the text still comes out right.
/// </summary>
public sealed class FontCacheTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"crisis-fonts-{Guid.NewGuid():N}");

    private static Document Chinese()
    {
        var document = new Document { Info = new DocumentInfo("召回", "Crisis", "", "", "zh-CN", DateTimeOffset.UnixEpoch) };
        document.Add(new Heading(1, "一、概述"), new Paragraph("页面上的一个人说：", Span.Bold("一批")));
        return document;
    }

    private static string Rendered(FontLibrary fonts) => PdfFiles.Text(PdfRenderer.Render(Chinese(), fonts));

    private List<FileInfo> Cached() => new DirectoryInfo(folder).GetFiles().OrderBy(file => file.Name).ToList();

    [Fact]
    public void A_rebuilt_font_is_written_once_and_read_from_the_cache_by_the_next_library()
    {
        using (var first = new FontLibrary(new FontFamilies(), folder))
            Assert.Contains("页面上的一个人说", Rendered(first));
        var written = Cached();
        Assert.Equal(2, written.Count); // regular and bold: the document has no code, so the mono face is never read
        Assert.All(written, file => Assert.EndsWith(".otf", file.Name));

        using (var second = new FontLibrary(new FontFamilies(), folder))
        {
            var text = Rendered(second);
            Assert.Contains("一、概述", text);
            Assert.Contains("页面上的一个人说：一批", text);
        }
        Assert.Equal(written.Select(file => (file.Name, file.LastWriteTimeUtc)), Cached().Select(file => (file.Name, file.LastWriteTimeUtc)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void A_spoilt_cached_font_is_written_again()
    {
        using (var first = new FontLibrary(new FontFamilies(), folder))
            Rendered(first);
        foreach (var file in Cached())
            File.WriteAllBytes(file.FullName, [.. File.ReadAllBytes(file.FullName).Take(4096)]);

        using var second = new FontLibrary(new FontFamilies(), folder);
        Assert.Contains("页面上的一个人说：一批", Rendered(second));
        Assert.All(Cached(), file => Assert.True(file.Length > 1_000_000, $"{file.Name} is {file.Length} bytes"));
    }

    [Fact]
    public void Without_a_cache_folder_the_font_is_rebuilt_in_memory()
    {
        using var fonts = new FontLibrary(new FontFamilies(), cacheFolder: null);
        Assert.Contains("页面上的一个人说：一批", Rendered(fonts));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_is_passed_by()
    {
        File.WriteAllText(folder, "a file where the folder should be");
        using var fonts = new FontLibrary(new FontFamilies(), folder);
        Assert.Contains("页面上的一个人说：一批", Rendered(fonts));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        if (File.Exists(folder)) File.Delete(folder);
    }
}
