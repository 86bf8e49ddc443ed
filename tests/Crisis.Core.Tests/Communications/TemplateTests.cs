using Crisis.Core.Communications;
using Crisis.Core.Localization;
using Crisis.Core.Playbooks;
using Crisis.Core.Text;

namespace Crisis.Core.Tests.Communications;

public class TemplateTests
{
    private static readonly TemplateLibrary Shipped = new(ShippedPlaybooks.FindRepositoryFolder("templates"));

    /// <param name="language">The template's language, which the built-ins are given in, as <see cref="Messages"/> gives them.</param>
    private static TemplateModel Model(Dictionary<string, string> variables, string language = "en") => new(
        new Dictionary<string, string>
        {
            ["key"] = "INC-2026-0007", ["title"] = "Cracked bottles", ["severity"] = SharedTexts.Severity(1, SharedTexts.In(language)),
            ["status"] = SharedTexts.Get("status:open", SharedTexts.In(language)), ["opened_at"] = "2026-11-02 09:00 UTC", ["commander"] = "Mei Chen", ["playbook"] = "Product recall",
        },
        new Dictionary<string, string> { ["name"] = "Aurora Baby", ["website"] = "https://aurora.example", ["hotline"] = "400-820-0000", ["email"] = "care@aurora.example" },
        new Dictionary<string, string> { ["name"] = "Guangzhou Administration for Market Regulation", ["level"] = "Prefecture-level city", ["channel"] = "Online system", ["contact"] = "https://recall.gz.example" },
        new DateTimeOffset(2026, 11, 2, 10, 30, 0, TimeSpan.Zero),
        variables);

    private static MessageTemplate Parse(string text) => TemplateParser.Parse(text, "templates/test.en.md").Template;

    [Fact]
    public void Every_shipped_template_is_clean_and_exists_in_both_languages_with_the_same_variables()
    {
        var all = Shipped.All();
        Assert.Equal(Directory.GetFiles(ShippedPlaybooks.FindRepositoryFolder("templates"), "*.md").Length, all.Count);
        Assert.All(all, result => Assert.Empty(result.Diagnostics));
        foreach (var group in all.GroupBy(r => r.Template.Id))
        {
            Assert.Equal(["en", "zh-CN"], group.Select(r => r.Template.Language).Order());
            Assert.Single(group.Select(r => string.Join(",", r.Template.Variables.Select(v => v.Name))).Distinct());
            Assert.Single(group.Select(r => (r.Template.Audience, r.Template.Channel)).Distinct());
        }
    }

