namespace Crisis.Core;

/// <summary>
/// A request the domain refuses, in words a person can read. Pages show the message; the API answers with the
/// status the subtype stands for. Anything else that escapes is a defect. The message is English for the API and logs;
/// a refusal a form can meet also gives its words in the shared texts (<see cref="TextKey"/>, a <see cref="RefusalTexts"/> key),
/// and names its <see cref="Field"/> when it is about one, so a page shows it in the reader's language, beside that field
/// or above the form.
/// </summary>
public abstract class DomainException(string message) : Exception(message)
{
    /// <summary>The request field the refusal is about, as the API names it ("title", "ordersAffected", "roles.quality"); null for the request as a whole.</summary>
    public string? Field { get; init; }

    public string? TextKey { get; init; }

    public object[] TextArguments { get; init; } = [];

    /// <summary>Other fields of the same request that are wrong too, for a form to show each beside its own field.</summary>
    public IReadOnlyList<RuleViolationException> AlsoWrong { get; init; } = [];

    /// <summary>One refusal for several wrong fields: the first one's, carrying the rest (<see cref="AlsoWrong"/>).</summary>
    public static RuleViolationException Together(IReadOnlyList<RuleViolationException> problems) =>
        new(string.Join("; ", problems.Select(problem => problem.Message)))
        {
            Field = problems[0].Field, TextKey = problems[0].TextKey, TextArguments = problems[0].TextArguments, AlsoWrong = problems.Skip(1).ToList(),
        };
}

/// <summary>A request that names something that does not exist.</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>A request that breaks a rule of the domain (missing reason, unknown role, closed incident).</summary>
public sealed class RuleViolationException(string message) : DomainException(message);

