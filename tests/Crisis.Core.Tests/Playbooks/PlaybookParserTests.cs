using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

public class PlaybookParserTests
{
    private const string FrontMatter =
        """
        ---
        id: test-playbook
        title: Test playbook
        category: recall
        version: 2
        roles:
          commander: Incident commander
          quality: Quality lead
          comms: Communications lead
        ---

        """;

    private static PlaybookParseResult Parse(string body) => PlaybookParser.Parse(FrontMatter + body, "test.md");

    private static Diagnostic SingleError(PlaybookParseResult result) => Assert.Single(result.Errors);

    [Fact]
    public void Reads_front_matter_phases_and_steps_with_every_token()
    {
        var result = Parse(
            """
            # Test playbook

            Introduction text.

            ## Assess

            - [ ] Confirm the defect @quality due:+2h id:confirm-defect
              Guidance line one.

              A second guidance paragraph.
            - [ ] Pause the listings @quality @comms due:+1h sev:1,2 tpl:holding-statement
              - [ ] Tmall and Taobao
              - [ ] JD @comms due:+30m

            ## Tell people
            1. Publish the statement @comms due:+1d
            * Brief staff @commander due:+1w
            """);

        Assert.Empty(result.Diagnostics);
        var playbook = result.Playbook;
        Assert.Equal(("test-playbook", "Test playbook", "recall", 2), (playbook.Id, playbook.Title, playbook.Category, playbook.Version));
        Assert.Equal("Introduction text.", playbook.Introduction);
        Assert.Equal(["Assess", "Tell people"], playbook.Phases.Select(p => p.Title));

        var confirm = playbook.Phases[0].Steps[0];
        Assert.Equal("confirm-defect", confirm.Id);
        Assert.Equal("Confirm the defect", confirm.Text);
        Assert.Equal("quality", confirm.Role);
        Assert.Equal(new Deadline(2, DeadlineUnit.Hours), confirm.Deadline);
        Assert.Equal("Guidance line one.\n\nA second guidance paragraph.", confirm.Guidance);

        var pause = playbook.Phases[0].Steps[1];
        Assert.Equal(["quality", "comms"], pause.Roles);
        Assert.Equal([1, 2], pause.Severities);
        Assert.Equal("holding-statement", pause.Template);
        Assert.Equal("assess-pause-the-listings", pause.Id);
        Assert.Equal(["Tmall and Taobao", "JD"], pause.SubSteps.Select(s => s.Text));
        Assert.Equal(new Deadline(30, DeadlineUnit.Minutes), pause.SubSteps[1].Deadline);
        Assert.True(pause.AppliesTo(1));
        Assert.False(pause.AppliesTo(3));

        Assert.Equal(["Publish the statement", "Brief staff"], playbook.Phases[1].Steps.Select(s => s.Text));
        Assert.Equal(new Deadline(1, DeadlineUnit.Weeks), playbook.Phases[1].Steps[1].Deadline);
        Assert.Equal(6, playbook.StepCount);
    }

    [Fact]
    public void Setext_headings_are_phases_too()
    {
        var result = Parse("Assess\n------\n\n- Confirm @quality\n\nContain\n-------\n\n- Stop sale @quality\n");
        Assert.Equal(["Assess", "Contain"], result.Playbook.Phases.Select(p => p.Title));
    }

    [Fact]
    public void Deeper_nesting_is_guidance_not_steps()
    {
        var result = Parse("## Assess\n\n- Parent @quality\n  - Child\n    - Grandchild detail\n");
        var parent = Assert.Single(result.Playbook.Phases[0].Steps);
        var child = Assert.Single(parent.SubSteps);
        Assert.Empty(child.SubSteps);
        Assert.Contains("Grandchild detail", child.Guidance);
    }

    [Fact]
    public void Derived_ids_are_url_safe_and_unique()
    {
        var result = Parse("## Assess!\n\n- Check the thing @quality\n- Check the thing @quality\n- 检查产品 @quality\n- Ünïcödé Straße @quality\n");
        var ids = result.Playbook.Phases[0].Steps.Select(s => s.Id).ToList();
        Assert.Equal(["assess-check-the-thing", "assess-check-the-thing-2", "assess-3", "assess-unicode-stra-e"], ids);
        Assert.All(ids, id => Assert.True(Slug.IsValid(id)));
    }

