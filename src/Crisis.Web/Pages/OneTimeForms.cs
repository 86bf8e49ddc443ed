using System.Security.Cryptography;
using Crisis.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Crisis.Web.Pages;

/// <summary>
/// Every form that posts is safe to submit twice (a double tap, Back then submit again): each rendering of a post form
/// carries a one-time token (<see cref="OneTimeFormTokenTagHelper"/>), spent in the transaction that makes the change
/// (<see cref="SubmissionLedger"/>); a repeated token gets the first submission's answer, such as the redirect to the
/// incident it opened, instead of doing it again. A post without a token is taken as before.
/// </summary>
public static class OneTimeForms
{
    public const string FieldName = "__Submission";

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Tokens are ours (32 hex digits) or renewed by forms.js (likewise); anything else is no token.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: >= 16 and <= 64 } && token.All(char.IsAsciiLetterOrDigit);
}

/// <summary>Adds the one-time token to every <c>&lt;form method="post"&gt;</c> a page renders.</summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class OneTimeFormTokenTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!string.Equals(context.AllAttributes["method"].Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase)) return;
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{OneTimeForms.FieldName}\" value=\"{OneTimeForms.NewToken()}\">");
    }
}

/// <summary>
/// On a page whose posts are harmless to repeat and must take effect every time (signing in or out, the language
/// switch), the one-time token is not enforced: a replayed sign-out must still sign out.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RepeatableSubmissionAttribute : Attribute;

/// <summary>Enforces the one-time token of a posted form: see <see cref="OneTimeForms"/>.</summary>
public sealed class OneTimeFormFilter(SubmissionLedger ledger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType
            || context.HandlerInstance.GetType().IsDefined(typeof(RepeatableSubmissionAttribute), inherit: true)
            || request.Form[OneTimeForms.FieldName] is not [var token] || !OneTimeForms.IsWellFormed(token))
        {
            await next();
            return;
        }
        var page = request.PathBase + request.Path;
        var claim = new SubmissionClaim("form", http.User.Identity?.Name ?? "", token!, page);
        if (ledger.Find(claim) is null)
        {
            using (ledger.Expect(claim))
            {
                // The answer is known once the response starts: a redirect's target, else the page itself to show again.
                http.Response.OnStarting(() =>
                {
                    if (claim.Claimed)
                    {
                        var redirected = http.Response.StatusCode is >= 300 and < 400 ? http.Response.Headers.Location.ToString() : "";
                        ledger.Answer(claim, http.Response.StatusCode, redirected.Length > 0 ? redirected : page, body: null);
                    }
                    return Task.CompletedTask;
                });
                var executed = await next();
                if (executed.Exception is not RepeatedSubmissionException) return;
                executed.ExceptionHandled = true;
                executed.Result = await Replay(claim, page, http.RequestAborted);
                return;
            }
        }
        context.Result = await Replay(claim, page, http.RequestAborted);
    }

    /// <summary>Where the first submission led; if it is still running (or was cut off), the page itself.</summary>
    private async Task<IActionResult> Replay(SubmissionClaim claim, string page, CancellationToken cancel)
    {
        var first = await ledger.AnswerOf(claim, cancel);
        if (first is not null && first.Fingerprint != claim.Fingerprint) return new BadRequestResult();
        return new RedirectResult(first?.Location ?? page);
    }
}
