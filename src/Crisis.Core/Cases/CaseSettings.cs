using System.Data;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Cases;

/// <summary>What an admin sets for cases: every channel's clocks, how long personal data stays, and the team lead.</summary>
public sealed record CaseSettingsValues(IReadOnlyList<ChannelClock> Clocks, int RetentionDays, long? LeadPersonId);

/// <summary>The customer-service team lead, told when a case misses its clock or has nobody to warn.</summary>
public sealed record CaseTeamLead(long Id, string Name, string? Email, string? Language);

/// <summary>
/// The case settings of /admin/case-settings (migration 0021): the clocks are <see cref="CaseClocks"/>'; the retention
/// and the team lead are kept here. Saved together, each wrong field refused by name.
/// </summary>
public sealed class CaseSettings(Database database, TimeProvider time)
{
    /// <summary>
    /// Half a year after a case is resolved, its customer's reference, phone and address are blanked: an example, long
    /// enough for a returned parcel or a reopened dispute (docs/sources.md, <c>case-retention</c>), not a rule.
    /// </summary>
    public const int DefaultRetentionDays = 180;

    public const int MaxRetentionDays = 3650;

    public CaseSettingsValues Read()
    {
        using var connection = database.Open();
        // No row reads as (0, null): nothing set yet.
        var (retentionDays, leadPersonId) = connection.QueryFirstOrDefault<(long RetentionDays, long? LeadPersonId)>(
            "SELECT retention_days, lead_person_id FROM case_settings WHERE id = 1");
        return new CaseSettingsValues(CaseClocks.All(connection, null), retentionDays == 0 ? DefaultRetentionDays : (int)retentionDays, leadPersonId);
    }

    /// <summary>How long a resolved case keeps its customer's personal data.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(Read().RetentionDays);

    /// <summary>The team lead, if one is set.</summary>
    internal static CaseTeamLead? Lead(IDbConnection connection, IDbTransaction transaction) =>
        connection.QuerySingleOrDefault<CaseTeamLead>(
            "SELECT p.id, p.name, p.email, p.language FROM case_settings s JOIN people p ON p.id = s.lead_person_id WHERE s.id = 1",
            transaction: transaction);

    public void Save(CaseSettingsValues values, Actor actor)
    {
        var problems = values.Clocks.SelectMany(clock => CaseClocks.Problems(clock, $"clocks.{clock.Channel}.")).ToList();
        if (values.RetentionDays is < 1 or > MaxRetentionDays)
            problems.Add(new RuleViolationException($"the retention must be from 1 to {MaxRetentionDays} days")
                { Field = "retentionDays", TextKey = RefusalTexts.RetentionDays, TextArguments = [MaxRetentionDays] });
        database.InTransaction((connection, transaction) =>
        {
            if (values.LeadPersonId is { } lead && connection.ExecuteScalar<long?>("SELECT id FROM people WHERE id = @lead", new { lead }, transaction) is null)
                problems.Add(new RuleViolationException($"there is no person {lead}") { Field = "leadPersonId", TextKey = RefusalTexts.NoSuchPerson, TextArguments = [lead] });
            if (problems.Count > 0) throw RuleViolationException.Together(problems);
            var now = time.GetUtcNow();
            CaseClocks.Write(connection, transaction, values.Clocks.Except(CaseClocks.All(connection, transaction)), actor, now);
            connection.Execute(
                """
                INSERT INTO case_settings (id, retention_days, lead_person_id, updated_by, updated_at) VALUES (1, @RetentionDays, @LeadPersonId, @by, @now)
                ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days, lead_person_id = excluded.lead_person_id,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, new { values.RetentionDays, values.LeadPersonId, by = actor.Name, now }, transaction);
            return 0;
        });
    }
}
