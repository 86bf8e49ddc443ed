namespace Crisis.Core;

/// <summary>
/// A request the domain refuses, in words a person can read. Pages show the message; the API answers with the
/// status the subtype stands for. Anything else that escapes is a defect.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>A request that names something that does not exist.</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>A request that breaks a rule of the domain (missing reason, unknown role, closed incident).</summary>
public sealed class RuleViolationException(string message) : DomainException(message);

/// <summary>Upper bounds on free text, so one paste cannot bloat every timeline export.</summary>
public static class TextLimits
{
    public const int Title = 200;
    public const int Note = 4000;

    public static string Require(string? text, int limit, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new RuleViolationException($"{what} is required");
        if (trimmed.Length > limit) throw new RuleViolationException($"{what} is {trimmed.Length} characters; the limit is {limit}");
        return trimmed;
    }

    /// <summary><see cref="Require"/> for text shown as Markdown: also refused when nested too deep to render.</summary>
    public static string RequireMarkdown(string? text, int limit, string what) =>
        Text.SafeMarkdown.RequireRenderable(Require(text, limit, what), what);
}

/// <summary>A request made against a state that has changed since the caller read it.</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>A request by someone whose place in this incident does not allow it (an API 403).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);