    [Fact]
    public void Explicit_ids_win_over_derived_ones()
    {
        var result = Parse("## Assess\n\n- Check the thing @quality\n- Other @quality id:assess-check-the-thing\n");
        Assert.Equal(["assess-check-the-thing-2", "assess-check-the-thing"], result.Playbook.Phases[0].Steps.Select(s => s.Id));
    }

    [Theory]
    [InlineData("- Confirm @nobody", 13, 11, "role 'nobody' is not declared")]
    [InlineData("- Confirm @quality due:4h", 13, 20, "is not a deadline")]
    [InlineData("- Confirm @quality due:+4x", 13, 20, "is not a deadline")]
    [InlineData("- Confirm @quality sev:5", 13, 20, "severity 5 is not one of")]
    [InlineData("- Confirm @quality sev:one", 13, 20, "is not a list of severities")]
    [InlineData("- Confirm @quality tpl:Bad_Id", 13, 20, "is not a template id")]
    [InlineData("- Confirm @quality id:Not--Valid", 13, 20, "is not a step id")]
    [InlineData("- Confirm @quality due:+1h due:+2h", 13, 28, "'due:' is given twice")]
    [InlineData("- @quality due:+1h", 13, 3, "step has no text")]
    [InlineData("- Confirm @Quality", 13, 11, "is not a role")]
    [InlineData("- Report to the regulator @quality required:yes", 13, 36, "'required:yes' is not a requirement: write required:law")]
    [InlineData("- Report to the regulator @quality required:law required:law", 13, 49, "'required:' is given twice")]
    [InlineData("- Report to the regulator @quality due:+2d required", 13, 44, "'required' needs to say what requires the step: write required:law")]
    public void Token_errors_name_line_and_column(string item, int line, int column, string message)
    {
        var result = Parse("## Assess\n\n" + item + "\n");
        var error = SingleError(result);
        Assert.Equal(("test.md", line, column), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message);
        Assert.Equal($"test.md:{line}:{column}: error: {error.Message}", error.ToString());
    }

    [Fact]
    public void Required_law_marks_the_steps_the_law_requires_and_nothing_else()
    {
        // Outside recall, food-safety and data-breach playbooks a legal deadline need not name its source.
        var result = PlaybookParser.Parse(FrontMatter.Replace("category: recall", "category: other") +
            """
            ## Report

            - [ ] Report the defect to the regulator @quality due:+2d required:law id:report
              - [ ] Keep the receipt @quality
              - [ ] File the follow-up @quality required:law
            - [ ] Tell the press if required @comms
            """, "test.md");

        Assert.Empty(result.Diagnostics);
        var steps = result.Playbook.Phases[0].Steps;
        Assert.Equal(("Report the defect to the regulator", "report", "+2d", true), (steps[0].Text, steps[0].Id, steps[0].Due, steps[0].RequiredByLaw));
        Assert.Equal([false, true], steps[0].SubSteps.Select(s => s.RequiredByLaw));
        Assert.Equal(("Tell the press if required", false), (steps[1].Text, steps[1].RequiredByLaw));
    }

    [Fact]
    public void Token_errors_find_their_column_after_inline_markup()
    {
        var result = Parse("## Assess\n\n- Check **bold** and `code` @ghost\n");
        var error = SingleError(result);
        Assert.Equal((13, 29), (error.Line, error.Column));
    }

    [Fact]
    public void Duplicate_explicit_ids_are_an_error_at_the_second()
    {
        var result = Parse("## Assess\n\n- One @quality id:same\n- Two @quality id:same\n");
        var error = SingleError(result);
        Assert.Equal((14, 16), (error.Line, error.Column));
        Assert.Contains("'same' is already used", error.Message);
    }

