using Crisis.Core.Playbooks;
using Crisis.Core.Playbooks.Import;

namespace Crisis.Core.Tests.Playbooks.Import;

/// <summary>Documents written for other tools become native playbooks that lint clean, with the same phases and steps.</summary>
public class PlaybookImportTests
{
    private static readonly string DocumentFolder = Path.Combine(AppContext.BaseDirectory, "Playbooks", "Import", "Documents");
    private static readonly string ExampleFolder = Path.Combine(AppContext.BaseDirectory, "Playbooks", "Examples");

    public static TheoryData<string> ForeignDocuments =>
    [
        .. Directory.GetFiles(DocumentFolder, "*.md").Concat(Directory.GetFiles(ExampleFolder, "*.md"))
            .Select(path => Path.GetRelativePath(AppContext.BaseDirectory, path)).Order(StringComparer.Ordinal),
    ];

    private static ImportDraft Read(string relativePath) =>
        PlaybookImport.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)), Path.GetFileName(relativePath), OwnerSynonyms.Default);

    private static ImportStep Step(ImportDraft draft, string textStart) =>
        draft.AllSteps.Single(step => step.Text.StartsWith(textStart, StringComparison.Ordinal));

    public static TheoryData<string> ShippedPlaybookFiles => [.. Directory.GetFiles(ShippedPlaybooks.Folder, "*.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ForeignDocuments))]
    public void Converting_gives_a_playbook_that_parses_without_errors_with_the_same_steps(string relativePath) =>
        AssertConvertsToTheSameSteps(Read(relativePath));

    [Theory]
    [MemberData(nameof(ShippedPlaybookFiles))]
    public void Converting_a_native_playbook_keeps_its_steps_tokens_and_roles(string fileName)
    {
        var draft = PlaybookImport.Read(File.ReadAllText(Path.Combine(ShippedPlaybooks.Folder, fileName)), fileName, OwnerSynonyms.Default);
        var reread = AssertConvertsToTheSameSteps(draft);

        Assert.Equal(draft.Parsed.Playbook.Roles, reread.Playbook.Roles);
        Assert.Equal(Tokens(draft.Parsed.Playbook), Tokens(reread.Playbook));
        Assert.Equal((draft.Parsed.Playbook.Category, draft.Parsed.Playbook.Language), (reread.Playbook.Category, reread.Playbook.Language));
        Assert.Equal(draft.Parsed.Playbook.Approvers, reread.Playbook.Approvers);

        static IEnumerable<string> Tokens(Playbook playbook) => AllSteps(playbook).Select(step =>
            $"{step.Id} {string.Join(',', step.Roles)} {step.Due} {string.Join(',', step.Severities)} {step.Template} {step.RequiredByLaw} {step.Guidance}");
    }

    [Fact]
    public void A_step_keeps_the_links_and_code_its_source_wrote()
    {
        var native = PlaybookImport.ToNative(Read("Playbooks/Import/Documents/privacy-breach-sop.md"), new ImportChoices());
        Assert.Contains("- [ ] Open a case file (`case-id`) & log every action_with_time [template](https://example.org/log)\n", native);
    }

    private static PlaybookParseResult AssertConvertsToTheSameSteps(ImportDraft draft)
    {
        var native = PlaybookImport.ToNative(draft, PlaybookImport.SuggestedChoices(draft));

        var reread = PlaybookParser.Parse(native, draft.Parsed.Playbook.Id + ".md");

        Assert.True(reread.Errors.ToList() is [], $"{string.Join('\n', reread.Errors)}\n\n{native}");
        Assert.False(reread.Playbook.IsForeign);
        Assert.Equal(Outline(draft.Parsed.Playbook), Outline(reread.Playbook));
        // Every owner and deadline the draft has is written as a token.
        Assert.Equal(draft.AllSteps.Select(step => (step.Role, step.Due)), AllSteps(reread.Playbook).Select(step => (step.Role, step.Due)));
        // Guidance stays with its step, and the text before the first phase stays as the introduction.
        Assert.Equal(draft.AllSteps.Select(step => step.Source.Guidance.Length > 0), AllSteps(reread.Playbook).Select(step => step.Guidance.Length > 0));
        Assert.Equal(draft.Parsed.Playbook.Introduction.Length > 0, reread.Playbook.Introduction.Length > 0);
        return reread;
    }

    private static IEnumerable<PlaybookStep> AllSteps(Playbook playbook) => playbook.Phases.SelectMany(phase => phase.Steps.SelectMany(step => step.SubSteps.Prepend(step)));

    [Fact]
    public void Deadlines_and_owners_in_english_prose_are_suggested_and_marked_inferred()
    {
        var draft = Read("Playbooks/Import/Documents/privacy-breach-sop.md");

        var notified = Step(draft, "Within 1 hour: Privacy Officer notified");
        Assert.Equal(("+1h", "Within 1 hour", true, "legal", "Privacy Officer", true),
            (notified.Due, notified.DuePhrase, notified.DueInferred, notified.Role, notified.OwnerPhrase, notified.RoleInferred));
        Assert.Equal(11, notified.DueLine);
        Assert.Equal(("+15m", "immediately"), (Step(draft, "Stop further access").Due, Step(draft, "Stop further access").DuePhrase));
        Assert.Equal(("+72h", "within 72 hours", null), (Step(draft, "Notify the supervisory").Due, Step(draft, "Notify the supervisory").DuePhrase, Step(draft, "Notify the supervisory").Role));
        Assert.Equal(("+24h", "legal", "Legal Counsel"), (Step(draft, "Brief Legal Counsel").Due, Step(draft, "Brief Legal Counsel").Role, Step(draft, "Brief Legal Counsel").OwnerPhrase));
        Assert.Equal(("+2d", "cs"), (Step(draft, "Customer Service prepares").Due, Step(draft, "Customer Service prepares").Role));
        Assert.Equal("comms", Step(draft, "PR drafts").Role);
        var labelled = Step(draft, "Record what data");
        Assert.Equal(("security", "Security Lead", 20), (labelled.Role, labelled.OwnerPhrase, labelled.OwnerLine));
    }

    [Fact]
    public void Deadlines_and_owners_in_chinese_prose_are_suggested()
    {
        var draft = Read("Playbooks/Import/Documents/数据泄露应急预案.md");

        Assert.Equal(("+1h", "legal"), (Step(draft, "1小时内通知").Due, Step(draft, "1小时内通知").Role));
        Assert.Equal(("+15m", "立即"), (Step(draft, "立即封堵").Due, Step(draft, "立即封堵").DuePhrase));
        Assert.Equal(("legal", "法务"), (Step(draft, "负责人：法务").Role, Step(draft, "负责人：法务").OwnerPhrase));
        Assert.Equal("+24h", Step(draft, "24小时内完成").Due);
        Assert.Equal(("+72h", "72 小时内", "cs"), (Step(draft, "客服在").Due, Step(draft, "客服在").DuePhrase, Step(draft, "客服在").Role));
        Assert.Equal(("+2d", "comms"), (Step(draft, "公关起草").Due, Step(draft, "公关起草").Role));
        Assert.Equal("commander", Step(draft, "由负责人确认").Role);
        Assert.Equal("+3wd", Step(draft, "三个工作日内").Due);
        Assert.Equal("zh-CN", PlaybookImport.SuggestedChoices(draft).Language);
    }

    [Fact]
    public void Written_tokens_are_never_overridden_and_phase_headings_give_what_a_step_does_not_say()
    {
        var draft = Read("Playbooks/Import/Documents/timed-phases.md");

        Assert.Equal(("+24h", "Within 24 hours", true, 3), (Step(draft, "Stop shipments").Due, Step(draft, "Stop shipments").DuePhrase, Step(draft, "Stop shipments").DueInferred, Step(draft, "Stop shipments").DueLine));
        var written = Step(draft, "Confirm lot numbers");
        Assert.Equal(("+2h", null, false), (written.Due, written.DuePhrase, written.DueInferred));
        var quarantine = Step(draft, "Quarantine stock");
        Assert.Equal(("quality", null, false), (quarantine.Role, quarantine.OwnerPhrase, quarantine.RoleInferred));
        Assert.Equal(("comms", "Communications", 9), (Step(draft, "Draft the customer notice").Role, Step(draft, "Draft the customer notice").OwnerPhrase, Step(draft, "Draft the customer notice").OwnerLine));
        Assert.Equal("spokesperson", Step(draft, "Answer press questions").Role);
    }

    [Fact]
    public void An_owner_phrase_the_table_does_not_know_is_offered_for_mapping_and_the_importers_choices_are_applied()
    {
        var draft = Read("Playbooks/Import/Documents/privacy-breach-sop.md");
        var insurer = Step(draft, "Tell the insurer");
        Assert.Equal(("Facilities Manager", null, false), (insurer.OwnerPhrase, insurer.Role, insurer.RoleInferred));
        Assert.Contains("Facilities Manager", draft.OwnerPhrases);

        var choices = PlaybookImport.SuggestedChoices(draft) with
        {
            Id = "privacy-breach",
            Category = "data-breach",
            OwnerRoles = new Dictionary<string, string> { ["facilities manager"] = "facilities", ["PR"] = "" },
            PhaseTitles = new Dictionary<string, string> { [draft.Phases[0].Id] = "First hour" },
            ExcludedSteps = new HashSet<string> { Step(draft, "Call the").Id },
            AcceptInferredDeadlines = false,
        };
        var reread = PlaybookParser.Parse(PlaybookImport.ToNative(draft, choices), "privacy-breach.md");

        Assert.Empty(reread.Errors);
        Assert.Equal(("privacy-breach", "data-breach", 1), (reread.Playbook.Id, reread.Playbook.Category, reread.Playbook.Version));
        Assert.Equal("First hour", reread.Playbook.Phases[0].Title);
        var steps = reread.Playbook.Phases.SelectMany(phase => phase.Steps).ToList();
        Assert.DoesNotContain(steps, step => step.Text.StartsWith("Call the", StringComparison.Ordinal));
        Assert.Equal("facilities", steps.Single(step => step.Text.StartsWith("Tell the insurer", StringComparison.Ordinal)).Role);
        Assert.Null(steps.Single(step => step.Text.StartsWith("PR drafts", StringComparison.Ordinal)).Role);
        Assert.Equal(["+4h"], steps.Select(step => step.Due).OfType<string>()); // only the written deadline
        Assert.Contains(reread.Playbook.Roles, role => role == new PlaybookRole("legal", "Legal and data protection officer"));
        Assert.Contains(reread.Playbook.Roles, role => role == new PlaybookRole("facilities", "Facilities"));
    }

    [Fact]
    public void Role_names_follow_the_chosen_language_and_the_configured_synonyms_extend_the_table()
    {
        var synonyms = OwnerSynonyms.WithExtra([KeyValuePair.Create("facilities", (IReadOnlyList<string>)["Facilities Manager", "行政"])]);
        Assert.Equal("facilities", synonyms.RoleFor("facilities manager"));
        Assert.Equal("facilities", synonyms.RoleFor("行政部"));
        Assert.Equal("legal", synonyms.RoleFor("DPO"));
        Assert.Null(OwnerSynonyms.Default.RoleFor("Facilities Manager"));
        Assert.Contains(synonyms.Roles, role => role == new PlaybookRole("facilities", "Facilities Manager"));
        Assert.Contains(OwnerSynonyms.Default.Roles, role => role == new PlaybookRole("cs", "Customer service lead"));

        var draft = PlaybookImport.Read("# Plan\n\n## Act\n\n- Owner: Facilities Manager; check the doors\n- 客服回访\n", "plan.md", synonyms);
        var native = PlaybookImport.ToNative(draft, PlaybookImport.SuggestedChoices(draft) with { Language = "zh-CN" });
        var reread = PlaybookParser.Parse(native, "plan.md");
        Assert.Empty(reread.Errors);
        Assert.Equal([new PlaybookRole("facilities", "Facilities Manager"), new PlaybookRole("cs", "客服负责人")], reread.Playbook.Roles);
    }

    [Theory]
    [InlineData("Report within 72 hours", "+72h")]
    [InlineData("no later than 24 hours after discovery", "+24h")]
    [InlineData("Escalate within one hour", "+1h")]
    [InlineData("in the first 30 minutes", "+30m")]
    [InlineData("by T+4h", "+4h")]
    [InlineData("within 5 business days", "+5wd")]
    [InlineData("within 2 working days", "+2wd")]
    [InlineData("within two weeks", "+2w")]
    [InlineData("Isolate immediately; report within 24 hours", "+24h")]
    [InlineData("without undue delay", "+15m")]
    [InlineData("24小时内", "+24h")]
    [InlineData("二十四小时以内上报", "+24h")]
    [InlineData("最迟 72 小时", "+72h")]
    [InlineData("立即上报", "+15m")]
    [InlineData("Keep monitoring for 24 hours", null)]
    [InlineData("Within the hour", null)]
    [InlineData("within 0 hours", null)]
    public void Deadline_phrases_become_native_deadlines(string prose, string? expected) =>
        Assert.Equal(expected, ProsePhrases.Deadline(prose)?.Value);

    [Theory]
    [InlineData("1. Call the hotline")]
    [InlineData("# of affected people: count them")]
    [InlineData("Use *only* the `secure` [channel] <b> & log_it |")]
    [InlineData("- dash first")]
    [InlineData("> quoted")]
    [InlineData("Ends with a hash #")]
    public void Step_text_that_looks_like_markdown_keeps_its_words(string text)
    {
        var parsed = PlaybookParser.Parse("# Plan\n\n## Act\n\n- Placeholder\n", "plan.md");
        var source = parsed.Playbook.Phases[0].Steps[0] with { Text = text };
        var step = new ImportStep(source.Id, text, source.Line, [], null, null, false, null, null, false) { Source = source };
        var draft = new ImportDraft(parsed, [new ImportPhase(parsed.Playbook.Phases[0].Id, "Act", [step])], []);

        var reread = PlaybookParser.Parse(PlaybookImport.ToNative(draft, new ImportChoices()), "plan.md");

        Assert.Equal(text, reread.Playbook.Phases.Single().Steps.Single().Text);
    }

    private static List<string> Outline(Playbook playbook) =>
    [
        .. playbook.Phases.SelectMany(phase => phase.Steps.SelectMany(step => step.SubSteps.Select(sub => $"    {sub.Text}").Prepend($"  {step.Text}")).Prepend(phase.Title)),
    ];
}
