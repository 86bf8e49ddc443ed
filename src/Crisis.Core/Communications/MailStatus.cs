using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Communications;

/// <summary>Whether email can go out, as the outbox shows it: the mail server configured (from Crisis:Smtp:*, never
/// editable in the app), what waits, and the newest delivery and failure.</summary>
public sealed record MailStatus
{
    public required bool IsConfigured { get; init; }
    public string? Host { get; init; }
    public int Port { get; init; }
    /// <summary>Emails waiting to go out (queued or being sent).</summary>
    public int Waiting { get; init; }
    public DateTimeOffset? LastSentAt { get; init; }
    /// <summary>The server's reason for the newest failed attempt of an email still waiting or given up since the last success.</summary>
    public string? LastError { get; init; }

    /// <summary>Mail that cannot go out now: nothing to send it with, or the newest attempts failing.</summary>
    public bool IsBlocked => Waiting > 0 && (!IsConfigured || LastError is not null);
}

public sealed class MailStatusQuery(Database database, SmtpSettings smtp)
{
    public MailStatus Read()
    {
        using var connection = database.Open();
        var waiting = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')");
        var lastSent = connection.ExecuteScalar<string?>("SELECT MAX(sent_at) FROM outbox WHERE status = 'sent'");
        // The outbox keeps no time per attempt: a failure counts while an email is still waiting with it, or gave up
        // after the newest success (rows are numbered in the order they were queued).
        var lastError = connection.ExecuteScalar<string?>(
            """
            SELECT last_error FROM outbox
            WHERE last_error IS NOT NULL
              AND (status IN ('queued', 'sending') OR (status = 'failed' AND id > COALESCE((SELECT MAX(id) FROM outbox WHERE status = 'sent'), 0)))
            ORDER BY id DESC LIMIT 1
            """);
        return new MailStatus
        {
            IsConfigured = smtp.IsConfigured, Host = smtp.Host, Port = smtp.Port, Waiting = waiting,
            LastSentAt = Timestamps.ParseOrNull(lastSent), LastError = lastError,
        };
    }
}
