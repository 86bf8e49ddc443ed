using Crisis.Core.Playbooks;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Crisis.Web.Pages.Playbooks;

public sealed class IndexModel(PlaybookLibrary library) : PageModel
{
    public IReadOnlyList<PlaybookParseResult> Playbooks { get; private set; } = [];

    public void OnGet() => Playbooks = library.All();

    public DateTimeOffset LastChanged(PlaybookParseResult result) => new(System.IO.File.GetLastWriteTimeUtc(result.Path), TimeSpan.Zero);
}
