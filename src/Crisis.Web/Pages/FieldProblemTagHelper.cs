using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Crisis.Web.Pages;

/// <summary>
/// Shows a form field's problem (from the page's model state, see <see cref="PageAction.TryFormChange"/>) right after
/// the field, tied to it with aria-describedby and aria-invalid so a screen reader reads it with the field; the first
/// field with a problem takes the focus. Every input, select and textarea with a name gets this, on every page.
/// </summary>
[HtmlTargetElement("input", Attributes = "name", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "name")]
[HtmlTargetElement("textarea", Attributes = "name")]
public sealed class FieldProblemTagHelper : TagHelper
{
    private const string FocusTaken = "crisis:field-problem-focused";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = context.AllAttributes["name"].Value?.ToString();
        var modelState = ViewContext.ViewData.ModelState;
        if (string.IsNullOrEmpty(name) || modelState.IsValid
            || string.Equals(context.AllAttributes["type"]?.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase)) return;
        var entry = modelState.FirstOrDefault(field => string.Equals(ModelKey(field.Key), ModelKey(name), StringComparison.OrdinalIgnoreCase)).Value;
        if (entry is not { Errors.Count: > 0 }) return;

        var id = (context.AllAttributes["id"]?.Value?.ToString() ?? TagBuilder.CreateSanitizedId(name, "-")) + "-problem";
        var describedBy = context.AllAttributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy) ? id : $"{id} {describedBy}");
        output.Attributes.SetAttribute("aria-invalid", "true");
        if (ViewContext.HttpContext.Items.TryAdd(FocusTaken, true)) output.Attributes.SetAttribute("autofocus", "autofocus");

        var problem = new TagBuilder("p");
        problem.AddCssClass("field-problem");
        problem.Attributes["id"] = id;
        problem.InnerHtml.Append(entry.Errors[0].ErrorMessage);
        output.PostElement.AppendHtml(problem);
    }

    /// <summary>A field named roles[commander] is bound, and its problem kept, as roles.commander.</summary>
    private static string ModelKey(string name) => name.Replace('[', '.').Replace("]", "", StringComparison.Ordinal);
}