    [Fact]
    public void Variables_are_shown_by_their_labels_and_every_shipped_variable_has_one_in_its_language()
    {
        var template = Parse("""
            ---
            id: test
            title: Test
            audience: customers
            channel: email
            language: en
            subject: "{{ data_types }}"
            variables:
              data_types: Which personal information is involved
              next_update: When we report again
            labels:
              data_types: Information involved
            ---
            {{ data_types }} {{ next_update }}
            """);
        Assert.Equal(["Information involved", "Next update"], template.Variables.Select(v => v.Label));
        Assert.Equal("Which personal information is involved", template.Variables[0].Description);

        var stray = TemplateParser.Parse("---\nid: test\ntitle: T\nlanguage: en\nsubject: s\nvariables:\n  a: A\nlabels:\n  b: B\n---\n{{ a }}", "templates/test.en.md");
        Assert.Contains(stray.Diagnostics, d => d.IsError && d.Message.Contains("label for 'b'"));

        // A shipped label is written in the template's language, never the variable's name.
        foreach (var shipped in Shipped.All().Select(r => r.Template))
        {
            Assert.All(shipped.Variables, variable => Assert.DoesNotContain("_", variable.Label));
            var source = File.ReadAllText(Path.Combine(Shipped.Folder, $"{shipped.Id}.{shipped.Language}.md"));
            Assert.All(shipped.Variables, variable => Assert.Contains($"\n  {variable.Name}: {variable.Label}\n", source.Split("labels:")[1]));
            if (shipped.Language == "zh-CN") Assert.All(shipped.Variables, variable => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", variable.Label));
        }
        Assert.Equal(["Information involved", "What happened", "Possible harm", "What we have done", "What they can do"],
            Shipped.Labels("breach-notice", "en", ["data_types", "cause", "possible_harm", "measures_taken", "what_you_can_do"]));
        Assert.Equal(["涉及的信息种类", "客服热线"], Shipped.Labels("breach-notice", "zh-CN", ["data_types", "brand.hotline"]));
        // An incident with no commander yet leaves incident.commander missing; the preview names it in words.
        Assert.Equal(["Incident commander"], Shipped.Labels("leadership-sitrep", "en", ["incident.commander"]));
        Assert.Equal(["总指挥"], Shipped.Labels("leadership-sitrep", "zh-CN", ["incident.commander"]));
        Assert.All(TemplateModel.IncidentFields, field => Assert.DoesNotContain(".", Shipped.Labels("employee-briefing", "en", ["incident." + field])[0]));
    }

    [Fact]
    public void A_templates_fields_are_asked_for_in_the_readers_language_whatever_the_messages()
    {
        var english = Shipped.Get("breach-notice", "en");

        var forChineseReader = Shipped.VariablesIn(english, "zh-CN");
        Assert.Equal(english.Variables.Select(variable => variable.Name), forChineseReader.Select(variable => variable.Name));
        Assert.Equal("涉及的信息种类", forChineseReader[0].Label);
        Assert.StartsWith("涉及的个人信息种类", forChineseReader[0].Description);
        Assert.Equal(english.Variables, Shipped.VariablesIn(english, "en"));
    }

    [Fact]
    public void Every_template_a_shipped_playbook_names_is_shipped()
    {
        var named = new PlaybookLibrary(ShippedPlaybooks.Folder).All()
            .SelectMany(r => r.Playbook.Phases.SelectMany(p => p.Steps)).Select(s => s.Template).OfType<string>().ToHashSet();
        Assert.NotEmpty(named);
        Assert.Subset(Shipped.Ids().ToHashSet(), named);
    }

    /// <summary>A value for every variable of <paramref name="template"/>, in its language, as a person would fill it in.</summary>
    private static Dictionary<string, string> Filled(MessageTemplate template) =>
        template.Variables.ToDictionary(v => v.Name, v => template.Language == "zh-CN" ? $"示例{v.Label}" : $"sample {v.Label.ToLowerInvariant()}");

    /// <summary>Issue 15: every template is sendable as it is once its variables are filled, in both languages: nothing missing,
    /// no Liquid or Markdown left in what the reader gets, and in Chinese no severity key, no UTC-only time, no ASCII colon.</summary>
    [Fact]
    public void Every_shipped_template_filled_in_reads_as_finished_text_in_both_languages()
    {
        foreach (var template in Shipped.All().Select(r => r.Template))
        {
            var rendered = TemplateRenderer.Render(template, Model(Filled(template), template.Language));
            var what = $"{template.Id}.{template.Language}";
            Assert.True(rendered.IsComplete, $"{what}: {string.Join("; ", rendered.MissingVariables.Concat(rendered.UndeclaredVariables).Concat(rendered.Problems))}");
            foreach (var text in new[] { rendered.Subject, SafeMarkdown.ToText(rendered.Markdown), SafeMarkdown.ToHtml(rendered.Markdown) })
            {
                foreach (var leftover in new[] { "{{", "}}", "{%", "**", "__", "[[" }) Assert.False(text.Contains(leftover, StringComparison.Ordinal), $"{what} leaves '{leftover}' in: {text}");
            }
            Assert.All(template.Variables, variable => Assert.Contains(Filled(template)[variable.Name], rendered.Subject + rendered.Markdown));
            if (template.Language != "zh-CN") continue;
            Assert.DoesNotContain("SEV", rendered.Subject + rendered.Markdown);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}[:(]", SafeMarkdown.ToText(rendered.Markdown));
        }
    }

    [Theory]
    [InlineData("en", "Recall notice: stop using Anti-colic bottle 260 ml, model AB-260 (batches 2611, 2612)", "Dear customer")]
    [InlineData("zh-CN", "召回通知：请立即停止使用Anti-colic bottle 260 ml（型号AB-260，批次2611, 2612）", "尊敬的顾客")]
    public void A_recall_notice_names_what_the_recall_rules_ask_for_in_each_language(string language, string subject, string greeting)
    {
        var template = Shipped.Get("recall-customer-notice", language);
        var values = new Dictionary<string, string>
        {
            ["product"] = "Anti-colic bottle 260 ml", ["model"] = "AB-260", ["batches"] = "2611, 2612", ["quantity"] = "12,400",
            ["scope"] = "Tmall, JD", ["recall_start"] = "5 Nov 2026", ["recall_end"] = "4 May 2027", ["hazard"] = "The base can crack when sterilised.",
            ["how_to_identify"] = "The batch number is printed on the base.", ["remedy"] = "A full refund.",
            ["maker"] = "Aurora Baby Products (Shanghai) Co., Ltd.", ["maker_address"] = "88 Example Road, Shanghai", ["filing_number"] = "SH-2026-0417",
        };
        var rendered = TemplateRenderer.Render(template, Model(values));
        Assert.True(rendered.IsComplete, string.Join("; ", rendered.MissingVariables.Concat(rendered.Problems)));
        Assert.Equal(subject, rendered.Subject);
        Assert.StartsWith(greeting, rendered.Markdown);
        Assert.All(values.Values, value => Assert.Contains(value, rendered.Markdown));
        Assert.Contains("400-820-0000", rendered.Markdown);
        // A recall notice is for any product: it never tells parents to keep a baby bottle out of children's reach.
        Assert.DoesNotContain("儿童", rendered.Markdown);
        Assert.DoesNotContain("children", rendered.Markdown);
    }

    [Theory]
    [InlineData("recall-sms", "en", 160)]
    [InlineData("recall-sms", "zh-CN", 70)]
    [InlineData("food-recall-sms", "en", 160)]
    [InlineData("food-recall-sms", "zh-CN", 70)]
    public void A_recall_text_message_fits_one_message_with_its_link(string id, string language, int longest)
    {
        var template = Shipped.Get(id, language);
        Assert.Equal("sms", template.Channel);
        var values = (id, language) switch
        {
            ("recall-sms", "zh-CN") => new Dictionary<string, string> { ["product"] = "AB-260奶瓶", ["batches"] = "2611、2612", ["link"] = "aurora.cn/r" },
            ("recall-sms", _) => new Dictionary<string, string> { ["product"] = "AB-260 baby bottle", ["batches"] = "2611, 2612", ["link"] = "aurora.example/r" },
            (_, "zh-CN") => new Dictionary<string, string> { ["food"] = "婴幼儿米粉250克", ["batches"] = "9月1日至15日生产", ["link"] = "aurora.cn/r" },
            _ => new Dictionary<string, string> { ["food"] = "rice cereal 250 g", ["batches"] = "made 1-15 Sep 2026", ["link"] = "aurora.example/r" },
        };
        var model = Model(values) with { Brand = new Dictionary<string, string> { ["name"] = language == "zh-CN" ? "奥罗拉" : "Aurora Baby" } };

        var text = SafeMarkdown.ToText(TemplateRenderer.Render(template, model).Markdown);

        Assert.True(text.Length <= longest, $"{text.Length} characters: {text}");
        Assert.Contains(values["link"], text);
        Assert.DoesNotContain("\n", text);
    }

    [Fact]
    public void External_notices_promise_only_what_the_brand_controls_and_sign_as_the_legal_entity()
    {
        Assert.Equal("platform-message", Shipped.Get("recall-platform-message", "zh-CN").Channel);

        // The platform's account manager gets no instructions meant for our own agents.
        var platform = Shipped.Get("platform-notice", "zh-CN").Body + Shipped.Get("platform-notice", "en").Body;
        Assert.DoesNotContain("超时", platform);
        Assert.DoesNotContain("time out", platform);

        Assert.DoesNotContain("即时到账", Shipped.Get("delay-notice", "zh-CN").Body);
        Assert.DoesNotContain("immediate", Shipped.Get("delay-notice", "en").Body);
        Assert.Contains("{{ refund_time }}", Shipped.Get("delay-notice", "zh-CN").Body);

        foreach (var language in new[] { "en", "zh-CN" })
        {
            var statement = Shipped.Get("holding-statement", language);
            Assert.DoesNotContain("brand.email", statement.Body.Split("{{ media_contact }}")[1]);
            Assert.Contains("media_contact", statement.Variables.Select(v => v.Name));
            Assert.EndsWith("{{ legal_entity }}\\\n{{ statement_date }}", statement.Body.TrimEnd());
        }
        Assert.Contains("特此声明。", Shipped.Get("holding-statement", "zh-CN").Body);
    }

    [Fact]
    public void The_samr_and_cac_reports_each_ask_for_what_their_rule_asks()
    {
        string[] Names(string id) => Shipped.Get(id, "en").Variables.Select(v => v.Name).ToArray();
        Assert.All(["product", "defect", "hazard", "units", "batches", "measures_taken", "measures_planned", "recall_plan"],
            name => Assert.Contains(name, Names("regulator-report")));
        Assert.All(["grade", "impact", "likely_spread", "cause", "measures_taken", "measures_planned", "support_requested", "contact", "data_types", "people"],
            name => Assert.Contains(name, Names("regulator-report-cac")));
    }

    [Fact]
    public void Missing_variables_are_named_and_shown_where_they_belong()
    {
        var rendered = TemplateRenderer.Render(Shipped.Get("delay-notice", "en"), Model(new() { ["product"] = "Oat milk 1 l", ["reason"] = " " }));
        Assert.False(rendered.IsComplete);
        Assert.Equal(["original_date", "new_date", "reason", "options", "refund_time"], rendered.MissingVariables);
        Assert.Contains("[[new_date]]", rendered.Markdown);
    }

    [Fact]
    public void A_template_cannot_reach_files_code_or_run_forever()
    {
        var template = Parse(
            """
            ---
            id: test
            title: Hostile
            audience: customers
            channel: email
            language: en
            subject: "{{ incident.key.GetType }}"
            variables:
              name: A name
            ---

            {% include '/etc/passwd' %}
            {{ name.GetType }} {{ name.Length }} {{ incident.key.Length }}
            {% for i in (1..100000000) %}x{% endfor %}
            {{ name }}
            """);
        var rendered = TemplateRenderer.Render(template, Model(new() { ["name"] = "Mei" }));
        Assert.DoesNotContain("root:", rendered.Markdown);
        Assert.DoesNotContain("System.", rendered.Markdown + rendered.Subject);
        Assert.NotEmpty(rendered.Problems);
        Assert.True(rendered.Markdown.Length < 20_000, "the loop was not stopped");
    }

    [Fact]
    public void Lint_names_undeclared_variables_and_liquid_errors_with_their_line()
    {
        const string head = "---\nid: test\ntitle: T\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  name: Name\n---\n\n";
        var undeclared = TemplateParser.Parse(head + "Hello {{ name }},\nyour {{ order_no }} is late.\n", "templates/test.en.md");
        var error = Assert.Single(undeclared.Diagnostics, d => d.IsError);
        Assert.Equal((13, 9), (error.Line, error.Column));
        Assert.Contains("'order_no' is neither declared", error.Message);

        var inSubject = TemplateParser.Parse(head.Replace("subject: Hi", "subject: Order {{ order_no }}") + "Hello {{ name }}\n", "templates/test.en.md");
        var subjectError = Assert.Single(inSubject.Diagnostics, d => d.IsError);
        Assert.Equal((7, 19), (subjectError.Line, subjectError.Column));

        var syntax = TemplateParser.Parse(head + "Hello {{ name }}\n{% if name %}\nnever closed\n", "templates/test.en.md");
        Assert.Contains(syntax.Diagnostics, d => d.IsError && d.Line == 13 && d.Message.Contains("if tag was never closed"));

        var frontMatter = TemplateParser.Parse("---\nid: test\ntitle: T\naudience: martians\nchannel: pigeon\nlanguage: en\nsubject: Hi\n---\n\nHello\n", "templates/test.en.md");
        Assert.Contains(frontMatter.Diagnostics, d => d.IsError && (d.Line, d.Column) == (4, 11) && d.Message.Contains("audience 'martians'"));
        Assert.Contains(frontMatter.Diagnostics, d => d.IsError && (d.Line, d.Column) == (5, 10) && d.Message.Contains("channel 'pigeon'"));

        Assert.Contains(TemplateParser.Parse("no front matter", "templates/x.en.md").Diagnostics, d => d.IsError && d.Message.Contains("starts with front matter"));
    }

    private static MessageTemplate WithBody(string body) =>
        Parse("---\nid: test\ntitle: T\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  name: Name\n---\n\n{{ name }}\n" + body);

    [Theory]
    [InlineData("{% capture x %}ab{% endcapture %}{% for i in (1..10000) %}{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}{{ x }}")]
    [InlineData("{% assign x = 'ab' %}{% for i in (1..10000) %}{% assign x = x | append: x %}{% endfor %}{{ x }}")]
    [InlineData("{% capture x %}{% for i in (1..10000) %}{% for j in (1..10000) %}{{ name }}{% endfor %}{% endfor %}{% endcapture %}")]
    [InlineData("{% for i in (1..10000) %}{% for j in (1..10000) %}{{ name }}{% endfor %}{% endfor %}")]
    public void A_template_that_grows_text_without_bound_stops_with_a_clear_problem(string body)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rendered = TemplateRenderer.Render(WithBody(body), Model(new() { ["name"] = "Mei Chen" }));

        Assert.Contains(rendered.Problems, problem => problem.Contains("longer than 256 K characters"));
        Assert.True(rendered.Markdown.Length <= TemplateRenderer.MaxOutput);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    /// <summary>One filter can multiply a value's size: each must refuse before building a result past the bound, not after.</summary>
    [Theory]
    [InlineData("{% assign t = s | replace: 'x', s %}")]
    [InlineData("{% assign t = s | split: '' | join: s %}")]
    [InlineData("{% assign t = s | times: 100000 | join: '' %}")]
    [InlineData("{% assign t = s | replace: 'x', '&' | escape | escape | escape | escape %}")]
    [InlineData("{% assign t = s %}{% for i in (1..100) %}{% assign t = t | append: s | prepend: t | plus: t %}{% endfor %}")]
    [InlineData("{% assign a = s | split: '' %}{% for i in (1..100) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}")]
    public void A_filter_that_multiplies_a_text_is_refused_before_it_allocates_the_result(string body)
    {
        // s: 40,960 characters, made by doubling.
        const string LargeText = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}";
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var parsed = TemplateParser.Parse(
            "---\nid: test\ntitle: T\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  name: Name\n---\n\n{{ name }}\n" + LargeText + body,
            "templates/test.en.md");

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Contains(parsed.Diagnostics, d => d.IsError && d.Message.Contains("longer than 256 K characters", StringComparison.Ordinal));
        Assert.True(allocated < 50 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB");
    }

    [Fact]
    public void A_template_that_loops_long_without_output_stops_after_the_time_bound()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rendered = TemplateRenderer.Render(
            WithBody("{% for i in (1..10000) %}{% for j in (1..10000) %}{% for k in (1..10000) %}{% endfor %}{% endfor %}{% endfor %}"),
            Model(new() { ["name"] = "Mei Chen" }));

        Assert.NotEmpty(rendered.Problems);
        Assert.True(clock.Elapsed < TemplateRenderer.MaxRenderTime * 3, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("{{ 1 | divided_by: 0 }}")]
    [InlineData("{% assign x = 'ab' %}{% for i in (1..10000) %}{% assign x = x | append: x %}{% endfor %}")]
    public void Lint_refuses_a_template_that_fails_to_render_with_sample_values(string body)
    {
        var parsed = TemplateParser.Parse(
            "---\nid: test\ntitle: T\naudience: customers\nchannel: email\nlanguage: en\nsubject: Hi\nvariables:\n  name: Name\n---\n\n{{ name }}\n" + body,
            "templates/test.en.md");

        Assert.Contains(parsed.Diagnostics, d => d.IsError && d.Message.StartsWith("the template fails to render with sample values", StringComparison.Ordinal));
    }
}
