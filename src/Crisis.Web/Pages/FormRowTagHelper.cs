using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Crisis.Web.Pages;

/// <summary>
/// One of several forms alike on a page, one per row (a score's override, an expectation's action item): the form posts
/// the row it stands for in a hidden field, <c>crisis-row-field</c> = <c>crisis-row</c>. Refused, only the form of the
/// row that was sent shows what was typed and its problems (<see cref="FieldProblemTagHelper"/>, <c>Shared/_FormProblems</c>);
/// the other rows' forms, whose fields have the same names, stay as they were.
/// </summary>
[HtmlTargetElement("form", Attributes = "crisis-row-field,crisis-row")]
public sealed class FormRowTagHelper : TagHelper
{
    /// <summary>Set in the view data while a form of a row that was not sent renders.</summary>
    public const string OtherRow = "crisis:other-row";

    [HtmlAttributeName("crisis-row-field")]
    public string RowField { get; set; } = "";

    [HtmlAttributeName("crisis-row")]
    public string Row { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Before the framework's RenderAtEndOfFormTagHelper (-1000), which renders the form's fields when it runs.</summary>
    public override int Order => -2000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var request = ViewContext.HttpContext.Request;
        var sent = HttpMethods.IsPost(request.Method) && request.HasFormContentType && request.Form[RowField] == Row;
        var viewData = ViewContext.ViewData;
        viewData[OtherRow] = !sent;
        try
        {
            output.Content.SetHtmlContent(await output.GetChildContentAsync());
        }
        finally
        {
            viewData.Remove(OtherRow);
        }
        var row = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        row.MergeAttributes(new Dictionary<string, string?> { ["type"] = "hidden", ["name"] = RowField, ["value"] = Row });
        output.PreContent.AppendHtml(row);
    }

    /// <summary>Whether the view is rendering the form of a row other than the one sent.</summary>
    public static bool InOtherRow(ViewDataDictionary viewData) => viewData[OtherRow] is true;
}
