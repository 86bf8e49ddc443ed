namespace Crisis.Core.Playbooks.Import;

/// <summary>
/// Turns any Markdown crisis document into a draft (the parser's phases and steps, with deadlines and owners read from
/// their prose as suggestions) and the draft, as the importer decided, into a native playbook.
/// </summary>
public static class PlaybookImport
{
    public static ImportDraft Read(string markdown, string fileName, OwnerSynonyms synonyms, PlaybookParserOptions? options = null)
    {
        var parsed = PlaybookParser.Parse(markdown, fileName, options: options);
        var source = new SourceText(SourceText.Normalize(markdown), fileName);
        // A native playbook says what it means with tokens: its prose is not second-guessed.
        var phases = parsed.Playbook.Phases.Select(phase => ReadPhase(phase, source, parsed.Playbook.IsForeign ? synonyms : null)).ToList();
        var ownerPhrases = phases.SelectMany(phase => phase.Steps.SelectMany(step => step.SubSteps.Prepend(step)))
            .Select(step => step.OwnerPhrase).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new ImportDraft(parsed, phases, ownerPhrases) { Synonyms = synonyms };
    }

    /// <summary>Reads a document from a file as the library reads playbooks: never waiting on a FIFO or a device, and refusing a
    /// file over the size cap with an <see cref="IOException"/> that says why.</summary>
    public static ImportDraft ReadFile(string path, OwnerSynonyms synonyms, PlaybookParserOptions options) =>
        Read(PlaybookParser.ReadFile(path, options), path, synonyms, options);

    /// <summary>A native playbook (front matter, inline tokens, the source kept as guidance) that lints without errors.</summary>
    public static string ToNative(ImportDraft draft, ImportChoices choices) => NativeWriter.Write(draft, choices);

    /// <summary>What to offer before the importer decides: the id and title read, the category and language the document gives or suggests.</summary>
    public static ImportChoices SuggestedChoices(ImportDraft draft)
    {
        var playbook = draft.Parsed.Playbook;
        return new ImportChoices
        {
            Id = playbook.Id,
            Title = playbook.Title,
            Category = playbook.Category,
            Language = playbook.IsForeign ? LanguageOf(draft) : playbook.Language,
        };
    }

    /// <summary>Chinese when most of the steps' letters are Han characters.</summary>
    private static string LanguageOf(ImportDraft draft)
    {
        var text = string.Concat(draft.AllSteps.Select(step => step.Text));
        var han = text.Count(OwnerSynonyms.IsHan);
        var latin = text.Count(ch => ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z');
        return han > latin / 3 && han > 0 ? "zh-CN" : "en";
    }

    private static ImportPhase ReadPhase(Phase phase, SourceText source, OwnerSynonyms? synonyms)
    {
        var phaseDeadline = synonyms is null ? null : ProsePhrases.Deadline(phase.Title);
        var phaseOwner = synonyms?.FirstMention(phase.Title);
        var steps = phase.Steps.Select(step => ReadStep(step, source, synonyms, phase, phaseDeadline, phaseOwner)).ToList();
        return new ImportPhase(phase.Id, phase.Title, steps) { Description = phase.Description };
    }

    /// <summary>
    /// A step's tokens win; else its deadline comes from its text, its guidance, then its phase heading ("Within 24 hours"),
    /// and its owner from a label ("Owner: …"), a synonym its text names, then one its phase heading names.
    /// Sub-steps read only their own prose.
    /// </summary>
    private static ImportStep ReadStep(PlaybookStep step, SourceText source, OwnerSynonyms? synonyms, Phase phase,
        ProsePhrase? phaseDeadline, (string Phrase, string Role, int Index)? phaseOwner, bool isSubStep = false)
    {
        var subSteps = step.SubSteps.Select(sub => ReadStep(sub, source, synonyms, phase, null, null, isSubStep: true)).ToList();

        string? due = step.Due, duePhrase = null;
        var dueLine = step.Line;
        if (due is null && synonyms is not null)
        {
            var found = ProsePhrases.Deadline(step.Text) is { } inText ? (inText, step.Line)
                : ProsePhrases.Deadline(step.Guidance) is { } inGuidance ? (inGuidance, LineOf(source, inGuidance.Words, step.Line))
                : phaseDeadline is not null && !isSubStep ? (phaseDeadline, phase.Line)
                : default((ProsePhrase Phrase, int Line)?);
            if (found is { } deadline)
            {
                (due, duePhrase, dueLine) = (deadline.Phrase.Value, deadline.Phrase.Words, deadline.Line);
            }
        }

        string? role = step.Role, ownerPhrase = null;
        var ownerLine = step.Line;
        if (role is null && synonyms is not null)
        {
            if ((ProsePhrases.LabelledOwner(step.Text) ?? ProsePhrases.LabelledOwner(step.Guidance)) is { } label)
            {
                (ownerPhrase, role, ownerLine) = (label.Words, synonyms.RoleFor(label.Words), LineOf(source, label.Words, step.Line));
            }
            else if (synonyms.FirstMention(step.Text) is { } mention)
            {
                (ownerPhrase, role) = (mention.Phrase, mention.Role);
            }
            else if (!isSubStep && phaseOwner is { } headingMention)
            {
                (ownerPhrase, role, ownerLine) = (headingMention.Phrase, headingMention.Role, phase.Line);
            }
        }

        return new ImportStep(step.Id, step.Text, step.Line, subSteps,
            role, ownerPhrase, RoleInferred: ownerPhrase is not null && role is not null,
            due, duePhrase, DueInferred: duePhrase is not null)
        {
            OwnerLine = ownerLine,
            DueLine = dueLine,
            Source = step,
            Markdown = StepMarkdown.Of(source, step),
        };
    }

    /// <summary>The 1-based line where <paramref name="words"/> first appear at or after the step's line; the step's line if they do not.</summary>
    private static int LineOf(SourceText source, string words, int stepLine)
    {
        var start = 0;
        for (var line = 1; line < stepLine && start >= 0; line++)
        {
            start = source.Text.IndexOf('\n', start);
            if (start >= 0) start++;
        }
        if (start < 0) return stepLine;
        var index = source.Text.IndexOf(words, start, StringComparison.Ordinal);
        return index < 0 ? stepLine : source.LineOf(index) + 1;
    }
}
