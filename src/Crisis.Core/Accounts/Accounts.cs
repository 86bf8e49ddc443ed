using System.Security.Cryptography;
using System.Text;
using Crisis.Core.Storage;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Crisis.Core.Accounts;

public sealed record User(long Id, string Name, string? Email, string Role);

/// <summary>An account as the admin's list of users shows it.</summary>
public sealed class UserAccount
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Email { get; init; }
    public string Role { get; init; } = "";
    public DateTimeOffset? DisabledAt { get; init; }
    public bool IsDisabled => DisabledAt is not null;
}

/// <summary>An API token as an admin sees it: never the token itself, which is shown once at creation.</summary>
public sealed class ApiToken
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>The signed-in user with the account's current security stamp, or null when the name or password is wrong.</summary>
public sealed record SignInResult(User? User, string? SecurityStamp = null);

/// <summary>Accounts that sign in or call the API: passwords through ASP.NET Core Identity's PasswordHasher, tokens stored as SHA-256.</summary>
public sealed class Accounts(Database database, TimeProvider time)
{
    private const string TokenPrefix = "crisis_";
    private static readonly PasswordHasher<User> Hasher = new();

    public User AddUser(string name, string role, string password, string? email = null)
    {
        name = TextLimits.Require(name, TextLimits.Title, "a user name");
        if (!Roles.IsKnown(role)) throw new RuleViolationException($"unknown role '{role}': use one of {string.Join(", ", Roles.All)}");
        PasswordRules.Require(name, password);
        using var connection = database.Open();
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM users WHERE name = @name", new { name }) > 0)
        {
            throw new ConflictException($"a user named '{name}' already exists") { TextKey = RefusalTexts.UserExists, TextArguments = [name] };
        }
        var user = new User(0, name, email, role);
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO users (name, email, role, password_hash, created_at, security_stamp)
            VALUES (@name, @email, @role, @hash, @at, @stamp) RETURNING id
            """,
            new { name, email, role, hash = Hasher.HashPassword(user, password), at = time.GetUtcNow(), stamp = NewSecurityStamp() });
        return user with { Id = id };
    }

    public int CountUsers()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM users");
    }

    public IReadOnlyList<UserAccount> ListUsers()
    {
        using var connection = database.Open();
        return connection.Query<UserAccount>("SELECT id, name, email, role, disabled_at FROM users ORDER BY name").ToList();
    }

    /// <summary>
    /// Raised with the user's id after a new security stamp ended their sessions (role, password, disabling, sign-out),
    /// so that connections opened before, which no request re-checks, can be closed too.
    /// </summary>
    public event Action<long>? SessionsEnded;

    /// <summary>Changes the role and ends the user's sessions, so no cookie keeps the role it signed in with.</summary>
    public void SetRole(string name, string role)
    {
        if (!Roles.IsKnown(role)) throw new RuleViolationException($"unknown role '{role}': use one of {string.Join(", ", Roles.All)}");
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long?>("UPDATE users SET role = @role, security_stamp = @stamp WHERE name = @name RETURNING id",
            new { role, name, stamp = NewSecurityStamp() }) ?? throw new NotFoundException($"no user named '{name}'");
        SessionsEnded?.Invoke(id);
    }

    /// <summary>Sets a new password and ends the user's sessions everywhere.</summary>
    public void SetPassword(string name, string password)
    {
        var user = FindUser(name) ?? throw new NotFoundException($"no user named '{name}'");
        PasswordRules.Require(user.Name, password);
        using var connection = database.Open();
        connection.Execute("UPDATE users SET password_hash = @hash, security_stamp = @stamp WHERE id = @Id",
            new { hash = Hasher.HashPassword(user, password), stamp = NewSecurityStamp(), user.Id });
        SessionsEnded?.Invoke(user.Id);
    }

    /// <summary>Disables the account: its sessions end, and it can no longer sign in or use its API tokens.</summary>
    public void Disable(string name)
    {
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long?>("UPDATE users SET disabled_at = @at, security_stamp = @stamp WHERE name = @name RETURNING id",
            new { at = time.GetUtcNow(), stamp = NewSecurityStamp(), name }) ?? throw new NotFoundException($"no user named '{name}'");
        SessionsEnded?.Invoke(id);
    }

    /// <summary>Ends every cookie session of the user (sign-out): a cookie signed in before, even a copied one, is refused.</summary>
    public void EndSessions(long userId)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE users SET security_stamp = @stamp WHERE id = @userId", new { stamp = NewSecurityStamp(), userId });
        SessionsEnded?.Invoke(userId);
    }

    /// <returns>The account as it is now when <paramref name="securityStamp"/> is still its stamp; null when the session has ended.</returns>
    public User? FindSession(long userId, string securityStamp)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<User>(
            """
            SELECT id, name, email, role FROM users
            WHERE id = @userId AND security_stamp = @securityStamp AND security_stamp <> '' AND disabled_at IS NULL
            """,
            new { userId, securityStamp });
    }

    private static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public IReadOnlyList<ApiToken> ListTokens()
    {
        using var connection = database.Open();
        return connection.Query<ApiToken>(
            "SELECT t.id, u.name AS user_name, t.created_at, t.expires_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.created_at DESC").ToList();
    }

    public void RevokeToken(long id)
    {
        using var connection = database.Open();
        if (connection.Execute("DELETE FROM api_tokens WHERE id = @id", new { id }) == 0) throw new NotFoundException($"no API token {id}");
    }

    public User? FindUser(string name)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<User>("SELECT id, name, email, role FROM users WHERE name = @name", new { name });
    }

    private readonly SignInDelays _delays = new(time);

    /// <summary>The hash checked when no enabled account has the name, so that an unknown name costs one hash verification too.</summary>
    private static readonly Lazy<string> HashForUnknownNames =
        new(() => Hasher.HashPassword(new User(0, "", null, ""), Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    /// <returns>The user when the password matches, else null. No sign-in delay: for checks that are not a sign-in.</returns>
    public User? CheckPassword(string name, string password) => VerifyPassword(name, password).User;

    /// <summary>
    /// Signs in after the wait the name's recent failures call for (<see cref="SignInDelays"/>): never a lockout, so
    /// the right password always works once the wait is over, however many wrong ones strangers sent.
    /// A name no enabled account holds is answered the same way, after the same wait and one hash verification.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string name, string password, CancellationToken cancellation = default)
    {
        await Task.Delay(_delays.DelayFor(name), time, cancellation);
        var result = VerifyPassword(name, password);
        if (result.User is null) _delays.Failed(name);
        else _delays.Succeeded(name);
        return result;
    }

    /// <summary>The wait the next sign-in of <paramref name="name"/> will start with.</summary>
    public TimeSpan SignInDelay(string name) => _delays.DelayFor(name);

    private SignInResult VerifyPassword(string name, string password)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(long Id, string? Name, string? Email, string? Role, string? Hash, string? Stamp)>(
            "SELECT id, name, email, role, password_hash, security_stamp FROM users WHERE name = @name AND disabled_at IS NULL",
            new { name });
        var user = new User(row.Id, row.Name ?? "", row.Email, row.Role ?? "");
        var matches = Hasher.VerifyHashedPassword(user, row.Hash ?? HashForUnknownNames.Value, password) != PasswordVerificationResult.Failed;
        return matches && row.Hash is not null ? new SignInResult(user, row.Stamp) : new SignInResult(null);
    }

    /// <summary>How often a token's last use is written: at most once a minute, so API calls do not each write.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>The lifetimes, in days, the tokens page and the CLI offer (besides no expiry).</summary>
    public static readonly IReadOnlyList<int> TokenValidDaysChoices = [30, 90, 365];

    /// <returns>The lifetime of one of <see cref="TokenValidDaysChoices"/>, or null (no expiry) for none; any other number is refused.</returns>
    public static TimeSpan? TokenLifetime(int? validDays) => validDays switch
    {
        null => null,
        { } days when TokenValidDaysChoices.Contains(days) => TimeSpan.FromDays(days),
        { } days => throw new RuleViolationException($"a token is valid for {string.Join(", ", TokenValidDaysChoices)} days or never, not {days} days"),
    };

    /// <param name="validFor">How long the token works; null for no expiry.</param>
    /// <returns>The token itself, shown once; only its hash is stored.</returns>
    public string CreateToken(string userName, TimeSpan? validFor = null)
    {
        if (validFor <= TimeSpan.Zero) throw new RuleViolationException("a token must be valid for a positive time");
        var user = FindUser(userName) ?? throw new NotFoundException($"no user named '{userName}'");
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var connection = database.Open();
        var now = time.GetUtcNow();
        connection.Execute("INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES (@userId, @hash, @now, @expiresAt)",
            new { userId = user.Id, hash = HashToken(token), now, expiresAt = now + validFor });
        return token;
    }

    public User? FindByToken(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        using var connection = database.Open();
        var found = connection.QuerySingleOrDefault<(long Id, string Name, string? Email, string Role, long TokenId, string? ExpiresAt, string? LastUsedAt)>(
            """
            SELECT u.id, u.name, u.email, u.role, t.id, t.expires_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND u.disabled_at IS NULL
            """, new { hash = HashToken(token) });
        var now = time.GetUtcNow();
        if (found.Name is null || Timestamps.ParseOrNull(found.ExpiresAt) <= now) return null;
        if (Timestamps.ParseOrNull(found.LastUsedAt) is not { } lastUsed || now - lastUsed >= LastUseResolution)
        {
            try
            {
                connection.Execute("UPDATE api_tokens SET last_used_at = @now WHERE id = @TokenId", new { now, found.TokenId });
            }
            catch (Microsoft.Data.Sqlite.SqliteException exception) when (database.Health.Failed(exception))
            {
                // The last use is a convenience: with the disk full or the file read-only, a token still reads.
            }
        }
        return new User(found.Id, found.Name, found.Email, found.Role);
    }

    /// <summary>Tokens are 256 random bits, so a fast hash is enough: there is nothing to guess.</summary>
    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>On first start there is no account: create an admin, with the given password or a generated one.</summary>
    /// <returns>The generated password, or null when none was needed.</returns>
    public (User User, string? GeneratedPassword)? EnsureAdmin(string? configuredPassword)
    {
        if (CountUsers() > 0) return null;
        var generated = string.IsNullOrEmpty(configuredPassword)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y')
            : null;
        var user = AddUser("admin", Roles.Admin, configuredPassword is { Length: > 0 } ? configuredPassword : generated!);
        return (user, generated);
    }
}
