namespace Crisis.Core.Playbooks;

/// <summary>How playbooks are read; bound from configuration <c>Crisis:Playbooks</c> (e.g. <c>Crisis:Playbooks:MaxBytes</c>).</summary>
public sealed record PlaybookParserOptions
{
    /// <summary>8 MB: a hundred times the largest real playbook, and still parsed in about a second.</summary>
    public const long DefaultMaxBytes = 8 * 1024 * 1024;

    public static PlaybookParserOptions Default { get; } = new();

    /// <summary>A playbook larger than this (in UTF-8 bytes) is refused with an error instead of being parsed.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
}
