namespace Crisis.Core.Playbooks;

/// <summary>How the parser reads documents written for other tools; configured under <c>Crisis:Import</c>.</summary>
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

    public static PlaybookParserOptions Default { get; } = new();

    public IReadOnlyList<string> GuidanceHeadings { get; init; } = DefaultGuidanceHeadings;
}
