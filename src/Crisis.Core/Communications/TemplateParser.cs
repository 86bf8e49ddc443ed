using Crisis.Core.Incidents;
using Crisis.Core.Playbooks;
using Crisis.Core.Text;
using DotLiquid.Exceptions;
using Markdig.Extensions.Yaml;

namespace Crisis.Core.Communications;

/// <summary>
/// Reads a template file: front matter (id, title, audience, channel, language, subject, variables), a Liquid body,
/// and checks that the Liquid parses and uses only declared or built-in variables. Never throws on bad input.
/// </summary>
public static class TemplateParser
{
    private static readonly string[] KnownKeys = ["id", "title", "audience", "channel", "language", "version", "subject", "variables", "labels"];

    public static TemplateParseResult ParseFile(string path)
    {
        try
        {
            return Parse(Text.SourceFile.ReadAllText(path), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var why = Text.SourceFile.WhyUnreadable(exception);
            return Failed(path, why.Key, [.. why.Arguments]);
        }
    }

    public static TemplateParseResult Parse(string text, string path)
    {
        var source = new SourceText(SourceText.Normalize(text), path);
        try
        {
            return Read(source);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Failed(path, "diagnostic:template-internal-error", exception.Message);
        }
    }

    private static TemplateParseResult Read(SourceText source)
    {
        var diagnostics = new List<Diagnostic>();
        var document = Markdig.Markdown.Parse(source.Text, PlaybookParser.Pipeline);
        if (document.FirstOrDefault() is not YamlFrontMatterBlock block)
        {
            return Failed(source.Path, "diagnostic:template-without-front-matter");
        }
        var fallbackId = PlaybookParser.IdFromPath(source.Path);
        var frontMatter = FrontMatter.Read(source, block, KnownKeys, new DiagnosticWords("diagnostic:template-front-matter-keys", []), diagnostics);
        var body = string.Join('\n', source.Text.Split('\n').Skip(frontMatter?.BodyLine ?? 0)).Trim();
        if (frontMatter is null) return new TemplateParseResult(source.Path, Empty(fallbackId, body, source), diagnostics);

        var labels = frontMatter.KeyedTexts("labels", new DiagnosticWords("diagnostic:labels-shape", []), IsVariableName, VariableNameRule).ToDictionary(entry => entry.Key, entry => entry.Text);
        var template = new MessageTemplate
        {
            Id = frontMatter.RequiredSlug("id") ?? fallbackId,
            Title = frontMatter.Required("title") ?? fallbackId,
            Audience = frontMatter.OneOf("audience", Audiences.All, "customers"),
            Channel = frontMatter.OneOf("channel", Channels.All, Channels.Email),
            Language = frontMatter.Required("language") is null ? "en" : frontMatter.OneOf("language", Languages.All, "en"),
            Version = frontMatter.PositiveNumber("version", 1),
            Subject = frontMatter.Required("subject") ?? "",
            Variables = frontMatter.KeyedTexts("variables", new DiagnosticWords("diagnostic:variables-shape", []), IsVariableName, VariableNameRule)
                .Select(entry => new TemplateVariable(entry.Key, entry.Text, labels.GetValueOrDefault(entry.Key) ?? IncidentWords.Readable(entry.Key))).ToList(),
            Body = body,
            Hash = PlaybookParser.Hash(source.Text),
        };
        foreach (var unknown in labels.Keys.Where(name => template.Variables.All(variable => variable.Name != name)))
            diagnostics.Add(Diagnostic.Of(source.Path, 1, 1, DiagnosticSeverity.Error, "diagnostic:label-without-variable", unknown));
        if (body.Length == 0) diagnostics.Add(Diagnostic.Of(source.Path, frontMatter.BodyLine + 1, 1, DiagnosticSeverity.Error, "diagnostic:template-without-body"));

        var expectedName = $"{template.Id}.{template.Language}.md";
        if (!Path.GetFileName(source.Path).Equals(expectedName, StringComparison.Ordinal))
        {
            diagnostics.Add(Diagnostic.Of(source.Path, 1, 1, DiagnosticSeverity.Warning, "diagnostic:template-file-name", expectedName));
        }
        CheckLiquid(source, frontMatter.BodyLine, template, diagnostics);
        return new TemplateParseResult(source.Path, template, diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList());
    }

    /// <summary>Parses subject and body, then renders them with every declared and built-in variable present, so that any
    /// other name the template reads is reported as undeclared, and any declared one it never uses as a warning.</summary>
    private static void CheckLiquid(SourceText source, int bodyLine, MessageTemplate template, List<Diagnostic> diagnostics)
    {
        foreach (var (part, text) in new[] { ("subject", template.Subject), ("body", template.Body) })
        {
            try
            {
                TemplateRenderer.Parse(text);
            }
            catch (SyntaxException exception)
            {
                var (line, column) = Locate(source, bodyLine, part, text, exception.Message);
                diagnostics.Add(Diagnostic.Of(source.Path, line, column, DiagnosticSeverity.Error, "diagnostic:liquid-syntax", new DiagnosticWords($"diagnostic:template-part-{part}", []), exception.Message));
                return;
            }
        }
        var sample = template.Variables.ToDictionary(v => v.Name, v => $"[{v.Name}]");
        var rendered = TemplateRenderer.Render(template, TemplateModel.Sample(sample));
        // A template that fails with every value filled in fails for every incident: it is not usable.
        foreach (var problem in rendered.Problems.Distinct())
        {
            diagnostics.Add(Diagnostic.Of(source.Path, bodyLine + 1, 1, DiagnosticSeverity.Error, "diagnostic:template-fails-to-render", problem));
        }
        foreach (var name in rendered.UndeclaredVariables)
        {
            var (line, column) = template.Body.Contains(name, StringComparison.Ordinal)
                ? Locate(source, bodyLine, "body", template.Body, name)
                : Locate(source, bodyLine, "subject", template.Subject, name);
            diagnostics.Add(Diagnostic.Of(source.Path, line, column, DiagnosticSeverity.Error, "diagnostic:template-variable-undeclared", name, string.Join(", ", TemplateModel.BuiltInNames)));
        }
        foreach (var variable in template.Variables.Where(v => !template.Body.Contains(v.Name, StringComparison.Ordinal) && !template.Subject.Contains(v.Name, StringComparison.Ordinal)))
        {
            diagnostics.Add(Diagnostic.Of(source.Path, 1, 1, DiagnosticSeverity.Warning, "diagnostic:template-variable-unused", variable.Name));
        }
    }

    /// <summary>DotLiquid's messages carry no position; the quoted name or tag they mention is looked up in the source.</summary>
    private static (int Line, int Column) Locate(SourceText source, int bodyLine, string part, string text, string clue)
    {
        var quoted = clue.Split('\'') is { Length: >= 3 } parts ? parts[1] : clue.Split(' ')[0];
        if (part == "subject")
        {
            var (subject, subjectLine) = source.Text.Split('\n').Select((l, i) => (l, i)).FirstOrDefault(x => x.l.StartsWith("subject:", StringComparison.Ordinal));
            return (subjectLine + 1, Math.Max(0, subject?.IndexOf(quoted, StringComparison.Ordinal) ?? 0) + 1);
        }
        var index = text.IndexOf(quoted, StringComparison.Ordinal);
        if (index < 0) return (bodyLine + 1, 1);
        var bodyStart = source.Text.IndexOf(text[..Math.Min(text.Length, 20)], StringComparison.Ordinal);
        var offset = Math.Max(0, bodyStart) + index;
        return (source.LineOf(offset) + 1, source.ColumnOf(offset));
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && name.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') && !TemplateModel.BuiltInNames.Contains(name);

    private static MessageTemplate Empty(string id, string body, SourceText source) => new()
    {
        Id = id, Title = id, Audience = "customers", Channel = Channels.Email, Language = "en", Subject = "", Variables = [], Body = body,
        Hash = PlaybookParser.Hash(source.Text),
    };

    private static readonly DiagnosticWords VariableNameRule = new("diagnostic:variable-name-rule", []);

    private static TemplateParseResult Failed(string path, string key, params object[] arguments) =>
        new(path, Empty(PlaybookParser.IdFromPath(path), "", new SourceText("", path)), [Diagnostic.Of(path, 1, 1, DiagnosticSeverity.Error, key, arguments)]);
}
