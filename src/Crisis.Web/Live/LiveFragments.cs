using System.Globalization;
using System.Security.Claims;
using System.Text;
using Crisis.Web.Pages.Incidents;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;

namespace Crisis.Web.Live;

/// <summary>
/// The parts of an incident's page a change to some of its steps changed, as one view sees them: the phases holding those
/// steps, the head and the situation (their counts and next deadline), and the story's new events. Drawn with the page's
/// own partials, outside any request, for a reader of that view with no name: the forms' antiforgery fields are left
/// empty and their one-time tokens are the server's, and each page puts in its own (live.js).
/// </summary>
public sealed class LiveFragments(IServiceScopeFactory scopes, IRazorViewEngine views, ITempDataProvider tempData, LinkGenerator links)
{
    private static readonly IHtmlContent EmptyAntiforgery = new HtmlString("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\">");

    public async Task<string> Render(string key, LiveView view, IReadOnlySet<string> changedSteps, long afterSeq)
    {
        using var scope = scopes.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        // Named, as the antiforgery fields the form tag helpers write need a name; each page puts in its own.
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "live view"), new Claim(ClaimTypes.Role, view.Role)], authenticationType: "live"));
        if (view.Zone.Length > 0) http.Request.Headers.Cookie = $"{Pages.SettingsModel.TimeZoneCookie}={Uri.EscapeDataString(view.Zone)}";
        // Links are made as on the page itself; the form tag helpers ask the endpoint's URL helper for them.
        http.SetEndpoint(new Endpoint(requestDelegate: null, EndpointMetadataCollection.Empty, "live fragments"));
        var routeData = new RouteData();
        routeData.Values["page"] = "/Incidents/Show";
        routeData.Values["key"] = key;
        http.Request.RouteValues = new RouteValueDictionary(routeData.Values);
        // As the checklist page's own: its partials are found beside it, as they are when it draws them.
        var action = new ActionContext(http, routeData, new PageActionDescriptor
        {
            ViewEnginePath = "/Incidents/Show", RelativePath = "/Pages/Incidents/Show.cshtml",
            RouteValues = new Dictionary<string, string?> { ["page"] = "/Incidents/Show" },
        });

        var culture = CultureInfo.GetCultureInfo(view.Culture);
        var (callerCulture, callerUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            var page = ActivatorUtilities.CreateInstance<ShowModel>(scope.ServiceProvider);
            page.PageContext = new PageContext(action);
            page.OnGet(key, filter: null);
            var forms = new StepForms(links.GetPathByPage("/Incidents/Show", "Step", new { key })!, EmptyAntiforgery);
            var changedPhases = page.Incident.Phases.Where(phase => phase.Steps.Any(step => changedSteps.Contains(step.Id))).Select(phase => phase.Id).ToHashSet();

            var html = new StringBuilder();
            await using var writer = new StringWriter(html, CultureInfo.InvariantCulture);
            foreach (var phase in page.Phases(forms).Where(phase => changedPhases.Contains(phase.Phase.Id)))
                await Partial(action, writer, "_ChecklistPhase", phase);
            await Partial(action, writer, "_IncidentHead", page);
            await Partial(action, writer, "_Situation", page);
            await writer.WriteAsync("<ol data-new-events>");
            foreach (var (line, e) in page.Story.Where(entry => entry.Event.Seq > afterSeq))
                await Partial(action, writer, "_StoryEntry", page.Entry(line, e));
            await writer.WriteAsync("</ol>");
            await writer.FlushAsync();
            return html.ToString();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (callerCulture, callerUiCulture);
        }
    }

    private async Task Partial<TModel>(ActionContext action, TextWriter writer, string name, TModel model)
    {
        var found = views.GetView(executingFilePath: null, $"/Pages/Incidents/{name}.cshtml", isMainPage: false);
        var view = found.View ?? throw new InvalidOperationException($"the partial {name} was not found: {string.Join(", ", found.SearchedLocations)}");
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(action, view, viewData, new TempDataDictionary(action.HttpContext, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(context);
    }
}
