namespace Crisis.Core.Playbooks;

/// <summary>How playbooks are read: the size cap (<c>Crisis:Playbooks:MaxBytes</c>) and how documents written for other tools
/// are read (<c>Crisis:Import:GuidanceHeadings</c>).</summary>
public sealed record PlaybookParserOptions
{
    /// <summary>
    /// Headings whose sections are reference material in an imported document: what is under them is guidance shown with
    /// the playbook, never checklist steps. A heading matches when, after any numbering ("7.", "A.", "附录一"), it starts with
    /// one of these, ignoring case.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultGuidanceHeadings =
    [
        "References", "Reference", "Resources", "Further reading", "See also", "Related documents", "Related links", "Appendix",
        "Appendices", "Scope", "Out of scope", "Definitions", "Glossary", "Terms", "Triggers", "Revision history",
        "Document history", "Change log", "Contacts", "Contact list",
        "参考资料", "参考文献", "参考", "相关资料", "相关文档", "延伸阅读", "另见", "附录", "附件", "范围", "适用范围", "不在范围", "定义",
        "术语", "名词解释", "触发条件", "修订记录", "版本记录", "联系人",
    ];

    /// <summary>8 MB: a hundred times the largest real playbook, and still parsed in about a second.</summary>
    public const long DefaultMaxBytes = 8 * 1024 * 1024;

    public static PlaybookParserOptions Default { get; } = new();

    public IReadOnlyList<string> GuidanceHeadings { get; init; } = DefaultGuidanceHeadings;

    /// <summary>A playbook larger than this (in UTF-8 bytes) is refused with an error instead of being parsed.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
}
