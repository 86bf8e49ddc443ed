using System.Text;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>Markdown written for other tools imports as a sensible checklist; each example has its expected outline beside it.</summary>
public class ForeignPlaybookTests
{
    private static readonly string ExampleFolder = Path.Combine(AppContext.BaseDirectory, "Playbooks", "Examples");

    public static TheoryData<string> Examples => [.. Directory.GetFiles(ExampleFolder, "*.md").Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Imports_as_the_expected_outline(string fileName)
    {
        var result = PlaybookParser.ParseFile(Path.Combine(ExampleFolder, fileName));
        var expected = File.ReadAllText(Path.Combine(ExampleFolder, Path.ChangeExtension(fileName, ".expected.txt")));
        Assert.Equal(expected.TrimEnd(), Outline(result.Playbook).TrimEnd());
        Assert.Empty(result.Errors);
        Assert.True(result.Playbook.IsForeign);
    }

    [Fact]
    public void A_foreign_playbook_is_imported_with_warnings_not_errors()
    {
        var result = PlaybookParser.ParseFile(Path.Combine(ExampleFolder, "incident-response-runbook.md"));
        Assert.Contains(result.Warnings, w => w.Line == 1 && w.Message.Contains("no front matter"));
        Assert.Contains(result.Warnings, w => w.Message.Contains("steps have no owner role"));
        Assert.Equal("other", result.Playbook.Category);
        Assert.Equal(1, result.Playbook.Version);
    }

    [Fact]
    public void Roles_named_in_a_foreign_playbook_are_declared_for_it()
    {
        var result = PlaybookParser.Parse("# Runbook\n\n## Act\n\n- Call legal @legal due:+1h\n", "runbook.md");
        Assert.Empty(result.Errors);
        Assert.Equal("legal", Assert.Single(result.Playbook.Roles).Key);
        Assert.Contains(result.Warnings, w => (w.Line, w.Column) == (5, 14) && w.Message.Contains("role 'legal' is not declared"));
    }

    [Fact]
    public void A_list_before_any_phase_in_a_foreign_playbook_is_flagged()
    {
        var result = PlaybookParser.Parse("# Runbook\n\n- stray item\n\n## Act\n\n- Real step\n", "runbook.md");
        Assert.Contains(result.Warnings, w => w.Line == 3 && w.Message.Contains("before the first phase heading"));
        Assert.Equal(["Real step"], result.Playbook.Phases.Single().Steps.Select(s => s.Text));
    }

    private static string Outline(Playbook playbook)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"title: {playbook.Title}").AppendLine($"id: {playbook.Id}");
        foreach (var phase in playbook.Phases)
        {
            builder.AppendLine($"phase: {phase.Title}");
            foreach (var step in phase.Steps)
            {
                builder.AppendLine($"  - {step.Text}");
                foreach (var sub in step.SubSteps) builder.AppendLine($"    - {sub.Text}");
            }
        }
        return builder.ToString();
    }
}
