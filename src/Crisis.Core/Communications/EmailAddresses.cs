namespace Crisis.Core.Communications;

/// <summary>
/// The one rule for an address mail is sent to, whether a message's recipient or a person in the directory: one line
/// (no CR, LF, NUL or other control character that could add a header) that parses as a single mailbox with an @.
/// </summary>
public static class EmailAddresses
{
    /// <param name="address">Already trimmed.</param>
    public static bool IsValid(string address) =>
        TextLimits.IsOneLine(address) && MimeKit.MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@');

    /// <returns>The address trimmed, or null when none is given; refused when it is not a valid address.</returns>
    /// <param name="field">The request field the address came in, named on a refusal for a form to show it there.</param>
    public static string? Optional(string? address, string? field = null) => address?.Trim() switch
    {
        null or "" => null,
        var trimmed when IsValid(trimmed) => trimmed,
        var trimmed => throw Invalid(trimmed, field),
    };

    public static RuleViolationException Invalid(string address, string? field = null) =>
        new($"'{address}' is not an email address") { Field = field, TextKey = RefusalTexts.Email, TextArguments = [address] };
}