/// <summary>Keys of the shared texts for refusals a form shows beside the field they are about, or above it for the request as a whole (see <see cref="DomainException.TextKey"/>).</summary>
public static class RefusalTexts
{
    public const string Required = "refusal:required";
    public const string TooLong = "refusal:too-long";
    public const string Invisible = "refusal:invisible";
    public const string NotOneLine = "refusal:not-one-line";
    public const string ControlCharacter = "refusal:control-character";
    public const string CountRange = "refusal:count-range";
    public const string AmountRange = "refusal:amount-range";
    public const string Cents = "refusal:cents";
    public const string Currency = "refusal:currency";
    public const string NoFigures = "refusal:no-figures";
    public const string Email = "refusal:email";
    public const string TooManyRecipients = "refusal:too-many-recipients";
    public const string UnknownRole = "refusal:unknown-role";
    public const string NoSuchPerson = "refusal:no-such-person";
    public const string NoParticipants = "refusal:no-participants";
    public const string Speed = "refusal:speed";
    public const string EmailAddress = "refusal:email-address";
    public const string WebAddress = "refusal:web-address";
    public const string PhoneNumber = "refusal:phone-number";
    public const string TimeZone = "refusal:time-zone";
    public const string Rating = "refusal:rating";
    public const string IncidentClosed = "refusal:incident-closed";
    public const string Severity = "refusal:severity";
    public const string OpenSteps = "refusal:open-steps";
    public const string ChangedSince = "refusal:changed-since";
    public const string MessageGoneOut = "refusal:message-gone-out";
    public const string NotAwaitingApproval = "refusal:not-awaiting-approval";
    public const string MissingDetails = "refusal:missing-details";
    public const string NoRecipient = "refusal:no-recipient";
    public const string SentByCrisis = "refusal:sent-by-crisis";
    public const string NotApproved = "refusal:not-approved";
    public const string ExerciseRecipient = "refusal:exercise-recipient";
    public const string ReviewNotYet = "refusal:review-not-yet";
    public const string ReviewStage = "refusal:review-stage";
    public const string ReviewPublished = "refusal:review-published";
    public const string UserExists = "refusal:user-exists";
    public const string ExerciseEnded = "refusal:exercise-ended";
    public const string InjectReleased = "refusal:inject-released";
    public const string AlreadyPaused = "refusal:already-paused";
    public const string NotPaused = "refusal:not-paused";
    public const string NoEmailForDryRun = "refusal:no-email-for-dry-run";
    public const string DryRunUndeliverable = "refusal:dry-run-undeliverable";
    public const string NotATrainer = "refusal:not-a-trainer";
    public const string AlreadyRuns = "refusal:already-runs";
    public const string FeedbackNotYet = "refusal:feedback-not-yet";
    public const string EndExerciseFirst = "refusal:end-exercise-first";
    public const string OnlyLateOrMissed = "refusal:only-late-or-missed";
    public const string PlaybookUnreadable = "refusal:playbook-unreadable";
    public const string PlaybookErrors = "refusal:playbook-errors";
    public const string ScenarioErrors = "refusal:scenario-errors";
    public const string TemplateUnrenderable = "refusal:template-unrenderable";
    public const string TooManyWhys = "refusal:too-many-whys";
    public const string NestedTooDeep = "refusal:nested-too-deep";
    public const string NoLinkedCases = "refusal:no-linked-cases";
    public const string ResponseClock = "refusal:response-clock";
    public const string ResolutionClock = "refusal:resolution-clock";
    public const string RetentionDays = "refusal:retention-days";
    public const string InTheFuture = "refusal:in-the-future";
    public const string TooLongAgo = "refusal:too-long-ago";
    public const string OldExcelFile = "refusal:old-excel-file";
    public const string UnreadableFile = "refusal:unreadable-file";
    public const string NoRowsInFile = "refusal:no-rows-in-file";
    public const string NoSuchColumn = "refusal:no-such-column";
    public const string UnknownChannel = "refusal:unknown-channel";
    public const string UnknownCategory = "refusal:unknown-category";
    public const string UnreadableTime = "refusal:unreadable-time";
    public const string UnknownStatus = "refusal:unknown-status";
    public const string ResolvedTime = "refusal:resolved-time";
    public const string ResolvedButOpen = "refusal:resolved-but-open";
    public const string NumberRange = "refusal:number-range";
    public const string WordCount = "refusal:word-count";
    public const string UnknownPlaybook = "refusal:unknown-playbook";
    public const string SignalClosed = "refusal:signal-closed";
    public const string MergeIntoItself = "refusal:merge-into-itself";
    public const string SourceName = "refusal:source-name";
    public const string SourceExists = "refusal:source-exists";
    public const string Date = "refusal:date";
    public const string UnknownScenario = "refusal:unknown-scenario";
    public const string CloseOnFollowUps = "refusal:close-on-follow-ups";
    public const string WhatWasDone = "refusal:what-was-done";
    public const string WontDoWhy = "refusal:wont-do-why";
    public const string FollowUpClosed = "refusal:follow-up-closed";
    public const string NotClosing = "refusal:not-closing";
    public const string NoPlaybookToChange = "refusal:no-playbook-to-change";
    public const string UnknownPlaybookVersion = "refusal:unknown-playbook-version";
    public const string NextUpdateInThePast = "refusal:status-update-next";
    public const string NextUpdateTooFar = "refusal:status-update-too-far";
    public const string SubscriberWithoutEmail = "refusal:subscriber-without-email";

    public static IReadOnlyList<string> All { get; } =
        [Required, TooLong, Invisible, NotOneLine, CountRange, AmountRange, Cents, Currency, NoFigures, Email, TooManyRecipients, UnknownRole, NoSuchPerson, NoParticipants, Speed,
         EmailAddress, WebAddress, PhoneNumber, TimeZone, Rating,
         IncidentClosed, Severity, OpenSteps, ChangedSince, MessageGoneOut, NotAwaitingApproval, MissingDetails, NoRecipient, SentByCrisis,
         NotApproved, ExerciseRecipient, ReviewNotYet, ReviewStage, ReviewPublished, UserExists, ExerciseEnded, InjectReleased, AlreadyPaused,
         NotPaused, NoEmailForDryRun, DryRunUndeliverable, NotATrainer, AlreadyRuns, FeedbackNotYet, EndExerciseFirst, OnlyLateOrMissed,
         PlaybookUnreadable, PlaybookErrors, ScenarioErrors, TemplateUnrenderable, TooManyWhys, NestedTooDeep, NoLinkedCases, ResponseClock, ResolutionClock,
         RetentionDays, InTheFuture, TooLongAgo, OldExcelFile, UnreadableFile, NoRowsInFile, NoSuchColumn, UnknownChannel, UnknownCategory, UnreadableTime,
         UnknownStatus, ResolvedTime, ResolvedButOpen, NumberRange, WordCount, UnknownPlaybook, SignalClosed, MergeIntoItself, SourceName, SourceExists, Date, UnknownScenario,
         CloseOnFollowUps, WhatWasDone, WontDoWhy, FollowUpClosed, NotClosing, NoPlaybookToChange, UnknownPlaybookVersion, NextUpdateInThePast, NextUpdateTooFar,
         SubscriberWithoutEmail];
}

