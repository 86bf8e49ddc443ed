using System.Text;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>
/// Each structure that documents written for other tools use has a small document of its own in Import/, with the
/// phases, steps and diagnostics it must give beside it (name.expected.txt). A name.headings.txt replaces the
/// configured guidance headings for its document.
/// </summary>
public class ImportStructureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Playbooks", "Import");

    public static TheoryData<string> Documents => [.. Directory.GetFiles(Folder, "*.md").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void There_is_a_document_for_every_structure()
    {
        Assert.True(Documents.Count >= 15, $"only {Documents.Count} documents");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Imports_as_expected(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        var headings = Path.ChangeExtension(path, ".headings.txt");
        var options = File.Exists(headings)
            ? PlaybookParserOptions.Default with { GuidanceHeadings = File.ReadAllLines(headings).Where(l => l.Length > 0).ToList() }
            : null;
        var result = PlaybookParser.ParseFile(path, options: options);
        var expected = File.ReadAllText(Path.ChangeExtension(path, ".expected.txt")).ReplaceLineEndings("\n");
        var actual = Outline(result);
        if (expected.TrimEnd() != actual.TrimEnd())
        {
            // The reading it gave, to review and copy after an intended change.
            var written = Path.Combine(Path.GetTempPath(), "crisis-import-structure", Path.GetFileName(Path.ChangeExtension(path, ".expected.txt")));
            Directory.CreateDirectory(Path.GetDirectoryName(written)!);
            File.WriteAllText(written, actual);
        }
        Assert.Equal(expected.TrimEnd(), actual.TrimEnd());
    }

    [Fact]
    public void Sibling_documents_with_dotted_names_keep_apart_and_a_language_twin_keeps_its_id()
    {
        var ids = Directory.GetFiles(Folder, "*.md").Select(name => PlaybookParser.ParseFile(name).Playbook.Id).ToList();
        Assert.Contains("3-11-product-recall", ids);
        Assert.Contains("3-12-product-withdrawal", ids);
        Assert.Contains("incident-response-v1-2", ids);
        Assert.Contains("dryer-fault", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    internal static string Outline(PlaybookParseResult result)
    {
        var playbook = result.Playbook;
        var builder = new StringBuilder();
        builder.AppendLine($"id: {playbook.Id}").AppendLine($"title: {playbook.Title}").AppendLine($"foreign: {playbook.IsForeign}");
        foreach (var diagnostic in result.Diagnostics)
        {
            builder.AppendLine($"{diagnostic.Line}:{diagnostic.Column} {(diagnostic.IsError ? "error" : "warning")}: {diagnostic.Message}");
        }
        foreach (var phase in playbook.Phases)
        {
            builder.AppendLine($"phase {phase.Id}: {phase.Title} ({phase.Steps.Count} steps)");
            foreach (var step in phase.Steps)
            {
                builder.AppendLine($"  - {step.Text} [{step.Id}]{(step.Guidance.Length > 0 ? " +guidance" : "")}");
                foreach (var sub in step.SubSteps) builder.AppendLine($"    - {sub.Text} [{sub.Id}]");
            }
        }
        return builder.ToString();
    }
}
