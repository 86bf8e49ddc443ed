using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Syntax;

namespace Crisis.Core.Playbooks.Import;

/// <summary>
/// Writes an import draft as a native playbook: front matter, <c>##</c> phases, steps with inline tokens, and the
/// source's prose kept as the introduction, phase descriptions and step guidance, written so that none of it turns into
/// phases or steps when the playbook is read again.
/// </summary>
internal static class NativeWriter
{
    public static string Write(ImportDraft draft, ImportChoices choices)
    {
        var playbook = draft.Parsed.Playbook;
        var language = Languages.All.Contains(choices.Language) ? choices.Language : throw Refuse("language", choices.Language);
        var category = PlaybookCategories.All.Contains(choices.Category) ? choices.Category : throw Refuse("category", choices.Category);
        var id = NonEmpty(Slug.From(choices.Id ?? playbook.Id, 64), "imported-playbook");
        var title = NonEmpty((choices.Title ?? playbook.Title).Trim(), id);

        var body = new StringBuilder();
        var usedRoles = new List<string>();
        body.Append("# ").Append(EscapeInline(title)).Append("\n\n");
        AppendProse(body, playbook.Introduction);
        foreach (var phase in draft.Phases)
        {
            var steps = phase.Steps.Where(step => !choices.ExcludedSteps.Contains(step.Id)).ToList();
            if (steps.Count == 0 && phase.Steps.Count > 0) continue; // every step left out: the phase goes too
            var phaseTitle = choices.PhaseTitles.TryGetValue(phase.Id, out var renamed) && renamed.Trim().Length > 0 ? renamed.Trim() : phase.Title;
            body.Append("## ").Append(EscapeInline(phaseTitle)).Append("\n\n");
            AppendProse(body, phase.Description);
            foreach (var step in steps)
            {
                AppendStep(body, step, null, phase.Id, choices, usedRoles);
            }
            body.Append('\n');
        }

        // The source's own roles keep their order (a native playbook declares roles no step names, to hand them out); inferred ones follow.
        var roleKeys = playbook.Roles.Select(role => role.Key).Concat(usedRoles).Distinct().ToList();
        var roles = roleKeys.Select(key => new PlaybookRole(key, RoleName(draft, key, language))).ToList();
        var front = new StringBuilder("---\n");
        front.Append("id: ").Append(id).Append('\n');
        front.Append("title: ").Append(Quoted(title)).Append('\n');
        front.Append("category: ").Append(category).Append('\n');
        front.Append("version: 1\n");
        front.Append("language: ").Append(language).Append('\n');
        if (playbook.Summary is { Length: > 0 } summary) front.Append("summary: ").Append(Quoted(summary)).Append('\n');
        front.Append("severities: [").Append(string.Join(", ", playbook.Severities.Select(s => $"SEV{s}"))).Append("]\n");
        if (roles.Count > 0)
        {
            front.Append("roles:\n");
            foreach (var role in roles) front.Append("  ").Append(role.Key).Append(": ").Append(Quoted(role.Name)).Append('\n');
        }
        if (playbook.Approvers.Count > 0) front.Append("approvers: [").Append(string.Join(", ", playbook.Approvers)).Append("]\n");
        if (playbook.Tags.Count > 0) front.Append("tags: [").Append(string.Join(", ", playbook.Tags.Select(Quoted))).Append("]\n");
        front.Append("---\n\n");
        return front.Append(body.ToString().TrimEnd('\n')).Append('\n').ToString();
    }

    private static RuleViolationException Refuse(string what, string value) => new($"'{value}' is not a playbook {what}");

