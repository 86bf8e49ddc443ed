using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Crisis.Web.Pages;

/// <summary>
/// A query value a page cannot read (a filter edited by hand, a stale link: <c>?from=garbage</c>, <c>?owner=abc</c>) is
/// no value: the page shows what it shows without it, instead of the framework's English message naming a property.
/// Only for reading a page (GET); a form that is sent keeps its problems for <see cref="PageAction.TryFormChange"/>.
/// </summary>
public sealed class UnboundQueryValues : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method)) return;
        foreach (var key in context.ModelState.Where(pair => pair.Value?.ValidationState == ModelValidationState.Invalid).Select(pair => pair.Key).ToList())
            context.ModelState.Remove(key);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