/// <summary>Upper bounds on free text, so one paste cannot bloat every timeline export.</summary>
public static class TextLimits
{
    public const int Title = 200;
    public const int Note = 4000;

    /// <summary>
    /// A single line of text (a title, a name, a subject), trimmed: refused when missing, too long, holding a control
    /// character (NUL, a line break, a tab), a bidirectional override that would make it read other than it is stored,
    /// or made only of characters that show nothing (spaces, zero-width and other format characters).
    /// </summary>
    /// <param name="field">The request field the text came in, named on a refusal for a form to show it there.</param>
    public static string Require(string? text, int limit, string what, string? field = null)
    {
        var trimmed = RequireLength(text, limit, what, field);
        if (trimmed.All(ShowsNothing))
            throw new RuleViolationException($"{what} is required: it holds only invisible characters") { Field = field, TextKey = RefusalTexts.Invisible };
        var index = trimmed.AsSpan().IndexOfAny(NotOnOneLine);
        if (index >= 0)
            throw new RuleViolationException($"{what} must be one line of plain text: it holds U+{(int)trimmed[index]:X4} at character {index + 1}") { Field = field, TextKey = RefusalTexts.NotOneLine };
        return trimmed;
    }

    /// <summary>Whether the text holds none of the characters a single line of plain text may not (see <see cref="Require"/>).</summary>
    public static bool IsOneLine(string text) => !text.AsSpan().ContainsAny(NotOnOneLine);

    /// <summary>
    /// Free text shown as Markdown, trimmed: refused when missing, too long, nested too deep to render, or holding a
    /// control character other than a line break or a tab (a NUL would reach emails, chat and the timeline as is).
    /// </summary>
    public static string RequireMarkdown(string? text, int limit, string what, string? field = null)
    {
        var trimmed = RequireLength(text, limit, what, field);
        var index = trimmed.AsSpan().IndexOfAny(NotInText);
        if (index >= 0)
            throw new RuleViolationException($"{what} holds the control character U+{(int)trimmed[index]:X4} at character {index + 1}") { Field = field, TextKey = RefusalTexts.ControlCharacter };
        return Text.SafeMarkdown.RequireRenderable(trimmed, what, field);
    }

    private static string RequireLength(string? text, int limit, string what, string? field = null)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new RuleViolationException($"{what} is required") { Field = field, TextKey = RefusalTexts.Required };
        if (trimmed.Length > limit)
            throw new RuleViolationException($"{what} is {trimmed.Length} characters; the limit is {limit}") { Field = field, TextKey = RefusalTexts.TooLong, TextArguments = [trimmed.Length, limit] };
        return trimmed;
    }

    /// <summary>Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the bidi embeddings, overrides and isolates.</summary>
    private static readonly System.Buffers.SearchValues<char> NotOnOneLine = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
         '\u2028', '\u2029', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']);

    /// <summary>Control characters (C0 but the tab and line breaks, DEL, C1): what no text people write holds.</summary>
    private static readonly System.Buffers.SearchValues<char> NotInText = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static bool ShowsNothing(char c) =>
        char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Control
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}

/// <summary>A request made against a state that has changed since the caller read it.</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>A request by someone whose place in this incident does not allow it (an API 403).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>
/// Collects every wrong field of a request instead of stopping at the first, so a form or an API answer names them all:
/// each <see cref="Check{T}"/> gives the field's valid value, or keeps its refusal and gives the default.
/// </summary>
public sealed class FieldProblems
{
    private readonly List<RuleViolationException> _problems = [];

    public IReadOnlyList<RuleViolationException> All => _problems;

    public T? Check<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (RuleViolationException problem)
        {
            _problems.Add(problem);
            return default;
        }
    }

    public void Add(RuleViolationException problem) => _problems.Add(problem);

    /// <summary>Refuses the request with every problem found, if there is one.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw RuleViolationException.Together(_problems);
    }
}
