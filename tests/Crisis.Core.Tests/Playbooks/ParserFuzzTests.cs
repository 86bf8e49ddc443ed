using System.Text;
using Crisis.Core.Playbooks;

namespace Crisis.Core.Tests.Playbooks;

/// <summary>The parser never throws and never reports an internal error, whatever it is given.</summary>
public class ParserFuzzTests
{
    private static readonly string[] Fragments =
    [
        "---\n", "id: x\n", "title: T\n", "version: 1\n", "roles:\n  a: A\n", "severities: [SEV1]\n", "## ", "# ", "### ", "\n", "\n\n",
        "- ", "* ", "1. ", "- [ ] ", "- [x] ", "  ", "    ", "\t", "@a ", "@ ", "due:+", "due:+4h ", "sev:", "sev:1,2 ", "tpl:", "id:", "id:x ",
        "```\n", "~~~", "> ", "> [!NOTE]\n", ":::", "!!! note\n", "<div>", "</div>", "|a|b|\n|-|-|\n", "**", "_", "`", "[", "](", ")", "\\",
        "&amp;", "检查", "🙂", "\r\n", "\r", "\u0000", "-", "=", "===\n", "---", "text ", "step ",
    ];

    [Fact]
    public void Random_fragment_soup_never_throws()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 3000; i++)
        {
            var builder = new StringBuilder();
            var count = random.Next(1, 60);
            for (var j = 0; j < count; j++) builder.Append(Fragments[random.Next(Fragments.Length)]);
            AssertParsesCleanly(builder.ToString());
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            AssertParsesCleanly(Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void Every_truncation_of_every_shipped_playbook_parses()
    {
        foreach (var file in Directory.GetFiles(ShippedPlaybooks.Folder, "*.md"))
        {
            var text = File.ReadAllText(file);
            for (var length = 0; length < text.Length; length += 7) AssertParsesCleanly(text[..length]);
        }
    }

    private static void AssertParsesCleanly(string text)
    {
        var result = PlaybookParser.Parse(text, "fuzz.md");
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("internal parser error"));
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
    }
}
