namespace Crisis.Core.Cases;

/// <summary>
/// Masks a customer's phone number and address for lists, exports and anyone not revealing them: enough is left to
/// tell two customers apart on a call (the last four digits, the city), never enough to reach them.
/// </summary>
public static class CustomerContact
{
    public const string Hidden = "****";

    /// <summary>138****5678 for a mobile number; the last two digits otherwise.</summary>
    public static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        // The last eleven digits are the mobile number itself, whatever country code is typed before it.
        return digits.Length >= 11 ? digits[^11..^8] + Hidden + digits[^4..]
            : digits.Length >= 4 ? Hidden + digits[^2..]
            : Hidden;
    }

    /// <summary>
    /// A Chinese address up to its city (广东省广州市****); a Western one by its last part when that reads as a city or
    /// region (****, Shanghai): short and without a number, so no street, building or room is left in sight.
    /// </summary>
    public static string? MaskAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var text = address.Trim();
        var city = text.IndexOf('市');
        if (city is > 0 and < 16) return text[..(city + 1)] + Hidden;
        var comma = text.LastIndexOfAny([',', '，']);
        var last = comma > 0 ? text[comma..] : "";
        return last.Length is > 1 and <= 24 && !last.Any(char.IsDigit) ? Hidden + last : Hidden;
    }
}
