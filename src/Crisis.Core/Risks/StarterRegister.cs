using System.Globalization;
using Markdig;
using Markdig.Syntax;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Risks;

/// <summary>One risk of the starter register; <see cref="Key"/> is the same in every language, so a risk is loaded once.</summary>
public sealed record StarterRisk(string Key, RiskFields Fields);

/// <summary>A mistake in a starter register file, with its line.</summary>
public sealed record StarterProblem(string Path, int Line, string Message)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}:{Line}: {Message}";
}

/// <summary>
/// The starter risk register shipped beside the playbooks (<c>playbooks/risks/starter-register.md</c>, and
/// <c>starter-register.zh-CN.md</c> in Chinese): one <c>##</c> heading a risk, its title followed by trailing tokens as a
/// playbook step's are (<c>id:</c>, <c>category:</c>, <c>likelihood:</c>, <c>impact:</c>, <c>playbooks:</c>,
/// <c>scenarios:</c>), its paragraphs the description and its list the controls. See docs/risks.md.
/// </summary>
public sealed class StarterRegister(string folder)
{
    public const string FileName = "starter-register";

    /// <summary>A risk loaded from the starter register is due for review this many months after it was loaded.</summary>
    public const int ReviewAfterMonths = 3;

    private static readonly string[] TokenKeys = ["id", "category", "likelihood", "impact", "playbooks", "scenarios"];

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The file in <paramref name="language"/>, else the English one.</summary>
    public string PathFor(string language)
    {
        var translated = Path.Combine(Folder, $"{FileName}.{language}.md");
        return language != "en" && File.Exists(translated) ? translated : Path.Combine(Folder, FileName + ".md");
    }

    /// <summary>The risks in <paramref name="language"/>; a file with mistakes is refused with the first one.</summary>
    public IReadOnlyList<StarterRisk> Read(string language)
    {
        var path = PathFor(language);
        if (!File.Exists(path)) throw new NotFoundException($"there is no starter risk register at {path}");
        var (risks, problems) = Parse(File.ReadAllText(path), path);
        return problems.Count == 0 ? risks : throw new RuleViolationException($"the starter risk register cannot be loaded: {problems[0]}");
    }

    public static (IReadOnlyList<StarterRisk> Risks, IReadOnlyList<StarterProblem> Problems) Parse(string markdown, string path)
    {
        var risks = new List<StarterRisk>();
        var problems = new List<StarterProblem>();
        RiskDraft? draft = null;
        void Finish()
        {
            if (draft?.ToRisk(path, problems) is { } risk) risks.Add(risk);
        }
        foreach (var block in Markdown.Parse(markdown))
        {
            var source = markdown.Substring(block.Span.Start, block.Span.Length).Trim();
            switch (block)
            {
                case HeadingBlock { Level: 2 }:
                    Finish();
                    draft = RiskDraft.FromHeading(source.TrimStart('#').Trim(), block.Line + 1);
                    break;
                case HeadingBlock:
                    Finish();
                    draft = null;
                    break;
                case ParagraphBlock when draft is not null:
                    draft.Description.Add(source);
                    break;
                case ListBlock when draft is not null:
                    draft.Controls.Add(source);
                    break;
            }
        }
        Finish();
        foreach (var duplicate in risks.GroupBy(risk => risk.Key).Where(group => group.Count() > 1))
            problems.Add(new StarterProblem(path, 1, $"the id '{duplicate.Key}' is used by {duplicate.Count()} risks"));
        return (risks, problems);
    }

    private sealed class RiskDraft(string title, Dictionary<string, string> tokens, int line)
    {
        public List<string> Description { get; } = [];
        public List<string> Controls { get; } = [];

        /// <summary>The heading's words up to its trailing <c>key:value</c> tokens are the title.</summary>
        public static RiskDraft FromHeading(string heading, int line)
        {
            var words = heading.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            var tokens = new Dictionary<string, string>();
            while (words.Count > 0 && words[^1].Split(':', 2) is [var key, { Length: > 0 } value] && TokenKeys.Contains(key) && !tokens.ContainsKey(key))
            {
                tokens[key] = value;
                words.RemoveAt(words.Count - 1);
            }
            return new RiskDraft(string.Join(' ', words), tokens, line);
        }

        public StarterRisk? ToRisk(string path, List<StarterProblem> problems)
        {
            var before = problems.Count;
            void Problem(string message) => problems.Add(new StarterProblem(path, line, message));
            if (title.Length == 0) Problem("the risk has no title before its tokens");
            if (!tokens.TryGetValue("id", out var key) || !Slug.IsValid(key)) Problem("the risk needs an id:, a lowercase slug such as id:product-recall");
            if (!tokens.TryGetValue("category", out var category) || !PlaybookCategories.All.Contains(category))
                Problem($"category: must be one of {string.Join(", ", PlaybookCategories.All)}");
            int Level(string name)
            {
                if (tokens.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                    && level is >= RiskScale.Lowest and <= RiskScale.Highest) return level;
                Problem($"{name}: must be a number from {RiskScale.Lowest} to {RiskScale.Highest}");
                return 0;
            }
            var likelihood = Level("likelihood");
            var impact = Level("impact");
            if (Description.Count == 0) Problem("the risk has no description: a paragraph under its heading");
            if (problems.Count > before) return null;
            return new StarterRisk(key!, new RiskFields
            {
                Title = title, Category = category, Likelihood = likelihood, Impact = impact, Description = string.Join("\n\n", Description),
                Controls = string.Join("\n\n", Controls), Playbooks = List("playbooks"), Scenarios = List("scenarios"),
            });
        }

        private IReadOnlyList<string> List(string name) =>
            tokens.TryGetValue(name, out var text) ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }
}