    [Fact]
    public void Unknown_template_is_an_error_when_templates_are_known()
    {
        var text = FrontMatter + "## Assess\n\n- Notify @comms tpl:missing-one\n- Notify again @comms tpl:known\n";
        var result = PlaybookParser.Parse(text, "test.md", new HashSet<string> { "known" });
        var error = SingleError(result);
        Assert.Equal((13, 17), (error.Line, error.Column));
        Assert.Contains("template 'missing-one' does not exist", error.Message);
    }

    [Fact]
    public void Text_that_only_looks_like_tokens_in_the_middle_stays_text()
    {
        var result = Parse("## Assess\n\n- Email support@brand.com about due:+2h items @comms\n");
        Assert.Empty(result.Errors);
        Assert.Equal("Email support@brand.com about due:+2h items", result.Playbook.Phases[0].Steps[0].Text);
    }

    [Theory]
    [InlineData("---\ntitle: T\nversion: 1\n---\n## P\n- a\n", 1, 1, "missing the required 'id'")]
    [InlineData("---\nid: x\nversion: 1\n---\n## P\n- a\n", 1, 1, "missing the required 'title'")]
    [InlineData("---\nid: x\ntitle: T\n---\n## P\n- a\n", 1, 1, "missing the required 'version'")]
    [InlineData("---\nid: Bad Id\ntitle: T\nversion: 1\n---\n## P\n- a\n", 2, 5, "must be a lowercase slug")]
    [InlineData("---\nid: x\ntitle: T\nversion: two\n---\n## P\n- a\n", 4, 10, "must be a whole number")]
    [InlineData("---\nid: x\ntitle: T\nversion: 1\ncategory: weather\n---\n## P\n- a\n", 5, 11, "category 'weather' is not one of")]
    [InlineData("---\nid: x\ntitle: T\nversion: 1\nseverities: [SEV1, HIGH]\n---\n## P\n- a\n", 5, 20, "severity 'HIGH' must be SEV1 to SEV9")]
    [InlineData("---\nid: x\ntitle: [unclosed\nversion: 1\n---\n## P\n- a\n", 1, 1, "not valid YAML")]
    [InlineData("---\nid: x\ntitle: T\n  version: 1\n---\n## P\n- a\n", 4, 10, "not valid YAML")]
    [InlineData("---\nid: x\ntitle: T\nversion: 1\nroles: [a, b]\n---\n## P\n- a\n", 5, 8, "roles must be a mapping")]
    [InlineData("---\nid: x\ntitle: T\nversion: 1\nroles:\n  legal: Legal\napprovers: [legal, press]\n---\n## P\n- a\n", 7, 20, "approver 'press' is not a role declared")]
    [InlineData("---\nid: x\ntitle: T\n", 1, 1, "never closed")]
    [InlineData("---\nid: x\ntitle: T\nversion: 1\n---\n# Only a title\n", 1, 1, "no steps found")]
    public void Front_matter_errors_name_line_and_column(string markdown, int line, int column, string message)
    {
        var result = PlaybookParser.Parse(markdown, "fm.md");
        var error = result.Errors.First(e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Approvers_are_kept_in_the_order_declared()
    {
        var result = PlaybookParser.Parse("---\nid: x\ntitle: T\nversion: 1\nroles:\n  legal: Legal\n  comms: Comms\napprovers: [legal, comms, legal]\n---\n## P\n- a @legal\n", "fm.md");
        Assert.Empty(result.Errors);
        Assert.Equal(["legal", "comms"], result.Playbook.Approvers);
    }

    [Fact]
    public void A_legal_deadline_names_the_rule_it_rests_on_and_lint_says_so_when_it_does_not()
    {
        const string head = "---\nid: x\ntitle: T\nversion: 1\ncategory: recall\nroles:\n  legal: Legal\nsources:\n  samr-order-19: SAMR Order 19\n---\n## Report\n";
        var cited = PlaybookParser.Parse(head + "- Report the defect @legal due:+2wd required:law source:samr-order-19 id:report\n", "recall.md");
        Assert.Empty(cited.Diagnostics);
        Assert.Equal("samr-order-19", cited.Playbook.Phases[0].Steps[0].Source);
        Assert.Equal(new PlaybookSource("samr-order-19", "SAMR Order 19"), Assert.Single(cited.Playbook.Sources));

        var uncited = PlaybookParser.Parse(head + "- Report the defect @legal due:+2wd required:law id:report\n", "recall.md");
        var warning = Assert.Single(uncited.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, 12), (warning.Severity, warning.Line));
        Assert.Contains("names no source", warning.Message);

        var undeclared = PlaybookParser.Parse(head + "- Report the defect @legal due:+2wd required:law source:samr-order-20\n", "recall.md");
        var error = Assert.Single(undeclared.Errors);
        Assert.Equal((12, 50), (error.Line, error.Column));
        Assert.Equal("source 'samr-order-20' is not declared under 'sources' in the front matter (declared: samr-order-19)", error.Message);

        // Steps the law does not require, and other categories, need no source.
        var reputation = PlaybookParser.Parse(head.Replace("category: recall", "category: reputation") + "- Report the defect @legal due:+2wd required:law\n", "reputation.md");
        Assert.Empty(reputation.Diagnostics);
    }

    [Fact]
    public void Unknown_front_matter_keys_are_warnings()
    {
        var result = PlaybookParser.Parse("---\nid: x\ntitle: T\nversion: 1\nowner: me\n---\n## P\n- a\n", "fm.md");
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("unknown front matter key 'owner'"));
        Assert.Equal((5, 1), (warning.Line, warning.Column));
    }

