using System.Globalization;

namespace Crisis.Core.Playbooks;

/// <summary>Deadlines relative to an incident's opening, written +30m, +4h, +2d or +1w.</summary>
public static class Deadline
{
    public static bool TryParse(string text, out TimeSpan after)
    {
        after = default;
        if (text.Length < 3 || text[0] != '+') return false;
        if (!int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }
        TimeSpan? unit = text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null || amount > 10_000) return false;
        after = unit.Value * amount;
        return true;
    }
}
