using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Crisis.Core.Communications;

/// <summary>SMTP settings from configuration (Crisis:Smtp:*). Without a host, mail waits in the outbox.</summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    /// <summary>none, starttls, ssl or auto (STARTTLS when the server offers it).</summary>
    public string TlsMode { get; init; } = "auto";
    public string? User { get; init; }
    public string? Password { get; init; }
    public string From { get; init; } = "Crisis <crisis@localhost>";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions SocketOptions => TlsMode.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>Sends one outbox email through MailKit and returns the server's reply to DATA.</summary>
public sealed class SmtpDelivery(SmtpSettings settings)
{
    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.SmtpMessageId };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 30_000 };
        var host = settings.Host ?? throw new InvalidOperationException("no SMTP host configured (Crisis:Smtp:Host)");
        await client.ConnectAsync(host, settings.Port, settings.SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
        var reply = await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, CancellationToken.None);
        return reply;
    }

    /// <summary>What an admin needs to see on the message: the server's own words where there are any.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        SmtpProtocolException protocol => $"SMTP protocol error: {protocol.Message}",
        System.Net.Sockets.SocketException socket => $"cannot reach the SMTP server: {socket.Message}",
        _ => exception.Message,
    };
}
