using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crisis.Core.Cases;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Intake;

/// <summary>A monitoring or ticketing tool allowed to send cases and alerts to its webhook. Its secret is never read back.</summary>
public sealed record IntakeSource(long Id, string Name, string Channel, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? RotatedAt, DateTimeOffset? LastUsedAt, long Version);

/// <summary>A source with the secret it signs with, shown once: when it is created or its secret rotated.</summary>
public sealed record IntakeSourceSecret(IntakeSource Source, string Secret);

/// <summary>
/// The sources an admin lets in through <c>POST /api/intake/{name}</c>: each has a name (its part of the address), the
/// channel its cases come from unless they say, and a secret of its own that signs every call. Rotating the secret
/// makes the old one fail at once; a disabled source is refused until enabled again.
/// </summary>
public sealed partial class IntakeSources(Database database, TimeProvider time)
{
    /// <summary>What a secret starts with, so a secret scanner and a person both know one when they see it.</summary>
    public const string SecretPrefix = "whsec_";

    public IReadOnlyList<IntakeSource> List()
    {
        using var connection = database.Open();
        return connection.Query<SourceRow>(SelectSources + " ORDER BY name").Select(row => row.ToSource()).ToList();
    }

    public IntakeSource Get(long id)
    {
        using var connection = database.Open();
        return connection.Query<SourceRow>(SelectSources + " WHERE id = @id", new { id }).SingleOrDefault()?.ToSource()
            ?? throw new NotFoundException($"intake source {id} not found");
    }

    /// <summary>A new source and its secret, which is shown this once.</summary>
    public IntakeSourceSecret Create(string? name, string? channel, Actor actor)
    {
        var problems = new List<RuleViolationException>();
        var cleanName = name?.Trim() ?? "";
        if (!SourceName().IsMatch(cleanName))
            problems.Add(new RuleViolationException("the name must be 2 to 40 lowercase letters, digits and single '-', such as weibo-monitor")
                { Field = "name", TextKey = RefusalTexts.SourceName });
        if (channel is null || !CaseChannels.All.Contains(channel))
            problems.Add(new RuleViolationException($"the channel must be one of {string.Join(", ", CaseChannels.All)}") { Field = "channel", TextKey = RefusalTexts.Required });
        if (problems.Count > 0) throw RuleViolationException.Together(problems);
        var secret = NewSecret();
        var id = database.InTransaction((connection, transaction) =>
        {
            if (connection.ExecuteScalar<long?>("SELECT id FROM intake_sources WHERE name = @cleanName", new { cleanName }, transaction) is not null)
                throw new RuleViolationException($"there is already a source named {cleanName}") { Field = "name", TextKey = RefusalTexts.SourceExists, TextArguments = [cleanName] };
            return connection.ExecuteScalar<long>(
                "INSERT INTO intake_sources (name, channel, secret, created_by, created_at) VALUES (@cleanName, @channel, @secret, @by, @now) RETURNING id",
                new { cleanName, channel, secret, by = actor.Name, now = time.GetUtcNow() }, transaction);
        });
        return new IntakeSourceSecret(Get(id), secret);
    }

    /// <summary>A new secret for the source, shown this once; the old one is refused from now on.</summary>
    public IntakeSourceSecret Rotate(long id, Actor actor)
    {
        var secret = NewSecret();
        Update(id, "secret = @secret, rotated_at = @now", new { secret }, actor);
        return new IntakeSourceSecret(Get(id), secret);
    }

    /// <summary>Lets the source in again, or refuses its calls (403) until then, keeping its secret.</summary>
    public IntakeSource SetEnabled(long id, bool enabled, Actor actor)
    {
        Update(id, "enabled = @enabled", new { enabled }, actor);
        return Get(id);
    }

    private void Update(long id, string set, object values, Actor actor)
    {
        var parameters = new DynamicParameters(values);
        parameters.AddDynamicParams(new { id, now = time.GetUtcNow(), by = actor.Name });
        database.InTransaction((connection, transaction) =>
            connection.Execute($"UPDATE intake_sources SET {set}, changed_by = @by, changed_at = @now, version = version + 1 WHERE id = @id", parameters, transaction) == 1
                ? 0 : throw new NotFoundException($"intake source {id} not found"));
    }

    /// <summary>The source named in a webhook's address, with its secret, for <see cref="WebhookGate"/> alone (null when none has the name).</summary>
    internal (IntakeSource Source, string Secret)? FindWithSecret(string name)
    {
        using var connection = database.Open();
        var row = connection.Query<SourceRow>(SelectSources.Replace("SELECT ", "SELECT secret, ", StringComparison.Ordinal) + " WHERE name = @name", new { name })
            .SingleOrDefault();
        return row is null ? null : (row.ToSource(), row.Secret!);
    }

    /// <summary>32 random bytes as hex: the whole text, prefix included, is the HMAC key a sender signs with.</summary>
    private static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex("^(?=.{2,40}$)[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SourceName();

    private const string SelectSources = "SELECT id, name, channel, enabled, created_by, created_at, rotated_at, last_used_at, version FROM intake_sources";

    private sealed class SourceRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Channel { get; init; } = "";
        public long Enabled { get; init; }
        public string CreatedBy { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string? RotatedAt { get; init; }
        public string? LastUsedAt { get; init; }
        public long Version { get; init; }
        public string? Secret { get; init; }

        public IntakeSource ToSource() => new(Id, Name, Channel, Enabled != 0, CreatedBy, Timestamps.Parse(CreatedAt), Timestamps.ParseOrNull(RotatedAt),
            Timestamps.ParseOrNull(LastUsedAt), Version);
    }
}
