using System.Globalization;
using Crisis.Core.Localization;

namespace Crisis.Core.Playbooks;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// A problem found in a playbook, at a 1-based line and column of its file. <see cref="Message"/> is the English text
/// (what <c>crisis lint</c> prints); a diagnostic made with <see cref="Of"/> also keeps its <see cref="Words"/> so pages
/// show it in the reader's language.
/// </summary>
public sealed record Diagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    /// <summary>The shared-text key and arguments <see cref="Message"/> was made from; null for a message in English only.</summary>
    public DiagnosticWords? Words { get; init; }

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>A diagnostic whose message is the shared text <paramref name="key"/>, in English for the message and in any language on demand.</summary>
    public static Diagnostic Of(string file, int line, int column, DiagnosticSeverity severity, string key, params object[] arguments)
    {
        var words = new DiagnosticWords(key, arguments);
        return new(file, line, column, severity, words.In(SharedTexts.English)) { Words = words };
    }

    /// <summary>What kind of problem this is, the same in every language, for programs that read diagnostics
    /// (<c>front-matter-not-slug</c>); null for a message in English only.</summary>
    public string? Code => Words?.Key[DiagnosticWords.KeyPrefix.Length..];

    /// <summary>The message in <paramref name="culture"/>, or in English where it has no shared text.</summary>
    public string MessageIn(CultureInfo culture) => Words?.In(culture) ?? Message;

    /// <summary>The message as an argument of other words, such as a refusal's: its <see cref="Words"/>, written out in
    /// the reader's language, or the English message where it has none.</summary>
    public object Wording => (object?)Words ?? Message;

    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";

    /// <summary>As <see cref="ToString()"/>, in <paramref name="culture"/>: the line <c>crisis lint --lang</c> prints.</summary>
    public string ToString(CultureInfo culture) =>
        $"{File}:{Line}:{Column}: {SharedTexts.Get(IsError ? "diagnostic-severity:error" : "diagnostic-severity:warning", culture)}: {MessageIn(culture)}";
}

/// <summary>
/// A shared text with its arguments, written out in any language on demand. An argument that is itself
/// <see cref="DiagnosticWords"/> (such as "code block") is written in the same language.
/// </summary>
public sealed record DiagnosticWords(string Key, IReadOnlyList<object> Arguments)
{
    /// <summary>The prefix of every diagnostic key in Localization/SharedTexts.resx.</summary>
    public const string KeyPrefix = "diagnostic:";

    public string In(CultureInfo culture) =>
        string.Format(culture, SharedTexts.Get(Key, culture), Arguments.Select(argument => argument is DiagnosticWords words ? words.In(culture) : argument).ToArray());
}
