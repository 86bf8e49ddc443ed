namespace Crisis.Core.Playbooks;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>A problem found in a playbook, at a 1-based line and column of its file.</summary>
public sealed record Diagnostic(string File, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";
}
