using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Crisis.Web.Pages;

/// <summary>
/// A refused form shown again (its problems in the page's model state, see <see cref="PageAction.TryFormChange"/>):
/// every field holds what was typed or ticked in it, and a field's problem is shown right after it (inside a named
/// fieldset, for a group of boxes), tied to it with aria-describedby and aria-invalid so a screen reader reads it with
/// the field; the first field with a problem takes the focus. Every input (but a radio button, whose group's fieldset
/// shows it), select, textarea and named fieldset gets
/// this, on every page, but in a row's form (<see cref="FormRowTagHelper"/>) only for the row that was sent. Selects
/// keep their choice through the page's own model.
/// </summary>
[HtmlTargetElement("input", Attributes = "name", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "name")]
[HtmlTargetElement("textarea", Attributes = "name")]
[HtmlTargetElement("fieldset", Attributes = "name")]
public sealed class FieldProblemTagHelper : TagHelper
{
    private const string FocusTaken = "crisis:field-problem-focused";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = context.AllAttributes["name"].Value?.ToString();
        var modelState = ViewContext.ViewData.ModelState;
        var type = context.AllAttributes["type"]?.Value?.ToString()?.ToLowerInvariant();
        if (string.IsNullOrEmpty(name) || modelState.IsValid || type is "hidden" || FormRowTagHelper.InOtherRow(ViewContext.ViewData)) return;
        // The value bound as OrdersAffected and the domain's problem named ordersAffected are two entries for one field.
        var entries = modelState.Where(field => string.Equals(ModelKey(field.Key), ModelKey(name), StringComparison.OrdinalIgnoreCase)).Select(field => field.Value).OfType<ModelStateEntry>().ToList();
        // A password is never sent back to the page, and a browser cannot be given a file to upload again.
        if (type is not ("password" or "file") && entries.FirstOrDefault(entry => entry.RawValue is not null) is { } typed) KeepTyped(output, type, context.AllAttributes["value"]?.Value?.ToString(), typed);
        // A named fieldset is run before the boxes in it: it notes that its group's problem is shown once, on it.
        if (output.TagName == "fieldset") ViewContext.HttpContext.Items[GroupShown(name)] = true;
        // Radio buttons come in a group, and so do tick boxes in a fieldset of their name: the fieldset shows the problem, not each box.
        if (type is "radio" || (type is "checkbox" && ViewContext.HttpContext.Items.ContainsKey(GroupShown(name)))
            || entries.FirstOrDefault(entry => entry.Errors.Count > 0) is not { } entry) return;

        var id = (context.AllAttributes["id"]?.Value?.ToString() ?? TagBuilder.CreateSanitizedId(name, "-")) + "-problem";
        var describedBy = context.AllAttributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy) ? id : $"{id} {describedBy}");
        output.Attributes.SetAttribute("aria-invalid", "true");
        var isGroup = output.TagName == "fieldset";
        if (ViewContext.HttpContext.Items.TryAdd(FocusTaken, true))
        {
            if (isGroup) output.Attributes.SetAttribute("tabindex", "-1");
            output.Attributes.SetAttribute("autofocus", "autofocus");
        }

        var problem = new TagBuilder("p");
        problem.AddCssClass("field-problem");
        problem.Attributes["id"] = id;
        problem.InnerHtml.Append(entry.Errors[0].ErrorMessage);
        if (isGroup) output.PostContent.AppendHtml(problem);
        else output.PostElement.AppendHtml(problem);
    }

    /// <summary>What was posted in the field, back in it: the text typed, or whether the box was ticked.</summary>
    private static void KeepTyped(TagHelperOutput output, string? type, string? value, ModelStateEntry entry)
    {
        switch (output.TagName)
        {
            case "textarea":
                output.Content.SetContent(entry.AttemptedValue ?? "");
                break;
            case "input" when type is "checkbox" or "radio":
                var posted = entry.RawValue switch { string[] values => values, string one => [one], _ => [] };
                if (posted.Contains(value ?? "on")) output.Attributes.SetAttribute("checked", "checked");
                else output.Attributes.RemoveAll("checked");
                break;
            case "input":
                output.Attributes.SetAttribute("value", entry.AttemptedValue ?? "");
                break;
        }
    }

    private static string GroupShown(string name) => "crisis:field-problem-group:" + name;

    /// <summary>A field named roles[commander] is bound, and its problem kept, as roles.commander.</summary>
    private static string ModelKey(string name) => name.Replace('[', '.').Replace("]", "", StringComparison.Ordinal);
}
