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
        var refusal = Assert.Throws<RuleViolationException>(() => SafeMarkdown.RequireRenderable(new string('>', 40) + " x", "the summary", "summary"));
        Assert.Contains("the summary", refusal.Message);
        // A form shows it beside its field, in the reader's words.
        Assert.Equal("summary", refusal.Field);
        Assert.Equal(RefusalTexts.NestedTooDeep, refusal.TextKey);
        Assert.Equal("这里的引用、列表、强调或链接嵌套超过 32 层，请减少嵌套。",
            string.Format(Crisis.Core.Localization.SharedTexts.Get(refusal.TextKey!, Crisis.Core.Localization.SharedTexts.Chinese), refusal.TextArguments));
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

    [Theory]
    [InlineData("![the label](https://tracker.example/pixel.png)", "<a href=\"https://tracker.example/pixel.png\">the label</a> (https://tracker.example/pixel.png)")]
    [InlineData("![](http://tracker.example/p.gif)", "<a href=\"http://tracker.example/p.gif\">http://tracker.example/p.gif</a>")]
    [InlineData("![x](//tracker.example/p.gif)", "<a href=\"//tracker.example/p.gif\">x</a> (//tracker.example/p.gif)")]
    [InlineData("![x][pixel]\n\n[pixel]: https://tracker.example/ref.png", "<a href=\"https://tracker.example/ref.png\">x</a> (https://tracker.example/ref.png)")]
    [InlineData("![inline data](data:image/png;base64,iVBORw0KGgo=)", "<p>inline data</p>")]
    public void Images_from_elsewhere_are_links_and_never_load(string markdown, string expected)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("<img", html);
        Assert.Contains(expected, html);
    }

    [Fact]
    public void An_image_on_this_site_still_shows()
    {
        Assert.Contains("<img src=\"/css/diagram.png\" alt=\"diagram\"", SafeMarkdown.ToHtml("![diagram](/css/diagram.png)"));
    }

    [Theory]
    [InlineData("产品存在缺陷，\n或同一产品正在召回。", "<p>产品存在缺陷，或同一产品正在召回。</p>")]
    [InlineData("按**严重级别**\n判定。", "<p>按<strong>严重级别</strong>判定。</p>")]
    [InlineData("a wrapped\nline", "<p>a wrapped\nline</p>")]
    [InlineData("批次 2611\n和 2612", "<p>批次 2611\n和 2612</p>")]
    public void A_line_wrapped_inside_chinese_text_joins_without_a_space_and_latin_keeps_its_break(string markdown, string html)
    {
        Assert.Equal(html, SafeMarkdown.ToHtml(markdown).TrimEnd());
    }

    [Fact]
    public void Plain_text_keeps_each_list_item_on_its_line_with_its_marker()
    {
        var text = SafeMarkdown.ToText("What we are doing:\n\n- pausing sales\n- calling distributors\n\nNext:\n\n3. refunds\n4. a lab report");

        Assert.Equal("What we are doing:\n- pausing sales\n- calling distributors\nNext:\n3. refunds\n4. a lab report", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plain_text_keeps_a_tables_rows_on_their_lines_with_the_cells_apart()
    {
        var text = SafeMarkdown.ToText("Stock held:\n\n| Platform | Units |\n|---|---|\n| Tmall | 1,200 |\n| JD | 800 |\n\nNext update by noon.");

        Assert.Equal("Stock held:\nPlatform | Units\nTmall | 1,200\nJD | 800\nNext update by noon.", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_title_set_into_Markdown_reads_as_typed_and_links_nothing()
    {
        var title = "Leak <b>bold</b> [click](http://evil.example) **x** #1 P&G";
        var html = SafeMarkdown.ToHtml("Status update on " + SafeMarkdown.Literal(title));

        Assert.DoesNotContain("<a ", html);
        Assert.DoesNotContain("<strong>", html);
        Assert.Equal("Status update on " + title, SafeMarkdown.ToText("Status update on " + SafeMarkdown.Literal(title)));
    }
}
