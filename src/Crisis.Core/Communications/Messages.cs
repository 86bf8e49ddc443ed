using System.Data;
using System.Globalization;
using System.Text.Json;
using Crisis.Core.Chat;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.Storage;
using Crisis.Core.Text;
using Dapper;

namespace Crisis.Core.Communications;

/// <summary>The brand a message speaks for: configuration's (Crisis:Brand:*), overridden field by field by the organisation
/// settings an admin saves (<see cref="Organisation.OrganisationSettings"/>). An empty field is a missing variable.</summary>
public sealed record BrandSettings(string Name = "", string Website = "", string Hotline = "", string Email = "")
{
    public IReadOnlyDictionary<string, string> ToTemplateValues() => new Dictionary<string, string>
    {
        ["name"] = Name, ["website"] = Website, ["hotline"] = Hotline, ["email"] = Email,
    };
}

public sealed record DraftRequest(string TemplateId, string Language, IReadOnlyList<string> Recipients, IReadOnlyDictionary<string, string> Variables, string? StepId = null);

public sealed record MessageView
{
    public required long Id { get; init; }
    public required string IncidentKey { get; init; }
    public string? StepId { get; init; }
    public required string TemplateId { get; init; }
    public required int TemplateVersion { get; init; }
    public required string Language { get; init; }
    public required string Audience { get; init; }
    public required string Channel { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
    public required string Subject { get; init; }
    public required string Markdown { get; init; }
    public string Html => SafeMarkdown.ToHtml(Markdown);
    public string Text => SafeMarkdown.ToText(Markdown);
    /// <summary>Variables still shown as [[name]] placeholders: the message cannot be approved while any remain.</summary>
    public required IReadOnlyList<string> MissingVariables { get; init; }
    public required string Status { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? PublishedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public required int Version { get; init; }
    public IReadOnlyList<Delivery> Deliveries { get; init; } = [];
}

/// <summary>One email of a message to one recipient, as the outbox sees it. (Property-mapped: Dapper maps SQLite's
/// Int64 and text columns onto properties, not onto a positional record's exact constructor.)</summary>
/// <summary>A draft someone may approve, as their list of work shows it; <paramref name="Complete"/> when no placeholder is left to fill in.</summary>
public sealed record MessageAwaitingApproval(long Id, string IncidentKey, string IncidentTitle, bool IsExercise, string Subject, string CreatedBy,
    DateTimeOffset CreatedAt, bool Complete);

public sealed record Delivery
{
    public required string Recipient { get; init; }
    public required string Status { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public string? ServerReply { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

public static class MessageStatus
{
    public const string Draft = "draft";
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Approved = "approved";
    public const string Published = "published";
}

/// <summary>
/// Drafting, editing, approving and publishing messages. Approval is the gate: an email goes to the outbox only when
/// approved, in the same transaction as the approval and its timeline event; other channels are published by hand.
/// </summary>
public sealed class Messages(Database database, TemplateLibrary templates, Organisation.OrganisationSettings organisation, Organisation.RegulatorDirectory regulators,
    TimeProvider time, IncidentChanges changes)
{
    /// <summary>What a draft would say, without saving it: the page's preview while variables are being filled in.</summary>
    public RenderedMessage Preview(string key, string templateId, string language, IReadOnlyDictionary<string, string> variables)
    {
        var template = templates.Get(templateId, language);
        using var connection = database.Open();
        return Render(connection, null, IncidentRecord.Load(connection, null, key), template, variables, time.GetUtcNow());
    }

    public MessageView Draft(string key, DraftRequest request, Actor actor)
    {
        var template = templates.Get(request.TemplateId, request.Language);
        var recipients = CleanRecipients(request.Recipients);
        var id = Writer.Write(write =>
        {
            var incident = write.OpenIncident(key);
            var rendered = Render(write.Connection, write.Transaction, incident, template, request.Variables, write.Now);
            if (rendered.Problems.Count > 0)
                throw new RuleViolationException($"template '{template.Id}' could not be rendered: {rendered.Problems[0]}")
                    { TextKey = RefusalTexts.TemplateUnrenderable, TextArguments = [template.Title, rendered.Problems[0]] };
            Text.SafeMarkdown.RequireRenderable(rendered.Markdown, "the message made from the template and the values given");
            if (Exercises.ExerciseSafety.AllowedRecipients(write.Connection, write.Transaction, incident.Id) is not null)
            {
                var (subject, body) = Exercises.ExerciseSafety.Marked(rendered.Subject, rendered.Markdown, template.Language);
                rendered = rendered with { Subject = subject, Markdown = body };
            }
            var messageId = write.Connection.ExecuteScalar<long>(
                """
                INSERT INTO messages (incident_id, step_id, template_id, template_version, template_hash, language, audience, channel,
                                      recipients, variables, subject, body, status, created_by, created_at)
                VALUES (@IncidentId, @StepId, @TemplateId, @Version, @Hash, @Language, @Audience, @Channel,
                        @Recipients, @Variables, @Subject, @Body, 'draft', @Actor, @Now)
                RETURNING id
                """,
                new
                {
                    IncidentId = incident.Id, request.StepId, TemplateId = template.Id, template.Version, template.Hash, template.Language,
                    template.Audience, template.Channel, Recipients = JsonSerializer.Serialize(recipients),
                    Variables = JsonSerializer.Serialize(request.Variables), Subject = rendered.Subject, Body = rendered.Markdown, Actor = actor.Name, Now = write.Now,
                }, write.Transaction);
            write.Record(incident, actor, EventKinds.MessageDrafted,
                new { message = messageId, template = template.Id, template.Version, template.Language, template.Audience, template.Channel, subject = rendered.Subject });
            ChatNotices.Tell(write, incident.Id, ChatEventKinds.MessageAwaitingApproval, new Dictionary<string, string?>
            {
                [ChatDetails.Audience] = template.Audience, [ChatDetails.Channel] = template.Channel, [ChatDetails.By] = actor.Name,
            });
            return messageId;
        });
        return Get(id);
    }

    /// <summary>Free editing after rendering; an edit withdraws an approval that has not gone out yet.</summary>
    public MessageView Edit(long id, string subject, string body, IReadOnlyList<string>? recipients, Actor actor, int? expectedVersion = null)
    {
        var cleanSubject = TextLimits.Require(subject, TextLimits.Title, "a subject");
        var cleanBody = TextLimits.RequireMarkdown(body, 100_000, "a message body");
        return Change(id, expectedVersion, actor, (write, row) =>
        {
            if (row.Status is not (MessageStatus.Draft or MessageStatus.Approved))
            {
                throw new RuleViolationException($"message {id} is {row.Status}: it can no longer be edited; draft a new one") { TextKey = RefusalTexts.MessageGoneOut };
            }
            var newRecipients = recipients is null ? row.RecipientList : CleanRecipients(recipients);
            write.Connection.Execute(
                """
                UPDATE messages SET subject = @cleanSubject, body = @cleanBody, recipients = @Recipients, status = 'draft',
                                    approved_by = NULL, approved_at = NULL, version = version + 1
                WHERE id = @id
                """, new { cleanSubject, cleanBody, Recipients = JsonSerializer.Serialize(newRecipients), id }, write.Transaction);
            return (EventKinds.MessageEdited, new { message = id, subject = cleanSubject, body = cleanBody, recipients = newRecipients });
        });
    }

    /// <summary>Approves the final text. An email is queued for every recipient in the same transaction.</summary>
    public MessageView Approve(long id, Actor actor, int? expectedVersion = null) =>
        Change(id, expectedVersion, actor, (write, row) =>
        {
            EnsureMayApprove(write.Connection, write.Transaction, row, actor);
            if (row.Status != MessageStatus.Draft) throw new RuleViolationException($"message {id} is {row.Status}, not a draft awaiting approval") { TextKey = RefusalTexts.NotAwaitingApproval };
            row = WithSettingsFilledIn(write, row);
            var missing = MissingIn(row.Subject, row.Body);
            if (missing.Count > 0) throw new RuleViolationException($"fill in {string.Join(", ", missing)} before approving") { TextKey = RefusalTexts.MissingDetails };
            var isEmail = row.Channel == Channels.Email;
            if (isEmail && row.RecipientList.Count == 0) throw new RuleViolationException("an email needs at least one recipient") { TextKey = RefusalTexts.NoRecipient };
            write.Connection.Execute("UPDATE messages SET status = @status, approved_by = @by, approved_at = @now, version = version + 1 WHERE id = @id",
                new { status = isEmail ? MessageStatus.Queued : MessageStatus.Approved, by = actor.Name, now = write.Now, id }, write.Transaction);
            if (isEmail) Outbox.Enqueue(write.Connection, write.Transaction, row, write.Now);
            return (EventKinds.MessageApproved, new { message = id, row.Channel, subject = row.Subject, body = row.Body, recipients = row.RecipientList });
        });

    /// <summary>For channels Crisis does not send itself (press release, social post, platform message): who published it and when.</summary>
    public MessageView MarkPublished(long id, Actor actor) =>
        Change(id, null, actor, (write, row) =>
        {
            if (row.Channel == Channels.Email) throw new RuleViolationException("email is sent by Crisis itself, not published by hand") { TextKey = RefusalTexts.SentByCrisis };
            if (row.Status != MessageStatus.Approved) throw new RuleViolationException($"message {id} is {row.Status}: only an approved message can be published") { TextKey = RefusalTexts.NotApproved };
            write.Connection.Execute("UPDATE messages SET status = 'published', published_by = @by, published_at = @now, version = version + 1 WHERE id = @id",
                new { by = actor.Name, now = write.Now, id }, write.Transaction);
            return (EventKinds.MessagePublished, new { message = id, row.Channel, subject = row.Subject, body = row.Body });
        });

    public MessageView Get(long id)
    {
        using var connection = database.Open();
        var row = MessageRow.Load(connection, null, id) ?? throw new NotFoundException($"no message {id}");
        var deliveries = connection.Query<Delivery>(
            "SELECT recipient, status, attempts, next_attempt_at, last_error, server_reply, sent_at FROM outbox WHERE message_id = @id ORDER BY id",
            new { id }).ToList();
        var view = row.ToView(deliveries);
        if (row.Status != MessageStatus.Draft) return view;
        // A draft shows what approving it would send: brand and regulator values an admin set since it was drafted fill their gaps.
        var (subject, body) = FillSettings(connection, null, row);
        return view with { Subject = subject, Markdown = body, MissingVariables = MissingIn(subject, body) };
    }

    /// <summary>
    /// A brand or regulator value missing when the draft was made shows as [[brand.hotline]] or [[regulator.contact]]; once
    /// the organisation settings or the regulator directory hold it, approval writes it in, so saving the settings unblocks
    /// drafts already waiting. Other gaps stay for a person to fill.
    /// </summary>
    private (string Subject, string Body) FillSettings(IDbConnection connection, IDbTransaction? transaction, MessageRow row)
    {
        var (subject, body) = (row.Subject, row.Body);
        var settings = new (string Prefix, Func<IReadOnlyDictionary<string, string>> Values)[]
        {
            ("brand.", () => organisation.Brand(row.Language).ToTemplateValues()),
            ("regulator.", () => regulators.TemplateValues(PlaybookCategory(connection, transaction, row.IncidentId), row.Language)),
        };
        foreach (var (prefix, values) in settings)
        {
            if (!subject.Contains("[[" + prefix, StringComparison.Ordinal) && !body.Contains("[[" + prefix, StringComparison.Ordinal)) continue;
            foreach (var (field, value) in values().Where(pair => !string.IsNullOrWhiteSpace(pair.Value)))
            {
                subject = subject.Replace($"[[{prefix}{field}]]", value, StringComparison.Ordinal);
                body = body.Replace($"[[{prefix}{field}]]", value, StringComparison.Ordinal);
            }
        }
        return (subject, body);
    }

    private MessageRow WithSettingsFilledIn(IncidentWrite write, MessageRow row)
    {
        var (subject, body) = FillSettings(write.Connection, write.Transaction, row);
        if (subject == row.Subject && body == row.Body) return row;
        write.Connection.Execute("UPDATE messages SET subject = @subject, body = @body WHERE id = @Id", new { subject, body, row.Id }, write.Transaction);
        return MessageRow.Load(write.Connection, write.Transaction, row.Id)!;
    }

    public IReadOnlyList<MessageView> ForIncident(string key)
    {
        using var connection = database.Open();
        var ids = connection.Query<long>("SELECT m.id FROM messages m JOIN incidents i ON i.id = m.incident_id WHERE i.key = @key ORDER BY m.id DESC", new { key });
        return ids.Select(Get).ToList();
    }

    /// <summary>The drafts in incidents still being worked that <paramref name="actor"/> may approve, oldest first.</summary>
    public IReadOnlyList<MessageAwaitingApproval> AwaitingApprovalBy(Actor actor)
    {
        using var connection = database.Open();
        var drafts = connection.Query<(long Id, string IncidentTitle, bool IsExercise)>(
            """
            SELECT m.id, i.title, i.is_exercise FROM messages m JOIN incidents i ON i.id = m.incident_id
            WHERE m.status = 'draft' AND i.status IN ('open', 'contained')
            ORDER BY m.created_at, m.id
            """);
        return drafts
            .Select(draft => (draft, row: MessageRow.Load(connection, null, draft.Id)!))
            .Where(d => ApprovalRefusal(connection, null, d.row, actor) is null)
            .Select(d => new MessageAwaitingApproval(d.row.Id, d.row.IncidentKey, d.draft.IncidentTitle, d.draft.IsExercise, d.row.Subject,
                d.row.CreatedBy, d.row.CreatedAt, MissingIn(d.row.Subject, d.row.Body).Count == 0))
            .ToList();
    }

    /// <summary>Whether <paramref name="actor"/> may approve the message: what the page asks before offering the button.</summary>
    public bool MayApprove(long id, Actor actor)
    {
        using var connection = database.Open();
        var row = MessageRow.Load(connection, null, id) ?? throw new NotFoundException($"no message {id}");
        return ApprovalRefusal(connection, null, row, actor) is null;
    }

    private static void EnsureMayApprove(IDbConnection connection, IDbTransaction transaction, MessageRow row, Actor actor)
    {
        if (ApprovalRefusal(connection, transaction, row, actor) is { } refusal) throw new ForbiddenException(refusal);
    }

    /// <summary>
    /// Commanders and admins approve any message. Anyone else who may act on steps approves only while they hold, in this
    /// incident, the commander role or a role the playbook lists under 'approvers' (matched through their account's email).
    /// </summary>
    private static string? ApprovalRefusal(IDbConnection connection, IDbTransaction? transaction, MessageRow row, Actor actor)
    {
        if (actor.AccountRole is not { } accountRole || !Permissions.Allows(accountRole, Permissions.ActOnSteps))
        {
            return "your account may not approve messages";
        }
        if (Permissions.Allows(accountRole, Permissions.ManageIncidents)) return null;
        var named = JsonSerializer.Deserialize<List<string>>(connection.ExecuteScalar<string?>(
            $"SELECT {SqlJson.Field("snapshot", "approvers")} FROM incidents WHERE id = @IncidentId", new { row.IncidentId }, transaction) ?? "[]") ?? [];
        var approvers = named.Prepend(CommanderRole).Distinct().ToList();
        var held = actor.Email is null ? [] : connection.Query<string>(
            """
            SELECT r.role_key FROM incident_roles r JOIN people p ON p.id = r.person_id
            WHERE r.incident_id = @IncidentId AND p.email = @Email COLLATE NOCASE
            """, new { row.IncidentId, actor.Email }, transaction);
        return held.Any(approvers.Contains)
            ? null
            : $"only the incident commander or someone holding one of these roles in {row.IncidentKey} may approve its messages: {string.Join(", ", approvers)}";
    }

    private const string CommanderRole = "commander";

    /// <summary>A change to a message, recorded on its incident's timeline; returns the message as it is then.</summary>
    private MessageView Change(long id, int? expectedVersion, Actor actor, Func<IncidentWrite, MessageRow, (string Kind, object Data)> apply)
    {
        Writer.Write(write =>
        {
            var row = MessageRow.Load(write.Connection, write.Transaction, id) ?? throw new NotFoundException($"no message {id}");
            IncidentWrite.EnsureVersion(expectedVersion, row.Version, () =>
                $"message {id} was changed since you loaded it (version {row.Version}, you had {expectedVersion}); reload and try again");
            var (kind, data) = apply(write, row);
            write.Record(row.IncidentId, row.IncidentKey, actor.Name, kind, data);
        });
        return Get(id);
    }

    private IncidentWriter Writer => new(database, time, changes);

    private RenderedMessage Render(IDbConnection connection, IDbTransaction? transaction, IncidentRecord incident, MessageTemplate template,
        IReadOnlyDictionary<string, string> variables, DateTimeOffset now)
    {
        var culture = SharedTexts.In(template.Language);
        var zone = organisation.TimeZoneFor(culture);
        return TemplateRenderer.Render(template, new TemplateModel(IncidentValues(connection, transaction, incident, zone, culture),
            organisation.Brand(template.Language).ToTemplateValues(), regulators.TemplateValues(PlaybookCategory(connection, transaction, incident.Id), template.Language),
            now, variables, zone));
    }

    /// <summary>The category of the playbook the incident was opened from, which chooses the regulator its templates address.</summary>
    private static string PlaybookCategory(IDbConnection connection, IDbTransaction? transaction, long incidentId) =>
        connection.ExecuteScalar<string?>($"SELECT {SqlJson.Field("snapshot", "category")} FROM incidents WHERE id = @incidentId", new { incidentId }, transaction) ?? "";

    /// <summary>The incident as a message in <paramref name="culture"/> quotes it: severity and status in words, times in the brand's zone.</summary>
    private static IReadOnlyDictionary<string, string> IncidentValues(IDbConnection connection, IDbTransaction? transaction, IncidentRecord incident,
        TimeZoneInfo zone, CultureInfo culture)
    {
        var details = connection.QuerySingle<(string Status, string PlaybookTitle)>(
            $"SELECT status, {SqlJson.Field("snapshot", "title")} FROM incidents WHERE id = @Id", new { incident.Id }, transaction);
        var commander = connection.ExecuteScalar<string?>(
            "SELECT p.name FROM incident_roles r JOIN people p ON p.id = r.person_id WHERE r.incident_id = @Id AND r.role_key = 'commander'",
            new { incident.Id }, transaction);
        return new Dictionary<string, string>
        {
            ["key"] = incident.Key,
            ["title"] = incident.Title,
            ["severity"] = SharedTexts.Severity(incident.Severity, culture),
            ["status"] = SharedTexts.Get("status:" + details.Status, culture),
            ["opened_at"] = SharedTexts.ZonedTime(incident.OpenedAt, zone, culture),
            ["commander"] = commander ?? "",
            ["playbook"] = details.PlaybookTitle,
        };
    }

    internal static IReadOnlyList<string> MissingIn(string subject, string body)
    {
        var missing = new List<string>();
        foreach (var text in new[] { subject, body })
        {
            for (var start = text.IndexOf("[[", StringComparison.Ordinal); start >= 0; start = text.IndexOf("[[", start + 2, StringComparison.Ordinal))
            {
                var end = text.IndexOf("]]", start, StringComparison.Ordinal);
                if (end < 0) break;
                var name = text[(start + 2)..end];
                if (name.Length > 0 && name.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.') && !missing.Contains(name)) missing.Add(name);
            }
        }
        return missing;
    }

    /// <summary>More than a crisis message needs, and few enough that one draft cannot queue a flood of email.</summary>
    public const int MaxRecipients = 500;

    private static List<string> CleanRecipients(IEnumerable<string> recipients)
    {
        var clean = recipients.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (clean.Count > MaxRecipients)
            throw new RuleViolationException($"'recipients' holds {clean.Count} addresses; a message goes to at most {MaxRecipients}: send to a distribution list instead")
                { Field = "recipients", TextKey = RefusalTexts.TooManyRecipients, TextArguments = [MaxRecipients] };
        var invalid = clean.FirstOrDefault(r => !EmailAddresses.IsValid(r));
        return invalid is null ? clean : throw EmailAddresses.Invalid(invalid, "recipients");
    }
}

internal sealed class MessageRow
{
    public long Id { get; init; }
    public long IncidentId { get; init; }
    public string IncidentKey { get; init; } = "";
    public string? StepId { get; init; }
    public string TemplateId { get; init; } = "";
    public int TemplateVersion { get; init; }
    public string Language { get; init; } = "";
    public string Audience { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Recipients { get; init; } = "[]";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public string Status { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? PublishedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public int Version { get; init; }

    public IReadOnlyList<string> RecipientList => JsonSerializer.Deserialize<List<string>>(Recipients) ?? [];

    public static MessageRow? Load(IDbConnection connection, IDbTransaction? transaction, long id) =>
        connection.QuerySingleOrDefault<MessageRow>(
            """
            SELECT m.id, m.incident_id, i.key AS incident_key, m.step_id, m.template_id, m.template_version, m.language, m.audience, m.channel,
                   m.recipients, m.subject, m.body, m.status, m.created_by, m.created_at, m.approved_by, m.approved_at,
                   m.published_by, m.published_at, m.version
            FROM messages m JOIN incidents i ON i.id = m.incident_id WHERE m.id = @id
            """, new { id }, transaction);

    public MessageView ToView(IReadOnlyList<Delivery> deliveries) => new()
    {
        Id = Id, IncidentKey = IncidentKey, StepId = StepId, TemplateId = TemplateId, TemplateVersion = TemplateVersion, Language = Language,
        Audience = Audience, Channel = Channel, Recipients = RecipientList, Subject = Subject, Markdown = Body,
        MissingVariables = Messages.MissingIn(Subject, Body), Status = Status, CreatedBy = CreatedBy, CreatedAt = CreatedAt,
        ApprovedBy = ApprovedBy, ApprovedAt = ApprovedAt, PublishedBy = PublishedBy, PublishedAt = PublishedAt, Version = Version,
        Deliveries = deliveries,
    };
}
