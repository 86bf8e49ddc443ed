using System.Globalization;
using System.Text.RegularExpressions;

namespace Crisis.Core.Playbooks.Import;

/// <summary>A phrase found in prose: what it means, the words as written and where they start.</summary>
public sealed record ProsePhrase(string Value, string Words, int Index);

/// <summary>
/// Reads deadlines ("within 72 hours", "no later than 24 hours", "immediately", "24小时内", "立即") and labelled owners
/// ("Owner: Facilities", "负责人：法务") from prose. Only suggestions: whoever imports checks them.
/// </summary>
public static partial class ProsePhrases
{
    /// <summary>"Immediately" has no number; it is suggested as the shortest deadline the shipped playbooks use.</summary>
    public const string ImmediateDeadline = "+15m";

    private static readonly Dictionary<string, int> EnglishNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
        ["twenty-four"] = 24, ["thirty"] = 30, ["forty-five"] = 45, ["forty-eight"] = 48, ["sixty"] = 60, ["seventy-two"] = 72, ["ninety"] = 90,
    };

    [GeneratedRegex(@"\b(?:within|no later than|not later than|no more than|at the latest within|in the first|during the first|in|by|before|under)\s+(?:the\s+)?(?:first\s+)?(?:next\s+)?(?<n>\d{1,4}|twenty-four|forty-eight|seventy-two|forty-five|[a-z]+)\s*-?\s*(?<unit>minutes?|mins?|hours?|hrs?|h|days?|calendar days?|business days?|working days?|weeks?)\b"
        + @"|\bT\s?\+\s?(?<n>\d{1,4})\s?(?<unit>m|h|d|w)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishDeadline();

    [GeneratedRegex(@"(?:(?:不超过|不迟于|最迟|最晚|须在|应在)\s*)?(?<n>\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})\s*(?:个)?\s*(?<unit>分钟|小时|钟头|个?工作日|天|日|周|星期)\s*(?:之内|以内|内)"
        + @"|(?:不超过|不迟于|最迟|最晚)\s*(?<n>\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})\s*(?:个)?\s*(?<unit>分钟|小时|钟头|个?工作日|天|日|周|星期)")]
    private static partial Regex ChineseDeadline();

    [GeneratedRegex(@"\b(?:immediately|at once|without delay|without undue delay|as soon as possible|asap)\b|立即|立刻|马上|第一时间|即刻", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Immediate();

    [GeneratedRegex(@"\b(?:owner|owned by|responsible|responsible party|accountable|assigned to|assignee|lead|action by|who)\s*[:：]\s*(?<phrase>[^.;,()\[\]\n|]{1,60})"
        + @"|(?:负责人|责任人|负责部门|责任部门|执行人|牵头部门|负责)\s*[:：]\s*(?<phrase>[^。；，,;()（）\[\]\n|]{1,40})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnerLabel();

    /// <summary>The first deadline with a number in <paramref name="text"/>, else "immediately" and its kin; null when there is none.</summary>
    public static ProsePhrase? Deadline(string text)
    {
        ProsePhrase? first = null;
        foreach (var pattern in (Regex[])[EnglishDeadline(), ChineseDeadline()])
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (first is not null && match.Index >= first.Index) break;
                if (Native(match.Groups["n"].Value, match.Groups["unit"].Value) is { } due)
                {
                    first = new ProsePhrase(due, match.Value.Trim(), match.Index);
                    break;
                }
            }
        }
        if (first is not null) return first;
        var immediate = Immediate().Match(text);
        return immediate.Success ? new ProsePhrase(ImmediateDeadline, immediate.Value, immediate.Index) : null;
    }

    /// <summary>The owner a label names ("Owner: Privacy Officer"), trimmed; null when the text labels none.</summary>
    public static ProsePhrase? LabelledOwner(string text)
    {
        var match = OwnerLabel().Match(text);
        if (!match.Success) return null;
        var group = match.Groups["phrase"];
        var phrase = group.Value.Trim().TrimEnd('*', '_', ' ');
        return phrase.Length == 0 ? null : new ProsePhrase(phrase, phrase, group.Index + (group.Value.Length - group.Value.TrimStart().Length));
    }

    private static string? Native(string number, string unit)
    {
        var amount = ParseNumber(number);
        if (amount is null or <= 0) return null;
        var suffix = unit.ToLowerInvariant() switch
        {
            var u when u.StartsWith("min", StringComparison.Ordinal) || u is "m" or "分钟" => "m",
            var u when u.StartsWith('h') || u is "小时" or "钟头" => "h",
            var u when u.StartsWith("work", StringComparison.Ordinal) || u.StartsWith("business", StringComparison.Ordinal) || u.EndsWith("工作日", StringComparison.Ordinal) => "wd",
            var u when u.StartsWith('w') || u is "周" or "星期" => "w",
            _ => "d", // days, calendar days, 天, 日
        };
        var due = $"+{amount.Value.ToString(CultureInfo.InvariantCulture)}{suffix}";
        return Playbooks.Deadline.TryParse(due, out _) ? due : null;
    }

    private static int? ParseNumber(string number)
    {
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var digits)) return digits;
        if (EnglishNumbers.TryGetValue(number, out var english)) return english;
        return ChineseNumber(number);
    }

    /// <summary>Chinese numerals up to 999: 一, 两, 十二, 二十四, 七十二, 一百二十.</summary>
    private static int? ChineseNumber(string text)
    {
        if (text.Length == 0 || !text.All(ch => "零〇一二两三四五六七八九十百".Contains(ch))) return null;
        var total = 0;
        var digit = 0;
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '百': total += (digit == 0 ? 1 : digit) * 100; digit = 0; break;
                case '十': total += (digit == 0 ? 1 : digit) * 10; digit = 0; break;
                default: digit = "零一二三四五六七八九".IndexOf(ch) is var value and >= 0 ? value : ch == '两' ? 2 : 0; break;
            }
        }
        return total + digit;
    }
}
