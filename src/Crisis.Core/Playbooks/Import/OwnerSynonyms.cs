namespace Crisis.Core.Playbooks.Import;

/// <summary>
/// Owner phrases found in prose ("Privacy Officer", "客服") and the role key each stands for, with the role keys the
/// shipped playbooks use. Bilingual defaults; configuration <c>Crisis:Import:OwnerSynonyms</c> adds phrases per role.
/// </summary>
public sealed class OwnerSynonyms
{
    /// <summary>Each known role key with its English and Chinese name, as the shipped playbooks name them.</summary>
    private static readonly (string Key, string English, string Chinese)[] KnownRoles =
    [
        ("commander", "Incident commander", "事件指挥官"),
        ("legal", "Legal and data protection officer", "法务与个人信息保护负责人"),
        ("security", "Information security lead", "信息安全负责人"),
        ("comms", "Communications lead", "传播负责人"),
        ("spokesperson", "Spokesperson", "新闻发言人"),
        ("cs", "Customer service lead", "客服负责人"),
        ("quality", "Quality lead", "质量负责人"),
        ("supply", "Supply chain and logistics lead", "供应链与物流负责人"),
        ("ecommerce", "Marketplace operations lead", "平台运营负责人"),
        ("finance", "Finance lead", "财务负责人"),
    ];

    private static readonly Dictionary<string, string[]> DefaultPhrases = new(StringComparer.Ordinal)
    {
        ["commander"] = ["Incident Commander", "Incident Manager", "Incident Lead", "Crisis Manager", "Crisis Lead", "Crisis Team Lead",
            "事件指挥官", "指挥官", "应急负责人", "负责人"],
        ["legal"] = ["DPO", "Data Protection Officer", "Privacy Officer", "Privacy Lead", "Privacy Team", "Legal", "Legal Counsel",
            "General Counsel", "Counsel", "Compliance", "Compliance Officer", "数据保护官", "个人信息保护负责人", "法务", "合规", "律师"],
        ["security"] = ["CISO", "Security Lead", "Security Team", "Information Security", "IT Security", "SOC", "CSIRT", "CERT",
            "信息安全", "安全团队", "安全负责人"],
        ["comms"] = ["PR", "Public Relations", "Communications", "Comms", "Communications Lead", "Media Relations", "Press Office",
            "公关", "传播", "品牌公关", "媒体关系"],
        ["spokesperson"] = ["Spokesperson", "Spokesman", "Spokeswoman", "新闻发言人", "发言人"],
        ["cs"] = ["Customer Service", "Customer Support", "Customer Care", "Support Team", "Call Center", "Call Centre", "Contact Center",
            "Contact Centre", "客服", "客户服务", "售后"],
        ["quality"] = ["QA", "Quality Team", "Quality Assurance", "Quality Manager", "Quality Lead", "质量", "品控", "质检"],
        ["supply"] = ["Supply Chain", "Logistics", "Procurement", "Warehouse", "供应链", "物流", "采购", "仓库"],
        ["ecommerce"] = ["E-commerce", "Ecommerce", "Marketplace", "Online Store", "电商", "平台运营", "网店"],
        ["finance"] = ["Finance", "Finance Team", "CFO", "财务"],
    };

    private readonly List<(string Phrase, string Role)> _phrases;
    private readonly Dictionary<string, string> _firstPhraseOf;

    private OwnerSynonyms(List<(string Phrase, string Role)> phrases)
    {
        // Longest first: "Customer Service Manager" before "Customer Service", "客服负责人" before "负责人".
        _phrases = phrases.OrderByDescending(entry => entry.Phrase.Length).ToList();
        _firstPhraseOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (phrase, role) in phrases) _firstPhraseOf.TryAdd(role, phrase);
        Roles = phrases.Select(entry => entry.Role).Distinct().Select(key => new PlaybookRole(key, NameOf(key, "en"))).ToList();
    }

    public static OwnerSynonyms Default { get; } = new(DefaultPhrases.SelectMany(entry => entry.Value.Select(phrase => (phrase, entry.Key))).ToList());

    /// <summary>The defaults and, before them, the phrases configured per role key (a role key not known yet is a new role).</summary>
    public static OwnerSynonyms WithExtra(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> phrasesByRole)
    {
        var extra = phrasesByRole
            .Where(entry => FrontMatterReader.IsRoleKey(entry.Key))
            .SelectMany(entry => entry.Value.Select(phrase => (Phrase: phrase.Trim(), Role: entry.Key)))
            .Where(entry => entry.Phrase.Length > 0);
        var configured = extra.ToList();
        var defaults = DefaultPhrases.SelectMany(entry => entry.Value.Select(phrase => (phrase, entry.Key)))
            .Where(entry => !configured.Any(c => c.Phrase.Equals(entry.phrase, StringComparison.OrdinalIgnoreCase)));
        return new OwnerSynonyms([.. defaults, .. configured]);
    }

    /// <summary>The role keys it maps to, with English names.</summary>
    public IReadOnlyList<PlaybookRole> Roles { get; }

    /// <summary>The role a whole owner phrase stands for, else the one of the first synonym it contains; null when none.</summary>
    public string? RoleFor(string ownerPhrase)
    {
        var phrase = ownerPhrase.Trim();
        foreach (var (synonym, role) in _phrases)
        {
            if (string.Equals(synonym, phrase, StringComparison.OrdinalIgnoreCase)) return role;
        }
        return FirstMention(phrase)?.Role;
    }

    /// <summary>The leftmost (then longest) synonym named in <paramref name="text"/>, as a whole word, and the role it stands for.</summary>
    public (string Phrase, string Role, int Index)? FirstMention(string text)
    {
        (string Phrase, string Role, int Index)? best = null;
        foreach (var (synonym, role) in _phrases)
        {
            for (var index = text.IndexOf(synonym, Comparison(synonym)); index >= 0 && (best is null || index < best.Value.Index);
                 index = text.IndexOf(synonym, index + 1, Comparison(synonym)))
            {
                if (!IsWholeWord(text, index, synonym.Length)) continue;
                best = (text.Substring(index, synonym.Length), role, index);
                break;
            }
        }
        return best;
    }

    /// <summary>The role's name in a language: the shipped playbooks' name for a known key, else the first phrase configured for it.</summary>
    public string NameOf(string roleKey, string language)
    {
        foreach (var (key, english, chinese) in KnownRoles)
        {
            if (key == roleKey) return language == "zh-CN" ? chinese : english;
        }
        return _firstPhraseOf.TryGetValue(roleKey, out var phrase) ? phrase : char.ToUpperInvariant(roleKey[0]) + roleKey[1..].Replace('-', ' ').Replace('_', ' ');
    }

    /// <summary>
    /// One-word synonyms match only as written: "PR" and "Legal" name a team, "legal requirements" does not.
    /// Phrases of several words ("privacy officer") are distinctive enough to match in any case.
    /// </summary>
    private static StringComparison Comparison(string synonym) =>
        synonym.Contains(' ', StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool IsWholeWord(string text, int index, int length)
    {
        // Chinese has no spaces between words: a synonym in Han script matches anywhere.
        if (IsHan(text[index])) return true;
        var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
        var after = index + length >= text.Length || !char.IsLetterOrDigit(text[index + length]);
        return before && after;
    }

    internal static bool IsHan(char ch) => ch is >= '\u3400' and <= '\u9FFF';
}