    private static void AppendStep(StringBuilder body, ImportStep step, ImportStep? parent, string idPrefix, ImportChoices choices, List<string> usedRoles)
    {
        var indent = parent is null ? "" : "  ";
        var tokens = new List<string>();
        IReadOnlyList<string> roles = step.Source.Roles.Count > 0 ? step.Source.Roles : [.. ChosenRole(step, choices)];
        foreach (var role in roles)
        {
            tokens.Add("@" + role);
            if (!usedRoles.Contains(role)) usedRoles.Add(role);
        }
        if (step.Due is { } due && (!step.DueInferred || choices.AcceptInferredDeadlines)) tokens.Add("due:" + due);
        if (step.Source.Severities.Count > 0) tokens.Add("sev:" + string.Join(',', step.Source.Severities.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        if (step.Source.Template is { } template) tokens.Add("tpl:" + template);
        if (step.Source.RequiredByLaw) tokens.Add(PlaybookParser.RequiredByLawToken);
        if (!IsGeneratedId(step, idPrefix, parent is not null)) tokens.Add("id:" + step.Id);

        body.Append(indent).Append("- [ ] ").Append(step.Markdown ?? EscapeInline(step.Text));
        foreach (var token in tokens) body.Append(' ').Append(token);
        body.Append('\n');

        // A top-level step's lists are its sub-steps when read again: the lists of its guidance are quoted instead.
        var guidance = parent is null ? Neutralize(step.Source.Guidance) : step.Source.Guidance;
        if (guidance.Length > 0)
        {
            if (!char.IsLetter(guidance[0])) body.Append('\n'); // a list, quote or fence right under the text would end its paragraph
            body.Append(Indent(guidance, indent + "  ")).Append('\n');
        }
        foreach (var subStep in step.SubSteps.Where(sub => !choices.ExcludedSteps.Contains(sub.Id)))
        {
            AppendStep(body, subStep, step, step.Id, choices, usedRoles);
        }
    }

    /// <summary>The role the importer chose for the step's owner phrase ("" for none), else the inferred one; an invalid key becomes a slug.</summary>
    private static IEnumerable<string> ChosenRole(ImportStep step, ImportChoices choices)
    {
        var role = step.Role;
        if (step.OwnerPhrase is { } phrase)
        {
            var chosen = choices.OwnerRoles.FirstOrDefault(entry => string.Equals(entry.Key, phrase, StringComparison.OrdinalIgnoreCase));
            if (chosen.Key is not null) role = chosen.Value.Trim();
        }
        if (string.IsNullOrEmpty(role)) yield break;
        yield return FrontMatterReader.IsRoleKey(role) ? role : Slug.From(role, 32);
    }

    /// <summary>The parser names a step after its phase (or parent step) and text: such ids are left for it to name again; chosen ids stay.</summary>
    private static bool IsGeneratedId(ImportStep step, string prefix, bool isSubStep)
    {
        return IsNumberedAfter(PlaybookParser.StepIdBase(prefix, step.Text, isSubStep), step.Id, orSame: true) || IsNumberedAfter(prefix, step.Id, orSame: false);

        static bool IsNumberedAfter(string name, string id, bool orSame) => name.Length > 0 && ((orSame && id == name)
            || (id.StartsWith(name + "-", StringComparison.Ordinal) && id.Length > name.Length + 1 && id[(name.Length + 1)..].All(char.IsAsciiDigit)));
    }

    private static string RoleName(ImportDraft draft, string key, string language)
    {
        var declared = draft.Parsed.Playbook.Roles.FirstOrDefault(role => role.Key == key);
        return declared is not null && declared.Name != key && draft.Parsed.Playbook.Language == language
            ? declared.Name
            : draft.Synonyms.NameOf(key, language);
    }

    private static void AppendProse(StringBuilder body, string prose)
    {
        var text = Neutralize(prose);
        if (text.Length > 0) body.Append(text).Append("\n\n");
    }

    /// <summary>
    /// Prose that must stay prose in a native playbook: lists are quoted (they would be steps) and headings of level
    /// one or two become level three (they would be phases).
    /// </summary>
    internal static string Neutralize(string markdown)
    {
        if (markdown.Trim().Length == 0) return "";
        var text = SourceText.Normalize(markdown);
        var source = new SourceText(text, "");
        var lines = text.Split('\n').ToList();
        var document = Markdown.Parse(text, PlaybookParser.Pipeline);
        foreach (var block in document.Reverse())
        {
            if (block.Span.IsEmpty) continue;
            var first = source.LineOf(block.Span.Start);
            var last = source.LineOf(Math.Min(block.Span.End, text.Length - 1));
            if (block is ListBlock)
            {
                if (last + 1 < lines.Count && lines[last + 1].Trim().Length > 0) lines.Insert(last + 1, "");
                for (var line = first; line <= last; line++) lines[line] = lines[line].Length == 0 ? ">" : "> " + lines[line];
            }
            else if (block is HeadingBlock { Level: <= 2 } heading)
            {
                lines.RemoveRange(first, last - first + 1);
                lines.Insert(first, "### " + EscapeInline(PlaybookParser.PlainText(heading.Inline)));
            }
        }
        return string.Join('\n', lines).Trim('\n');
    }

    private static string Indent(string text, string indent) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? "" : indent + line));

    /// <summary>Plain text written so that Markdown reads it back as the same plain text.</summary>
    internal static string EscapeInline(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            if (ch is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '&' or '|') builder.Append('\\');
            builder.Append(ch);
        }
        var escaped = builder.ToString();
        // What would open a block at the start of a line: a list marker, heading, quote, container or thematic break.
        if (escaped.Length > 0 && escaped[0] is '#' or '>' or '-' or '+' or '=' or ':' or '~') return "\\" + escaped;
        var digits = escaped.TakeWhile(char.IsAsciiDigit).Count();
        if (digits > 0 && digits < escaped.Length && escaped[digits] is '.' or ')') return escaped[..digits] + "\\" + escaped[digits..];
        return escaped.TrimEnd().EndsWith('#') ? escaped[..escaped.LastIndexOf('#')] + "\\#" + escaped[(escaped.LastIndexOf('#') + 1)..] : escaped;
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "\"";

    private static string NonEmpty(string value, string fallback) => value.Length > 0 ? value : fallback;
}
