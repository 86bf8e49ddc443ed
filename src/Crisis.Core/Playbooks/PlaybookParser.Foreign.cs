using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crisis.Core.Playbooks;

/// <summary>
/// How documents written for other tools (wikis, quality-system SOPs, security runbooks) are read: reference sections
/// are guidance, bold paragraphs and checklist tables are steps, deeper headings are phases of their own, boxes and
/// unclosed fences never swallow what follows. Playbooks with Crisis front matter keep the strict format, except that
/// an unclosed fence ends at the next heading in every document.
/// </summary>
public static partial class PlaybookParser
{
    /// <summary>At most this many unclosed fences are cut at a heading; a document with more is read as it stands.</summary>
    private const int MaxUnclosedFences = 20;

    private static readonly string[] ActionColumns =
        ["action", "actions", "task", "tasks", "to do", "todo", "to-do", "activity", "activities", "操作", "行动", "任务", "措施", "事项", "动作", "步骤", "step", "steps"];

    [GeneratedRegex(@"<(?<close>/)?(?:div|details|aside|section|figure|nav)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BoxTag();

    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t]|$)", RegexOptions.Multiline)]
    private static partial Regex HeadingLine();

    /// <summary>"Step 1:", "1.2", "3.", "步骤一：", "第2步": numbering before a bold step's words.</summary>
    [GeneratedRegex(@"^(?:(?:step|phase|stage)\s*\d+(?:\.\d+)*[a-z]?\s*[:：.)、\-–—]?|\d+(?:\.\d+)+\.?(?=\s)|\d+\s*[.:：)、\-–—]|步骤\s*[\d一二三四五六七八九十]+\s*[:：.、]?|第\s*[\d一二三四五六七八九十]+\s*步\s*[:：.、]?)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex StepLabel();

    /// <summary>"7.", "2.3", "A.", "三、": numbering before a heading's words.</summary>
    [GeneratedRegex(@"^(?:\d+(?:\.\d+)*\.?|[A-Z][.)]|[一二三四五六七八九十]+[、.])\s*")]
    private static partial Regex HeadingNumber();

    [GeneratedRegex(@"<input\b[^>]*type\s*=\s*[""']?checkbox", RegexOptions.IgnoreCase)]
    private static partial Regex CheckboxInput();

    [GeneratedRegex(@"^\p{Lu}\s*[-–—:=]\s")]
    private static partial Regex MnemonicLetter();

    [GeneratedRegex(@"^[\s,;|·•/\-–—]*$")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^https?://\S+$")]
    private static partial Regex BareUrl();

    /// <summary>
    /// The document's top-level blocks. A one-line container (<c>:::image … :::</c>) is read as a line of text, and a
    /// fence that is never closed ends before the next heading, so neither swallows the phases after it.
    /// Both keep every offset: masked characters are replaced one for one, cut parts are blanked but for their newlines.
    /// </summary>
    private sealed partial class PlaybookReader
    {
        private ForeignState _foreign = new();

        private List<Block> ReadBlocks()
        {
            var text = MaskOneLineContainers(source.Text);
            var blocks = new List<Block>();
            var start = 0;
            for (var cuts = 0; ; cuts++)
            {
                var rest = Markdown.Parse(Keep(text, start, text.Length), Pipeline).Where(b => b.Span.Start >= start).ToList();
                var unclosed = cuts < MaxUnclosedFences
                    ? rest.FirstOrDefault(b => b is IFencedBlock { ClosingFencedCharCount: 0 } && !b.Span.IsEmpty)
                    : null;
                if (unclosed is null)
                {
                    blocks.AddRange(rest);
                    return blocks;
                }
                var kind = new DiagnosticWords(unclosed is FencedCodeBlock ? "diagnostic:kind-code-block" : "diagnostic:kind-container", []);
                var heading = HeadingLine().Match(text, Math.Min(text.Length, unclosed.Span.Start + 1));
                if (!heading.Success)
                {
                    Warning(unclosed.Line, source.ColumnOf(unclosed.Span.Start), "diagnostic:unclosed-to-end", kind);
                    blocks.AddRange(rest);
                    return blocks;
                }
                Warning(unclosed.Line, source.ColumnOf(unclosed.Span.Start),
                    "diagnostic:unclosed-to-heading", kind, source.LineOf(heading.Index) + 1);
                blocks.AddRange(Markdown.Parse(Keep(text, start, heading.Index), Pipeline).Where(b => b.Span.Start >= start));
                start = heading.Index;
            }
        }

        /// <summary><c>:::image type="content" source="a.png":::</c> opens and closes on one line (DocFX); Markdig would leave it open.</summary>
        private static string MaskOneLineContainers(string text)
        {
            if (!text.Contains(":::", StringComparison.Ordinal)) return text;
            var chars = text.ToCharArray();
            var lineStart = 0;
            while (lineStart < text.Length)
            {
                var lineEnd = text.IndexOf('\n', lineStart);
                if (lineEnd < 0) lineEnd = text.Length;
                var line = text.AsSpan(lineStart, lineEnd - lineStart);
                var indent = line.Length - line.TrimStart(' ').Length;
                var trimmed = line.Trim();
                if (indent <= 3 && trimmed.Length > 6 && trimmed.StartsWith(":::") && trimmed.EndsWith(":::") && trimmed.Trim(':').Trim().Length > 0)
                {
                    chars[lineStart + indent] = ' ';
                }
                lineStart = lineEnd + 1;
            }
            return new string(chars);
        }

        /// <summary>The text with everything outside [from, to) blanked, newlines kept, so offsets still match the source.</summary>
        private static string Keep(string text, int from, int to)
        {
            if (from == 0 && to == text.Length) return text;
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if ((i < from || i >= to) && chars[i] != '\n') chars[i] = ' ';
            }
            return new string(chars);
        }

        /// <summary>
        /// A heading at or below the phase level of a foreign document: a reference section (guidance), a phase, or a
        /// sub-phase named after the headings above it. Returns the phase that now takes steps.
        /// </summary>
        private PhaseDraft? ReadForeignHeading(HeadingBlock heading, int phaseLevel, List<PhaseDraft> phases, PhaseDraft? current, List<string> intro)
        {
            _foreign.Box = null;
            _foreign.BoldStep = null;
            if (_foreign.GuidanceLevel is { } guidanceLevel && heading.Level > guidanceLevel)
            {
                _foreign.Guidance!.Add(source.BlockText(heading));
                return current;
            }
            _foreign.GuidanceLevel = null;
            var title = PlainText(heading.Inline);
            foreach (var deeper in _foreign.Titles.Keys.Where(level => level >= heading.Level).ToList()) _foreign.Titles.Remove(deeper);
            _foreign.Titles[heading.Level] = title;

            if (IsGuidanceHeading(title))
            {
                _foreign.GuidanceLevel = heading.Level;
                _foreign.Guidance = heading.Level == phaseLevel || current is null ? intro : current.Description;
                _foreign.Guidance.Add(source.BlockText(heading));
                Warning(heading.Line, "diagnostic:reference-material", title);
                if (heading.Level == phaseLevel) _foreign.Root = null;
                return heading.Level == phaseLevel ? null : current;
            }
            if (heading.Level == phaseLevel)
            {
                if (title.Length == 0) Error(heading.Line, "diagnostic:phase-without-title");
                var phase = new PhaseDraft(title.Length > 0 ? title : $"Phase {phases.Count + 1}", heading.Line);
                phases.Add(phase);
                _foreign.Root = phase;
                return phase;
            }
            if (_foreign.Root is null)
            {
                (current?.Description ?? intro).Add(source.BlockText(heading));
                return current;
            }
            var chain = _foreign.Titles.Where(pair => pair.Key >= phaseLevel && pair.Value.Length > 0).OrderBy(pair => pair.Key).Select(pair => pair.Value);
            var subPhase = new PhaseDraft(string.Join(" / ", chain), heading.Line) { Parent = _foreign.Root, Heading = source.BlockText(heading) };
            phases.Add(subPhase);
            return subPhase;
        }

        /// <summary>"References", "7. See also", "Appendix A: Contacts", "附录一", "范围与定义" — but not "Scoped rollout" or "定义事件等级".</summary>
        private bool IsGuidanceHeading(string title)
        {
            var trimmed = title.Trim();
            var name = HeadingNumber().Replace(trimmed, "", 1);
            return options.GuidanceHeadings.Any(heading => heading.Length > 0 && (StartsWithWord(name, heading) || StartsWithWord(trimmed, heading)));

            static bool StartsWithWord(string text, string heading)
            {
                if (!text.StartsWith(heading, StringComparison.OrdinalIgnoreCase)) return false;
                if (text.Length == heading.Length) return true;
                var next = text[heading.Length];
                return !char.IsLetterOrDigit(next) || "一二三四五六七八九十及和与".Contains(next) || (heading[^1] >= '\u2e80' && next < '\u2e80');
            }
        }

        /// <summary>A block of a foreign document read by the import rules; false when the strict rules apply to it.</summary>
        private bool ReadForeignBlock(Block block, PhaseDraft? current, List<string> intro)
        {
            if (block is HeadingBlock) return false;
            if (_foreign.GuidanceLevel is not null)
            {
                _foreign.Guidance!.Add(source.BlockText(block));
                return true;
            }
            var description = current?.Description ?? intro;
            if (_foreign.Box is not null || block is HtmlBlock)
            {
                AddGuidance(source.BlockText(block), description);
                if (_foreign.Box is { } box && block.Span.End >= box.End) _foreign.Box = null;
                else if (_foreign.Box is null && block is HtmlBlock html) OpenBox(html);
                return true;
            }
            if (current is null) return false;
            if (block is ThematicBreakBlock)
            {
                _foreign.BoldStep = null;
                return false;
            }
            if (block is ParagraphBlock paragraph && BoldStepText(paragraph) is not null)
            {
                var step = StartStep(paragraph, paragraph.Line, current, null, out var guidance);
                var withoutLabel = StepLabel().Replace(step.Text, "", 1);
                if (withoutLabel.Length > 0) step.Text = withoutLabel;
                step.Guidance = string.Join("\n\n", guidance.Where(g => g.Length > 0)).Trim();
                current.Steps.Add(step);
                _allSteps.Add(step);
                _foreign.BoldStep = step;
                return true;
            }
            if (block is Table table && IsChecklist(table, out var column))
            {
                _foreign.BoldStep = null;
                ReadTableSteps(table, column, current);
                return true;
            }
            if (block is ListBlock list)
            {
                ReadForeignList(list, current, description);
                return true;
            }
            if (_foreign.BoldStep is { } bold)
            {
                bold.Guidance = string.Join("\n\n", new[] { bold.Guidance, source.BlockText(block) }.Where(g => g.Length > 0));
                return true;
            }
            return false;
        }

        /// <summary>Guidance goes to the bold-paragraph step being read, else to the phase's description.</summary>
        private void AddGuidance(string text, List<string> description)
        {
            if (_foreign.BoldStep is { } bold) bold.Guidance = string.Join("\n\n", new[] { bold.Guidance, text }.Where(g => g.Length > 0));
            else description.Add(text);
        }

        /// <summary>
        /// A list under a phase: its items are steps (sub-steps under a bold-paragraph step), except a mnemonic's letters
        /// and items that are nothing but links, which are guidance.
        /// </summary>
        private void ReadForeignList(ListBlock list, PhaseDraft current, List<string> description)
        {
            var items = list.OfType<ListItemBlock>().ToList();
            var mnemonic = MnemonicItems(items);
            if (mnemonic.Count > 0)
            {
                Warning(mnemonic[0].Line, "diagnostic:mnemonic");
                AddGuidance(string.Join('\n', mnemonic.Select(source.BlockText)), description);
            }
            var parent = _foreign.BoldStep;
            var links = new List<string>();
            foreach (var item in items.Except(mnemonic))
            {
                if (IsLinkOnly(item))
                {
                    links.Add(source.BlockText(item));
                    continue;
                }
                var step = ReadStep(item, current, parent);
                if (step is not null) (parent?.SubSteps ?? current.Steps).Add(step);
            }
            if (links.Count == 0) return;
            if (links.Count == 1) Warning(list.Line, "diagnostic:link-only-item");
            else Warning(list.Line, "diagnostic:link-only-items", links.Count);
            AddGuidance(string.Join('\n', links), description);
        }

        /// <summary>Rows of a checklist table are steps: the action column gives the text, the other columns its guidance.</summary>
        private void ReadTableSteps(Table table, int? actionColumn, PhaseDraft phase)
        {
            var rows = table.OfType<TableRow>().ToList();
            var headers = rows.FirstOrDefault(r => r.IsHeader)?.OfType<TableCell>().Select(CellText).ToList() ?? [];
            foreach (var row in rows.Where(r => !r.IsHeader))
            {
                var cells = row.OfType<TableCell>().ToList();
                var index = actionColumn ?? cells.FindIndex(cell => !IsCheckbox(cell) && CellText(cell).Length > 0);
                var line = source.LineOf(cells.Select(c => c.Span.Start).DefaultIfEmpty(row.Span.Start).First());
                if (index < 0 || index >= cells.Count || CellText(cells[index]).Length == 0
                    || cells[index].OfType<ParagraphBlock>().FirstOrDefault() is not { Inline: not null } paragraph)
                {
                    Warning(line, "diagnostic:table-row-without-action");
                    continue;
                }
                var step = StartStep(paragraph, line, phase, null, out var guidance);
                for (var i = 0; i < cells.Count; i++)
                {
                    var text = CellText(cells[i]);
                    if (i == index || text.Length == 0 || IsCheckbox(cells[i])) continue;
                    guidance.Add(i < headers.Count && headers[i].Length > 0 ? $"{headers[i]}: {text}" : text);
                }
                if (cells.Any(IsTicked)) Warning(line, "diagnostic:table-row-ticked");
                step.Guidance = string.Join("\n", guidance.Where(g => g.Length > 0)).Trim();
                phase.Steps.Add(step);
                _allSteps.Add(step);
            }
        }

        /// <summary>
        /// The column a checklist table's steps are read from, or null when the table is not a checklist. A table is one when
        /// a header names an action, task or step, or when a cell is a checkbox; the column is then the action column if any.
        /// </summary>
        private bool IsChecklist(Table table, out int? actionColumn)
        {
            var rows = table.OfType<TableRow>().ToList();
            var headers = rows.FirstOrDefault(r => r.IsHeader)?.OfType<TableCell>().Select(cell => CellText(cell).Trim(':', '：', ' ').ToLowerInvariant()).ToList() ?? [];
            var named = ActionColumns.Select(name => headers.IndexOf(name)).FirstOrDefault(index => index >= 0, -1);
            actionColumn = named >= 0 ? named : null;
            return named >= 0 || rows.Where(r => !r.IsHeader).Any(row => row.OfType<TableCell>().Any(IsCheckbox));
        }

        private string CellText(TableCell cell) =>
            cell.OfType<ParagraphBlock>().FirstOrDefault() is { } paragraph ? PlainText(paragraph.Inline) : "";

        private string RawCell(TableCell cell) =>
            cell.Span.IsEmpty ? "" : source.Text.Substring(cell.Span.Start, Math.Min(cell.Span.Length, source.Text.Length - cell.Span.Start)).Trim();

        private bool IsCheckbox(TableCell cell) => RawCell(cell) is "☐" or "☑" or "☒" or "✅" or "[ ]" or "[x]" or "[X]" || CheckboxInput().IsMatch(RawCell(cell));

        private bool IsTicked(TableCell cell) =>
            IsCheckbox(cell) && (RawCell(cell) is "☑" or "☒" or "✅" or "[x]" or "[X]" || Regex.IsMatch(RawCell(cell), @"\bchecked\b", RegexOptions.IgnoreCase));

        /// <summary>
        /// An HTML block that opens a box (<c>&lt;div&gt;</c>, <c>&lt;details&gt;</c>) keeps what follows as guidance up to
        /// the tag that closes it. A box not closed before the next heading is only its own block, so it cannot swallow steps.
        /// </summary>
        private void OpenBox(HtmlBlock html)
        {
            var start = html.Span.Start;
            var heading = HeadingLine().Match(source.Text, Math.Min(source.Text.Length, html.Span.End + 1));
            var limit = heading.Success ? heading.Index : source.Text.Length;
            var depth = 0;
            foreach (Match tag in BoxTag().Matches(source.Text[start..limit]))
            {
                depth += tag.Groups["close"].Success ? -1 : 1;
                if (depth == 0)
                {
                    if (start + tag.Index + tag.Length - 1 > html.Span.End) _foreign.Box = new Box(start + tag.Index);
                    return;
                }
            }
            if (depth > 0) Warning(html.Line, source.ColumnOf(start), "diagnostic:html-box-unclosed", source.LineOf(limit) + 1);
        }

        /// <summary>The text of a paragraph whose first line is all bold (<c>**Step 1: Stop further data access**</c>); a bold label ending in ':' is not a step.</summary>
        private static string? BoldStepText(ParagraphBlock paragraph)
        {
            if (paragraph.Inline is null) return null;
            EmphasisInline? bold = null;
            for (var inline = paragraph.Inline.FirstChild; inline is not null and not LineBreakInline; inline = inline.NextSibling)
            {
                if (inline is EmphasisInline { DelimiterCount: >= 2 } emphasis && bold is null) bold = emphasis;
                else if (inline is LiteralInline literal && bold is not null
                         && literal.Content.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => IsToken(word))) continue;
                else if (inline is not LiteralInline blank || !blank.Content.IsEmptyOrWhitespace()) return null;
            }
            var text = bold is null ? "" : PlainText(bold);
            return text.Length == 0 || text.EndsWith(':') || text.EndsWith('：') ? null : text;
        }

        /// <summary>The items of every run of three or more that each stand for one letter (<c>**P**ause</c>, <c>A – Ask</c>).</summary>
        private static List<ListItemBlock> MnemonicItems(List<ListItemBlock> items)
        {
            var found = new List<ListItemBlock>();
            var run = new List<ListItemBlock>();
            foreach (var item in items.Append(null))
            {
                if (item is not null && IsMnemonicLetter(item))
                {
                    run.Add(item);
                    continue;
                }
                if (run.Count >= 3) found.AddRange(run);
                run.Clear();
            }
            return found;

            static bool IsMnemonicLetter(ListItemBlock item) => item.FirstOrDefault() is ParagraphBlock { Inline: { } inline }
                && (inline.FirstChild is EmphasisInline first && PlainText(first) is { Length: 1 } letter && char.IsLetter(letter[0])
                    || MnemonicLetter().IsMatch(PlainText(inline)));
        }

        private static bool IsLinkOnly(ListItemBlock item)
        {
            if (item.Count != 1 || item[0] is not ParagraphBlock { Inline: { } inline }) return false;
            var links = 0;
            foreach (var child in inline)
            {
                switch (child)
                {
                    case LinkInline { IsImage: false }:
                    case AutolinkInline:
                        links++;
                        break;
                    case LiteralInline literal when BareUrl().IsMatch(literal.Content.ToString().Trim()):
                        links++;
                        break;
                    case LiteralInline literal when Separators().IsMatch(literal.Content.ToString()):
                    case LineBreakInline:
                    case Markdig.Extensions.TaskLists.TaskList:
                        break;
                    default:
                        return false;
                }
            }
            return links > 0;
        }

        /// <summary>
        /// Sub-phases without steps fold back into the phase before them, heading and all; a phase whose steps all sit in
        /// its sub-phases gives way to them, its description going to the first. Every other sub-phase is reported.
        /// </summary>
        private List<PhaseDraft> EndForeignDocument(List<PhaseDraft> phases)
        {
            var kept = new List<PhaseDraft>();
            foreach (var phase in phases)
            {
                if (phase.Parent is not null && phase.Steps.Count == 0 && kept.Count > 0)
                {
                    kept[^1].Description.Add(phase.Heading);
                    kept[^1].Description.AddRange(phase.Description);
                }
                else
                {
                    kept.Add(phase);
                }
            }
            for (var i = kept.Count - 2; i >= 0; i--)
            {
                if (kept[i].Parent is null && kept[i].Steps.Count == 0 && kept[i + 1].Parent == kept[i])
                {
                    kept[i + 1].Description.InsertRange(0, kept[i].Description);
                    kept.RemoveAt(i);
                }
            }
            foreach (var phase in kept.Where(p => p.Parent is not null))
            {
                Warning(phase.Line, "diagnostic:deeper-heading", phase.Title);
            }
            return kept;
        }
    }

    /// <summary>An open HTML box and the offset of the tag that closes it.</summary>
    private sealed record Box(int End);

    /// <summary>Where the reader is in a foreign document's structure.</summary>
    private sealed class ForeignState
    {
        public int? GuidanceLevel { get; set; }
        public List<string>? Guidance { get; set; }
        public StepDraft? BoldStep { get; set; }
        public Box? Box { get; set; }
        public PhaseDraft? Root { get; set; }
        public SortedDictionary<int, string> Titles { get; } = new();
    }
}
