using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Crisis.Core.Localization;
using Crisis.Core.Text;

namespace Crisis.Core.Playbooks;

/// <summary>
/// Reads a playbook by walking Markdig's syntax tree: front matter for metadata, headings for phases,
/// list items for steps, trailing tokens for owners and deadlines. Never throws on bad input: every
/// problem becomes a <see cref="Diagnostic"/> with file, line and column.
/// </summary>
public static partial class PlaybookParser
{
    public const string FormatReference = "docs/playbook-format.md";

    /// <summary>The token that marks a step the law requires. <c>required:</c> takes an argument to say why, and the law is the one reason so far.</summary>
    public const string RequiredByLawToken = "required:law";

    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseTaskLists()
        .UsePipeTables()
        .UseGridTables()
        .UseCustomContainers()
        .UseAlertBlocks()
        .UsePreciseSourceLocation()
        .UseCjkFriendlyEmphasis() // **涉及的信息：**姓名 is bold, not asterisks: CommonMark's flanking rules fail next to CJK punctuation
        .Build();

    public static PlaybookParseResult Parse(string markdown, string path, IReadOnlySet<string>? knownTemplates = null, PlaybookParserOptions? options = null)
    {
        options ??= PlaybookParserOptions.Default;
        var size = Encoding.UTF8.GetByteCount(markdown);
        if (size > options.MaxBytes) return Unreadable(path, new DiagnosticWords("diagnostic:playbook-too-large", [TooLarge(size, options)]));
        return Parse(markdown, path, knownTemplates, options, invalidUtf8Lines: []);
    }

