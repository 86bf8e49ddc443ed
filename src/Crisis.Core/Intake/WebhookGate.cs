using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Intake;

/// <summary>A webhook call that is not signed as its source signs, or is signed too long ago or sent before: an API 401.</summary>
public sealed class SignatureRefusedException(string message) : DomainException(message);

/// <summary>A call its source signed: the source, and the Unix time it was signed at, which the body's <c>sentAt</c> must repeat.</summary>
public sealed record SignedCall(IntakeSource Source, long SentAt);

/// <summary>
/// Lets a webhook call in only when its source signed it, lately, once: <c>X-Crisis-Signature: sha256=</c> and the hex
/// HMAC-SHA256 of the body's exact bytes keyed with the source's secret, compared in constant time; <c>X-Crisis-Timestamp</c>,
/// the Unix seconds of signing, within <see cref="Tolerance"/> of the server's clock; and a signature accepted before
/// refused while its timestamp would still pass. The timestamp counts because the body repeats it as <c>sentAt</c>,
/// which the signature covers. A refusal says what is wrong and never what the signature should have been.
/// </summary>
public sealed class WebhookGate(Database database, IntakeSources sources, TimeProvider time)
{
    public const string TimestampHeader = "X-Crisis-Timestamp";
    public const string SignatureHeader = "X-Crisis-Signature";
    public const string SignaturePrefix = "sha256=";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public SignedCall Verify(string sourceName, string? timestamp, string? signature, byte[] body)
    {
        var (source, secret) = sources.FindWithSecret(sourceName) ?? throw new NotFoundException($"there is no intake source named '{sourceName}'");
        if (!source.Enabled)
            throw new ForbiddenException($"the intake source '{source.Name}' is disabled: an admin can enable it again under Admin → Intake sources");
        if (string.IsNullOrWhiteSpace(signature))
            throw new SignatureRefusedException($"the {SignatureHeader} header is missing: send '{SignaturePrefix}' and the hex HMAC-SHA256 of the body keyed with the source's secret");
        if (!signature.StartsWith(SignaturePrefix, StringComparison.Ordinal) || !TryHex(signature[SignaturePrefix.Length..].Trim(), out var given))
            throw new RuleViolationException($"{SignatureHeader} must read '{SignaturePrefix}' and 64 hex digits");
        if (string.IsNullOrWhiteSpace(timestamp))
            throw new RuleViolationException($"the {TimestampHeader} header is missing: send the time of signing in Unix seconds, and the same number as sentAt in the body");
        if (!long.TryParse(timestamp.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
            throw new RuleViolationException($"{TimestampHeader} must be the time of signing in whole Unix seconds, such as 1793610000");
        var now = time.GetUtcNow();
        var drift = now.ToUnixTimeSeconds() - sentAt;
        if (Math.Abs(drift) > Tolerance.TotalSeconds)
            throw new SignatureRefusedException(
                $"the timestamp is {Math.Abs(drift)} seconds {(drift > 0 ? "behind" : "ahead of")} the server's clock; it must be within {Tolerance.TotalSeconds:0}: sign each call as it is sent, on a clock that is right");
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            throw new SignatureRefusedException("the signature does not match the body: sign its exact bytes with the source's current secret (a rotated secret replaces the old one at once)");
        database.InTransaction((connection, transaction) =>
        {
            // Kept twice the tolerance: a call signed at T passes until T + tolerance, and may have arrived as early as T - tolerance.
            connection.Execute("DELETE FROM intake_signatures WHERE seen_at < @cutoff", new { cutoff = now - 2 * Tolerance }, transaction);
            if (connection.Execute("INSERT INTO intake_signatures (source_id, signature, seen_at) VALUES (@Id, @signed, @now) ON CONFLICT DO NOTHING",
                    new { source.Id, signed = Convert.ToHexStringLower(given), now }, transaction) == 0)
                throw new SignatureRefusedException("this signed call was received before, and a call is taken once: send the next one with a new timestamp");
            connection.Execute("UPDATE intake_sources SET last_used_at = @now WHERE id = @Id", new { now, source.Id }, transaction);
            return 0;
        });
        return new SignedCall(source, sentAt);
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit)) return false;
        bytes = Convert.FromHexString(text);
        return true;
    }
}
