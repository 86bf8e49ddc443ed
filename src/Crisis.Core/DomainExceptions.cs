namespace Crisis.Core;

/// <summary>A request that names something that does not exist.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>A request that breaks a rule of the domain (missing reason, unknown role, closed incident).</summary>
public sealed class RuleViolationException(string message) : Exception(message);

/// <summary>A request made against a state that has changed since the caller read it.</summary>
public sealed class ConflictException(string message) : Exception(message);