    /// <summary>Reads the file's bytes, never blocking on a FIFO or a device, and refuses a file larger than <see cref="PlaybookParserOptions.MaxBytes"/>.</summary>
    public static PlaybookParseResult ParseFile(string path, IReadOnlySet<string>? knownTemplates = null, PlaybookParserOptions? options = null)
    {
        try
        {
            var invalidUtf8Lines = new List<int>();
            options ??= PlaybookParserOptions.Default;
            var markdown = ReadFile(path, options, invalidUtf8Lines);
            return Parse(markdown, path, knownTemplates, options, invalidUtf8Lines);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, SourceFile.WhyUnreadable(exception));
        }
    }

    /// <summary>A playbook file's text. Throws <see cref="IOException"/> (<see cref="SourceFile.WhyUnreadable"/> says why in words) when it is not a regular file or is too large.</summary>
    internal static string ReadFile(string path, PlaybookParserOptions options, List<int>? invalidUtf8Lines = null) =>
        SourceFile.Decode(SourceFile.ReadBytes(path, options.MaxBytes, size => new("unreadable:too-large", [TooLarge(size, options)])), invalidUtf8Lines);

    private static PlaybookParseResult Parse(string markdown, string path, IReadOnlySet<string>? knownTemplates, PlaybookParserOptions options, IReadOnlyList<int> invalidUtf8Lines)
    {
        // Repairs made before Markdig reads the text, each reported at its line: nothing is changed silently.
        var repairs = new List<Diagnostic>();
        AddLineWarnings(repairs, path, invalidUtf8Lines, new DiagnosticWords("diagnostic:invalid-utf8", []));
        var nulLines = new List<int>();
        var text = SourceText.ReplaceNul(SourceText.Normalize(markdown), nulLines);
        AddLineWarnings(repairs, path, nulLines, new DiagnosticWords("diagnostic:nul-replaced", []));
        var flattenedLines = new List<int>();
        text = DeepNesting.Flatten(text, flattenedLines);
        AddLineWarnings(repairs, path, flattenedLines.Where((line, index) => index == 0 || flattenedLines[index - 1] != line - 1).ToList(),
            new DiagnosticWords("diagnostic:nesting-flattened", [DeepNesting.MaxLevels]));
        try
        {
            var result = new PlaybookReader(new SourceText(text, path), knownTemplates, options).Read();
            return repairs.Count == 0 ? result : result with { Diagnostics = [.. result.Diagnostics.Concat(repairs).OrderBy(d => d.Line).ThenBy(d => d.Column)] };
        }
        catch (Exception exception) when (exception is ArgumentException && exception.Message.Contains("depth limit", StringComparison.Ordinal))
        {
            // Markdig's own limit on nested blocks, for nesting DeepNesting does not measure (such as ':::' containers).
            return Unreadable(path, new DiagnosticWords("diagnostic:nested-too-deeply", []), text, repairs);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A parser bug must not take the caller down; the fuzz tests make sure this path stays unused.
            return Unreadable(path, new DiagnosticWords("diagnostic:internal-error", [exception.Message]), text, repairs);
        }
    }

    private static PlaybookParseResult Unreadable(string path, DiagnosticWords error, string text = "", IReadOnlyList<Diagnostic>? warnings = null) =>
        new(path, EmptyPlaybook(path, text), [Diagnostic.Of(path, 1, 1, DiagnosticSeverity.Error, error.Key, [.. error.Arguments]), .. warnings ?? []]);

    private static DiagnosticWords TooLarge(long size, PlaybookParserOptions options) =>
        new("diagnostic:size-over-limit", [Megabytes(size), Megabytes(options.MaxBytes)]);

    private static string Megabytes(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MB");

    /// <summary>One warning per line, the first ten of them, then one that counts the rest: a binary file must not bury the report.</summary>
    private static void AddLineWarnings(List<Diagnostic> diagnostics, string path, IReadOnlyList<int> zeroBasedLines, DiagnosticWords message)
    {
        const int Shown = 10;
        foreach (var line in zeroBasedLines.Take(Shown)) diagnostics.Add(Diagnostic.Of(path, line + 1, 1, DiagnosticSeverity.Warning, message.Key, [.. message.Arguments]));
        if (zeroBasedLines.Count > Shown)
        {
            diagnostics.Add(Diagnostic.Of(path, zeroBasedLines[Shown] + 1, 1, DiagnosticSeverity.Warning, "diagnostic:same-on-more-lines", message, zeroBasedLines.Count - Shown));
        }
    }

    /// <summary>
    /// The id the parser gives a step without <c>id:</c>: its phase's (or parent step's) id and its text as a slug, or ""
    /// when the text has no letters or digits (the step is then numbered). A repeated id gets -2, -3 … after it.
    /// </summary>
    internal static string StepIdBase(string prefix, string text, bool isSubStep)
    {
        var slug = Slug.From(text, isSubStep ? 32 : 40);
        return slug.Length == 0 ? "" : $"{prefix}-{slug}";
    }

    internal static string IdFromPath(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        // Only a language suffix is cut (product-recall.zh-CN.md -> product-recall): other dots belong to the name,
        // so 3.11 Product Recall.md and 3.12 Product Withdrawal.md stay apart and incident-response-v1.2.md keeps its version.
        var dot = name.LastIndexOf('.');
        var slug = Slug.From(dot > 0 && LanguageSuffix().IsMatch(name[(dot + 1)..]) ? name[..dot] : name, 64);
        return slug.Length > 0 ? slug : "playbook";
    }

    /// <summary>SHA-256 of the text's UTF-8, encoded a slice at a time: one large byte array per parse was a large-object allocation, and those bring on full collections.</summary>
    internal static string Hash(string normalizedText)
    {
        const int Slice = 16 * 1024;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Slice)];
        var encoder = Encoding.UTF8.GetEncoder();
        for (var start = 0; start < normalizedText.Length; start += Slice)
        {
            var chars = normalizedText.AsSpan(start, Math.Min(Slice, normalizedText.Length - start));
            sha.AppendData(bytes[..encoder.GetBytes(chars, bytes, flush: start + Slice >= normalizedText.Length)]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static Playbook EmptyPlaybook(string path, string text) => new()
    {
        Id = IdFromPath(path),
        Title = IdFromPath(path),
        Category = "other",
        Version = 1,
        Severities = [1, 2, 3],
        Roles = [],
        Phases = [],
        Hash = Hash(text),
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2}(-[A-Za-z]{2,4})?$")]
    private static partial System.Text.RegularExpressions.Regex LanguageSuffix();

    private sealed partial class PlaybookReader(SourceText source, IReadOnlySet<string>? knownTemplates, PlaybookParserOptions options)
    {
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<StepDraft> _allSteps = [];
        private PlaybookMetadata _metadata = null!;
        private readonly List<PlaybookRole> _roles = [];
        private readonly Dictionary<HashSet<string>, Dictionary<string, int>> _nextSuffix = new(ReferenceEqualityComparer.Instance);
        private readonly FirstLine _firstLine = new();

        public PlaybookParseResult Read()
        {
            var document = ReadBlocks();
            var frontMatter = document.FirstOrDefault() as YamlFrontMatterBlock;
            if (frontMatter is not null)
            {
                _metadata = FrontMatterReader.Read(source, frontMatter, _diagnostics);
            }
            else
            {
                if (source.Text.StartsWith("---\n", StringComparison.Ordinal) || source.Text == "---")
                {
                    Error(0, "diagnostic:front-matter-unclosed");
                }
                _metadata = PlaybookMetadata.Foreign(source.Path);
            }
            _roles.AddRange(_metadata.Roles);

            var blocks = document.Where(block => block is not YamlFrontMatterBlock).ToList();
            var (titleHeading, phaseLevel) = ChooseStructure(blocks);
            var title = _metadata.Title ?? (titleHeading is not null ? PlainText(titleHeading.Inline) : null) ?? Humanize(_metadata.Id);
            if (_metadata.IsForeign && frontMatter is not null)
            {
                Warning(0, "diagnostic:foreign-front-matter", _metadata.Id, FormatReference);
            }
            else if (_metadata.IsForeign)
            {
                Warning(0, "diagnostic:no-front-matter", _metadata.Id, FormatReference);
            }

            var phases = ReadPhases(blocks, titleHeading, phaseLevel, title, out var introduction);
            AssignStepIds(phases);
            var built = phases.Select(phase => phase.Build()).ToList();
            if (built.All(phase => phase.Steps.Count == 0))
            {
                Error(0, "diagnostic:no-steps");
            }
            else if (_metadata.IsForeign)
            {
                var unowned = _allSteps.Count(step => step.Parent is null && step.Roles.Count == 0);
                if (unowned > 0) Warning(0, "diagnostic:unowned-steps", unowned);
            }
            if (PlaybookCategories.CiteTheirRules.Contains(_metadata.Category))
            {
                foreach (var step in _allSteps.Where(step => step.RequiredByLaw && step.Due is not null && step.Source is null))
                {
                    Warning(step.ZeroBasedLine, "diagnostic:legal-deadline-without-source", step.Text);
                }
            }

            var playbook = new Playbook
            {
                Id = _metadata.Id,
                Title = title,
                Category = _metadata.Category,
                Version = _metadata.Version,
                Summary = _metadata.Summary,
                Language = _metadata.Language,
                Severities = _metadata.Severities,
                Roles = _roles,
                Approvers = _metadata.Approvers,
                Sources = _metadata.Sources,
                Tags = _metadata.Tags,
                Introduction = introduction,
                Phases = built,
                IsForeign = _metadata.IsForeign,
                Hash = Hash(source.Text),
            };
            var ordered = _diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
            return new PlaybookParseResult(source.Path, playbook, ordered);
        }

        /// <summary>
        /// Playbooks with front matter use <c>##</c> phases. Foreign documents show their own structure:
        /// several top-level headings are phases; a single one is the title and the next level down holds the phases.
        /// </summary>
        private (HeadingBlock? Title, int PhaseLevel) ChooseStructure(List<Block> blocks)
        {
            var headings = blocks.OfType<HeadingBlock>().ToList();
            if (!_metadata.IsForeign)
            {
                return (headings.FirstOrDefault(h => h.Level == 1), 2);
            }
            if (headings.Count == 0) return (null, 0);
            var topLevel = headings.Min(h => h.Level);
            var top = headings.Where(h => h.Level == topLevel).ToList();
            if (top.Count > 1) return (null, topLevel);
            var below = headings.Where(h => h.Level > topLevel).Select(h => h.Level).DefaultIfEmpty(0).Min();
            return (top[0], below);
        }

        private List<PhaseDraft> ReadPhases(List<Block> blocks, HeadingBlock? titleHeading, int phaseLevel, string title, out string introduction)
        {
            var phases = new List<PhaseDraft>();
            var intro = new List<string>();
            PhaseDraft? current = null;
            if (phaseLevel == 0)
            {
                // A document without phase headings is one phase named after the playbook.
                current = new PhaseDraft(title, titleHeading?.Line ?? 0);
                phases.Add(current);
                if (blocks.OfType<ListBlock>().Any()) Warning(titleHeading?.Line ?? 0, "diagnostic:no-phase-headings");
            }
            var foreign = _metadata.IsForeign && phaseLevel > 0;
            foreach (var block in blocks)
            {
                if (block == titleHeading) continue;
                if (foreign && block is HeadingBlock foreignHeading && foreignHeading.Level >= phaseLevel)
                {
                    current = ReadForeignHeading(foreignHeading, phaseLevel, phases, current, intro);
                }
                else if (_metadata.IsForeign && ReadForeignBlock(block, current, intro))
                {
                    // guidance, a box, a bold-paragraph step, a checklist table or a list read with the import rules
                }
                else if (block is HeadingBlock heading && heading.Level == phaseLevel)
                {
                    var phaseTitle = PlainText(heading.Inline);
                    if (phaseTitle.Length == 0) Error(heading.Line, "diagnostic:phase-without-title");
                    current = new PhaseDraft(phaseTitle.Length > 0 ? phaseTitle : $"Phase {phases.Count + 1}", heading.Line);
                    phases.Add(current);
                }
                else if (block is ListBlock list && current is not null)
                {
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var step = ReadStep(item, current, parent: null);
                        if (step is not null) current.Steps.Add(step);
                    }
                }
                else
                {
                    if (block is ListBlock listBeforePhases && _metadata.IsForeign)
                    {
                        Warning(listBeforePhases.Line, "diagnostic:list-before-phases");
                    }
                    (current?.Description ?? intro).Add(source.BlockText(block));
                }
            }
            if (_metadata.IsForeign) phases = EndForeignDocument(phases);
            foreach (var phase in phases.Where(p => p.Steps.Count == 0 && p.Line >= 0 && phaseLevel > 0))
            {
                Warning(phase.Line, "diagnostic:phase-without-steps", phase.Title);
            }
            introduction = string.Join("\n\n", intro).Trim();
            return phases;
        }

        private StepDraft? ReadStep(ListItemBlock item, PhaseDraft phase, StepDraft? parent)
        {
            if (item.FirstOrDefault() is not ParagraphBlock first || first.Inline is null)
            {
                Warning(item.Line, "diagnostic:item-without-text");
                return null;
            }
            var step = StartStep(first, item.Line, phase, parent, out var guidance);
            for (var index = 1; index < item.Count; index++)
            {
                var block = item[index];
                if (block is ListBlock subList && parent is null)
                {
                    foreach (var subItem in subList.OfType<ListItemBlock>())
                    {
                        var subStep = ReadStep(subItem, phase, step);
                        if (subStep is not null) step.SubSteps.Add(subStep);
                    }
                }
                else
                {
                    guidance.Add(source.BlockText(block));
                }
            }
            step.Guidance = guidance.Count == 0 ? "" : string.Join("\n\n", guidance.Where(g => g.Length > 0)).Trim();
            if (!_metadata.IsForeign && parent is null && step.Roles.Count == 0 && step.Text.Length > 0)
            {
                Warning(item.Line, source.ColumnOf(first.Span.Start), "diagnostic:step-without-owner", Shorten(step.Text));
            }
            _allSteps.Add(step);
            return step;
        }

        /// <summary>A step from the first line of a paragraph: its text and trailing tokens; the paragraph's other lines begin its guidance.</summary>
        private StepDraft StartStep(ParagraphBlock first, int line, PhaseDraft phase, StepDraft? parent, out List<string> guidance)
        {
            var firstLine = _firstLine.Read(first.Inline!);
            var step = new StepDraft(phase, parent, line);
            var tokens = SplitTrailingTokens(firstLine, out var text);
            step.Text = text;
            if (first.Inline!.FirstChild is TaskList { Checked: true } tick)
            {
                Warning(line, source.ColumnOf(tick.Span.Start), "diagnostic:step-ticked", Shorten(text));
            }
            RefuseBareRequired(firstLine);
            if (text.Length == 0) Error(line, source.ColumnOf(first.Span.Start), "diagnostic:step-without-text");
            foreach (var token in tokens) ApplyToken(step, token);

            guidance = [];
            if (firstLine.RestStart is { } restStart)
            {
                guidance.Add(SourceText.Dedent(source.Text.AsSpan()[restStart..Math.Min(source.Text.Length, first.Span.End + 1)]));
            }
            return step;
        }

        private static List<Word> SplitTrailingTokens(FirstLine line, out string text)
        {
            var textWords = line.WordCount;
            while (textWords > 0 && IsToken(line.WordAt(textWords - 1))) textWords--;
            text = line.Join(textWords);
            var tokens = new List<Word>(line.WordCount - textWords);
            for (var index = textWords; index < line.WordCount; index++) tokens.Add(line.WordWithOffset(index));
            return tokens;
        }

        private void ApplyToken(StepDraft step, Word token)
        {
            var line = source.LineOf(token.Offset);
            var column = source.ColumnOf(token.Offset);
            var value = token.Value;
            if (value.StartsWith('@'))
            {
                var key = value[1..];
                if (!FrontMatterReader.IsRoleKey(key))
                {
                    Error(line, column, "diagnostic:not-a-role", value);
                }
                else if (!IsDeclaredRole(key))
                {
                    if (_metadata.IsForeign)
                    {
                        _roles.Add(new PlaybookRole(key, key));
                        Warning(line, column, "diagnostic:role-added", key);
                        step.Roles.Add(key);
                    }
                    else
                    {
                        Error(line, column, "diagnostic:role-undeclared", key, string.Join(", ", _roles.Select(r => r.Key)));
                    }
                }
                else if (!step.Roles.Contains(key))
                {
                    step.Roles.Add(key);
                }
                return;
            }
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var name = value[..colon];
            var argument = value[(colon + 1)..];
            if (step.SeenTokens.Contains(name))
            {
                Error(line, column, "diagnostic:token-twice", name);
                return;
            }
            step.SeenTokens.Add(name);
            switch (name)
            {
                case "due":
                    if (Deadline.TryParse(argument, out _))
                    {
                        step.Due = argument;
                    }
                    else
                    {
                        Error(line, column, "diagnostic:not-a-deadline", value);
                    }
                    break;
                case "sev":
                    ApplySeverities(step, argument, line, column);
                    break;
                case "tpl":
                    if (!Slug.IsValid(argument))
                    {
                        Error(line, column, "diagnostic:not-a-template-id", value);
                    }
                    else
                    {
                        if (knownTemplates is not null && !knownTemplates.Contains(argument))
                        {
                            Error(line, column, "diagnostic:template-missing", argument);
                        }
                        step.Template = argument;
                    }
                    break;
                case "source":
                    if (_metadata.Sources.Any(declared => declared.Key == argument))
                    {
                        step.Source = argument;
                    }
                    else
                    {
                        Error(line, column, "diagnostic:source-undeclared", argument, string.Join(", ", _metadata.Sources.Select(declared => declared.Key)));
                    }
                    break;
                case "regulator":
                    if (Organisation.RegulatorPurposes.All.Contains(argument))
                    {
                        step.Regulator = argument;
                    }
                    else
                    {
                        Error(line, column, "diagnostic:not-a-regulator", argument, string.Join(", ", Organisation.RegulatorPurposes.All));
                    }
                    break;
                case "required":
                    if (value == RequiredByLawToken)
                    {
                        step.RequiredByLaw = true;
                    }
                    else
                    {
                        Error(line, column, "diagnostic:not-a-requirement", value, RequiredByLawToken);
                    }
                    break;
                case "id":
                    if (!Slug.IsValid(argument))
                    {
                        Error(line, column, "diagnostic:not-a-step-id", value);
                    }
                    else
                    {
                        step.ExplicitId = argument;
                        step.IdOffset = token.Offset;
                    }
                    break;
            }
        }

        /// <summary>
        /// A bare <c>required</c> after the tokens would end the token run, silently turning every token before it into step
        /// text; it is refused instead. As the last word of a sentence ("… if required") it is text, as any word is.
        /// </summary>
        private void RefuseBareRequired(FirstLine line)
        {
            var last = line.WordCount - 1;
            if (last < 1 || !line.WordAt(last).SequenceEqual("required") || !IsToken(line.WordAt(last - 1))) return;
            var offset = line.WordWithOffset(last).Offset;
            Error(source.LineOf(offset), source.ColumnOf(offset), "diagnostic:bare-required", RequiredByLawToken);
        }

        private bool IsDeclaredRole(string key)
        {
            foreach (var role in _roles)
            {
                if (role.Key == key) return true;
            }
            return false;
        }

        private void ApplySeverities(StepDraft step, string argument, int line, int column)
        {
            foreach (var part in argument.Split(','))
            {
                var number = part.StartsWith("SEV", StringComparison.OrdinalIgnoreCase) ? part[3..] : part;
                if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var severity))
                {
                    Error(line, column, "diagnostic:not-severities", argument);
                    return;
                }
                if (!_metadata.Severities.Contains(severity))
                {
                    Error(line, column, "diagnostic:severity-unknown", severity, string.Join(", ", _metadata.Severities.Select(s => $"SEV{s}")));
                    return;
                }
                if (!step.Severities.Contains(severity)) step.Severities.Add(severity);
            }
            step.Severities.Sort();
        }

        private void AssignStepIds(List<PhaseDraft> phases)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in _allSteps.Where(s => s.ExplicitId is not null).OrderBy(s => s.IdOffset))
            {
                if (!taken.Add(step.ExplicitId!))
                {
                    Error(source.LineOf(step.IdOffset), source.ColumnOf(step.IdOffset), "diagnostic:step-id-taken", step.ExplicitId!);
                }
                step.Id = step.ExplicitId;
            }
            var phaseIds = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < phases.Count; index++)
            {
                var phase = phases[index];
                phase.Id = Unique(NonEmpty(Slug.From(phase.Title, 32), $"phase-{index + 1}"), phaseIds);
                for (var position = 0; position < phase.Steps.Count; position++)
                {
                    var step = phase.Steps[position];
                    step.Id ??= Unique(NonEmpty(StepIdBase(phase.Id, step.Text, isSubStep: false), $"{phase.Id}-{position + 1}"), taken);
                    for (var subPosition = 0; subPosition < step.SubSteps.Count; subPosition++)
                    {
                        var subStep = step.SubSteps[subPosition];
                        subStep.Id ??= Unique(NonEmpty(StepIdBase(step.Id, subStep.Text, isSubStep: true), $"{step.Id}-{subPosition + 1}"), taken);
                    }
                }
            }

            static string NonEmpty(string slug, string fallback) => slug.Length > 0 ? slug : fallback;
        }

        /// <summary>The candidate, else the first free candidate-2, candidate-3 … Each set remembers where a candidate's search
        /// stopped (every suffix below it is taken, and ids are never given back), so a document of 40,000 identical steps
        /// costs one look-up per step instead of a scan.</summary>
        private string Unique(string candidate, HashSet<string> taken)
        {
            if (taken.Add(candidate)) return candidate;
            if (!_nextSuffix.TryGetValue(taken, out var next)) _nextSuffix[taken] = next = new Dictionary<string, int>(StringComparer.Ordinal);
            var n = next.GetValueOrDefault(candidate, 2);
            while (!taken.Add($"{candidate}-{n}")) n++;
            next[candidate] = n + 1;
            return $"{candidate}-{n}";
        }

        private static string Humanize(string id) => char.ToUpperInvariant(id[0]) + id[1..].Replace('-', ' ');


        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

        // Every message is a shared text (Localization/SharedTexts.resx, "diagnostic:" keys), so pages show it in the reader's language.
        private void Error(int zeroBasedLine, string key, params object[] arguments) => Report(zeroBasedLine + 1, 1, DiagnosticSeverity.Error, key, arguments);
        private void Error(int zeroBasedLine, int column, string key, params object[] arguments) => Report(zeroBasedLine + 1, column, DiagnosticSeverity.Error, key, arguments);
        private void Warning(int zeroBasedLine, string key, params object[] arguments) => Report(zeroBasedLine + 1, 1, DiagnosticSeverity.Warning, key, arguments);
        private void Warning(int zeroBasedLine, int column, string key, params object[] arguments) => Report(zeroBasedLine + 1, column, DiagnosticSeverity.Warning, key, arguments);

        private void Report(int line, int column, DiagnosticSeverity severity, string key, object[] arguments) =>
            _diagnostics.Add(Diagnostic.Of(source.Path, line, column, severity, key, arguments));
    }

    internal static string PlainText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var builder = new StringBuilder();
        AppendPlain(inline, builder);
        return string.Join(' ', builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AppendPlain(Inline inline, StringBuilder builder)
    {
        switch (inline)
        {
            case LiteralInline literal: builder.Append(literal.Content.ToString()); break;
            case CodeInline code: builder.Append(code.Content); break;
            case AutolinkInline autolink: builder.Append(autolink.Url); break;
            case HtmlEntityInline entity: builder.Append(entity.Transcoded.ToString()); break;
            case LineBreakInline: builder.Append(' '); break;
            case ContainerInline container:
                foreach (var child in container) AppendPlain(child, builder);
                break;
        }
    }

    private sealed class PhaseDraft(string title, int line)
    {
        public string Title { get; } = title;
        public int Line { get; } = line;
        /// <summary>For a phase read from a deeper heading of a foreign document: the phase it belongs under, and its heading as written.</summary>
        public PhaseDraft? Parent { get; init; }
        public string Heading { get; init; } = "";
        public string Id { get; set; } = "";
        public List<string> Description { get; } = [];
        public List<StepDraft> Steps { get; } = [];

        public Phase Build() => new(Id, Title, string.Join("\n\n", Description).Trim(), Steps.Select(s => s.Build()).ToList(), Line + 1);
    }

    private sealed class StepDraft(PhaseDraft phase, StepDraft? parent, int line)
    {
        public int ZeroBasedLine { get; } = line;
        public PhaseDraft Phase { get; } = phase;
        public StepDraft? Parent { get; } = parent;
        public string Text { get; set; } = "";
        public string Guidance { get; set; } = "";
        public string? Id { get; set; }
        public string? ExplicitId { get; set; }
        public int IdOffset { get; set; }
        public List<string> Roles { get; } = [];
        public string? Due { get; set; }
        public List<int> Severities { get; } = [];
        public string? Template { get; set; }
        public bool RequiredByLaw { get; set; }
        public string? Source { get; set; }
        public string? Regulator { get; set; }
        public List<StepDraft> SubSteps { get; } = [];
        public List<string> SeenTokens { get; } = []; // a handful at most: a list is cheaper than a set for 300,000 steps

        public PlaybookStep Build() => new()
        {
            Id = Id!,
            Text = Text,
            Guidance = Guidance,
            Roles = Roles,
            Due = Due,
            Severities = Severities,
            Template = Template,
            RequiredByLaw = RequiredByLaw,
            Source = Source,
            Regulator = Regulator,
            SubSteps = SubSteps.Select(s => s.Build()).ToList(),
            Line = ZeroBasedLine + 1,
        };
    }

    /// <summary>A whitespace-separated word of a step's first line and the source offset it starts at.</summary>
    private readonly record struct Word(string Value, int Offset);

    private static readonly string[] TokenPrefixes = ["due:", "sev:", "tpl:", "id:", "required:", "source:", "regulator:"];

    /// <summary>Whether a word of a step's first line is a token (an owner or a prefixed value) rather than text.</summary>
    internal static bool IsToken(ReadOnlySpan<char> word)
    {
        if (word.Length > 1 && word[0] == '@') return true;
        foreach (var prefix in TokenPrefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// The plain text of a paragraph's first line, each character with its offset in the source, split into words.
    /// One instance is reused for every step of a document: a large playbook has hundreds of thousands of steps, and a
    /// fresh buffer for each was most of what the parser allocated, and so most of its garbage-collection time.
    /// </summary>
    private sealed class FirstLine
    {
        private char[] _chars = new char[256];
        private int[] _offsets = new int[256];
        private int _length;
        private readonly List<(int Start, int Length)> _words = [];
        private readonly StringBuilder _joined = new();

        public int? RestStart { get; private set; }

        public int WordCount => _words.Count;

        /// <summary>A word's characters; valid until the next <see cref="Read"/>.</summary>
        public ReadOnlySpan<char> WordAt(int index) => _chars.AsSpan(_words[index].Start, _words[index].Length);

        public Word WordWithOffset(int index) => new(WordAt(index).ToString(), _offsets[_words[index].Start]);

        /// <summary>The first <paramref name="count"/> words joined by single spaces.</summary>
        public string Join(int count)
        {
            _joined.Clear();
            for (var index = 0; index < count; index++)
            {
                if (index > 0) _joined.Append(' ');
                _joined.Append(WordAt(index));
            }
            return _joined.ToString();
        }

        public FirstLine Read(ContainerInline paragraph)
        {
            _length = 0;
            _words.Clear();
            RestStart = null;
            Append(paragraph);
            for (var i = 0; i < _length;)
            {
                if (char.IsWhiteSpace(_chars[i]))
                {
                    i++;
                    continue;
                }
                var start = i;
                while (i < _length && !char.IsWhiteSpace(_chars[i])) i++;
                _words.Add((start, i - start));
            }
            return this;
        }

        private bool Append(Inline inline)
        {
            switch (inline)
            {
                case LineBreakInline lineBreak:
                    RestStart = lineBreak.Span.End + 1;
                    return false;
                case TaskList:
                case HtmlInline:
                    return true;
                case LiteralInline literal:
                    AddText(literal.Content.AsSpan(), literal.Span);
                    return true;
                case CodeInline code:
                    AddText(code.Content, code.Span, exact: false);
                    return true;
                case AutolinkInline autolink:
                    AddText(autolink.Url, autolink.Span, exact: false);
                    return true;
                case HtmlEntityInline entity:
                    AddText(entity.Transcoded.AsSpan(), entity.Span, exact: false);
                    return true;
                case ContainerInline container:
                    foreach (var child in container)
                    {
                        if (!Append(child)) return false;
                    }
                    return true;
                default:
                    return true;
            }
        }

        private void AddText(ReadOnlySpan<char> text, SourceSpan span, bool exact = true)
        {
            var precise = exact && span.Length == text.Length;
            if (_length + text.Length > _chars.Length)
            {
                var size = Math.Max(_chars.Length * 2, _length + text.Length);
                Array.Resize(ref _chars, size);
                Array.Resize(ref _offsets, size);
            }
            for (var i = 0; i < text.Length; i++)
            {
                _chars[_length] = text[i];
                _offsets[_length++] = precise ? span.Start + i : span.Start;
            }
        }
    }
}