    [Fact]
    public void Steps_without_an_owner_are_warned_about()
    {
        var result = Parse("## Assess\n\n- Nobody owns this\n");
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((13, 3), (warning.Line, warning.Column));
        Assert.Contains("has no owner", warning.Message);
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_do_not_move_positions()
    {
        var text = "\uFEFF" + (FrontMatter + "## Assess\n\n- Confirm @ghost\n").Replace("\n", "\r\n");
        var error = SingleError(PlaybookParser.Parse(text, "crlf.md"));
        Assert.Equal((13, 11), (error.Line, error.Column));
    }

    [Fact]
    public void The_hash_identifies_the_text()
    {
        var a = Parse("## A\n\n- One @quality\n").Playbook.Hash;
        var b = Parse("## A\n\n- Two @quality\n").Playbook.Hash;
        Assert.NotEqual(a, b);
        Assert.Equal(64, a.Length);
    }

    [Theory]
    [InlineData("+30m", 30, DeadlineUnit.Minutes)]
    [InlineData("+4h", 4, DeadlineUnit.Hours)]
    [InlineData("+2d", 2, DeadlineUnit.Days)]
    [InlineData("+1w", 1, DeadlineUnit.Weeks)]
    [InlineData("+2wd", 2, DeadlineUnit.WorkingDays)]
    [InlineData("+10wd", 10, DeadlineUnit.WorkingDays)]
    public void Deadlines_parse_minutes_hours_days_weeks_and_working_days(string text, int amount, DeadlineUnit unit)
    {
        Assert.True(Deadline.TryParse(text, out var deadline));
        Assert.Equal(new Deadline(amount, unit), deadline);
    }

    [Theory]
    [InlineData("+30m", "en", "30 minutes")]
    [InlineData("+1h", "en", "1 hour")]
    [InlineData("+2wd", "en", "2 working days")]
    [InlineData("+30m", "zh-CN", "30分钟")]
    [InlineData("+2wd", "zh-CN", "2个工作日")]
    [InlineData("+1w", "zh-CN", "1周")]
    public void A_deadline_reads_as_words_in_the_readers_language(string text, string language, string expected)
    {
        Assert.True(Deadline.TryParse(text, out var deadline));
        Assert.Equal(expected, deadline.Describe(System.Globalization.CultureInfo.GetCultureInfo(language)));
    }

    [Theory]
    [InlineData("4h")]
    [InlineData("+h")]
    [InlineData("+0h")]
    [InlineData("+-1h")]
    [InlineData("+99999d")]
    [InlineData("+1.5h")]
    [InlineData("+wd")]
    [InlineData("+2dw")]
    [InlineData("+2 wd")]
    public void Bad_deadlines_are_rejected(string text) => Assert.False(Deadline.TryParse(text, out _));
}
