using Crisis.Core.Text;

namespace Crisis.Core.Tests.Text;

/// <summary>Markdown Markdig refuses still renders, as escaped plain text, for pages and for both parts of an email.</summary>
public class SafeMarkdownTests
{
    private static readonly string DeepQuote = new string('>', 130) + " <script>alert(1)</script>\n\nsecond";

    [Fact]
    public void Markdown_nested_past_markdigs_limit_falls_back_to_escaped_plain_text()
    {
        var html = SafeMarkdown.ToHtml(DeepQuote);
        Assert.StartsWith("<p>&gt;&gt;&gt;", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<p>second</p>", html);
        Assert.Contains("second", SafeMarkdown.ToText(DeepQuote));
    }

    [Fact]
    public void Nesting_is_refused_past_the_limit_naming_the_field_and_taken_below_it()
    {
        var refusal = Assert.Throws<RuleViolationException>(() => SafeMarkdown.RequireRenderable(new string('>', 40) + " x", "the summary"));
        Assert.Contains("the summary", refusal.Message);
        Assert.Equal("> quote\n> - **list**", SafeMarkdown.RequireRenderable("> quote\n> - **list**", "the summary"));
    }

    [Fact]
    public void Aligned_table_columns_become_classes_not_style_attributes_the_content_security_policy_would_refuse()
    {
        var html = SafeMarkdown.ToHtml("| left | middle | right |\n|:--|:-:|--:|\n| a | b | c |");

        Assert.DoesNotContain("style=", html);
        Assert.Contains("<td class=\"align-left\">a</td>", html);
        Assert.Contains("<th class=\"align-center\">middle</th>", html);
        Assert.Contains("<td class=\"align-right\">c</td>", html);
    }
}
