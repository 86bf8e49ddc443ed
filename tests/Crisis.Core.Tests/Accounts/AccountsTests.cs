using Dapper;

namespace Crisis.Core.Tests.Accounts;

public class AccountsTests : IDisposable
{
    private readonly TestDatabase _test = new();
    private readonly Core.Accounts.Accounts _accounts;

    public AccountsTests() => _accounts = new Core.Accounts.Accounts(_test.Database, _test.Time);

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Passwords_are_stored_hashed_and_checked()
    {
        _accounts.AddUser("mei", "commander", "correct horse battery", "mei@example.com");
        using var connection = _test.Database.Open();
        var stored = connection.ExecuteScalar<string>("SELECT password_hash FROM users WHERE name = 'mei'");
        Assert.DoesNotContain("correct horse", stored);
        Assert.Equal("commander", _accounts.CheckPassword("mei", "correct horse battery")?.Role);
        Assert.Null(_accounts.CheckPassword("mei", "wrong password"));
        Assert.Null(_accounts.CheckPassword("nobody", "correct horse battery"));
    }

    [Fact]
    public void A_password_hashed_before_Core_left_the_web_framework_still_signs_in()
    {
        // Made by ASP.NET Core 10's PasswordHasher when Core still referenced the whole framework (format v3, PBKDF2).
        const string storedBefore = "AQAAAAIAAYagAAAAEELReAgOWrjyg8rKcoa25ZTWA6TXeGU1iG3SDKHMkgVzZ1GYhsbR+2kGIfvd6+ZOsA==";
        _accounts.AddUser("mei", "commander", "another password");
        using (var connection = _test.Database.Open())
            connection.Execute("UPDATE users SET password_hash = @storedBefore WHERE name = 'mei'", new { storedBefore });
        Assert.Equal("mei", _accounts.CheckPassword("mei", "correct horse battery")?.Name);
        Assert.Null(_accounts.CheckPassword("mei", "another password"));
    }

    [Fact]
    public void Users_need_a_known_role_a_unique_name_and_a_real_password()
    {
        _accounts.AddUser("mei", "commander", "long enough");
        Assert.Throws<ConflictException>(() => _accounts.AddUser("MEI", "viewer", "long enough"));
        Assert.Throws<RuleViolationException>(() => _accounts.AddUser("x", "overlord", "long enough"));
        Assert.Throws<RuleViolationException>(() => _accounts.AddUser("y", "viewer", "short"));
    }

    [Fact]
    public void Repeated_failures_lock_the_account_for_a_while()
    {
        _accounts.AddUser("mei", "commander", "correct horse battery");
        for (var i = 1; i < Core.Accounts.Accounts.MaxFailedSignIns; i++) Assert.Null(_accounts.SignIn("mei", "guess").LockedUntil);
        var locked = _accounts.SignIn("mei", "guess");
        Assert.Equal(_test.Time.GetUtcNow() + Core.Accounts.Accounts.LockoutDuration, locked.LockedUntil);
        Assert.Null(_accounts.SignIn("mei", "correct horse battery").User);
        _test.Time.Advance(Core.Accounts.Accounts.LockoutDuration + TimeSpan.FromSeconds(1));
        Assert.NotNull(_accounts.SignIn("mei", "correct horse battery").User);
        Assert.Null(_accounts.SignIn("mei", "guess").LockedUntil); // the count started again
    }

    [Fact]
    public void Tokens_are_stored_hashed_and_find_their_user()
    {
        _accounts.AddUser("bot", "responder", "long enough");
        var token = _accounts.CreateToken("bot");
        using var connection = _test.Database.Open();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM api_tokens WHERE token_hash = @token", new { token }));
        Assert.Equal("bot", _accounts.FindByToken(token)?.Name);
        Assert.Null(_accounts.FindByToken(token + "x"));
        Assert.Null(_accounts.FindByToken("not-a-token"));
        Assert.Throws<NotFoundException>(() => _accounts.CreateToken("ghost"));
    }

    [Fact]
    public void Admins_change_roles_and_revoke_tokens()
    {
        _accounts.AddUser("bot", "viewer", "long enough");
        _accounts.SetRole("bot", "responder");
        Assert.Equal("responder", _accounts.FindUser("bot")!.Role);
        Assert.Throws<RuleViolationException>(() => _accounts.SetRole("bot", "king"));
        Assert.Throws<NotFoundException>(() => _accounts.SetRole("ghost", "viewer"));

        var token = _accounts.CreateToken("bot");
        var listed = Assert.Single(_accounts.ListTokens());
        Assert.Equal(("bot", _test.Time.GetUtcNow()), (listed.UserName, listed.CreatedAt));
        _accounts.RevokeToken(listed.Id);
        Assert.Null(_accounts.FindByToken(token));
        Assert.Throws<NotFoundException>(() => _accounts.RevokeToken(listed.Id));
    }

    [Fact]
    public void The_first_admin_is_created_once()
    {
        var first = _accounts.EnsureAdmin(null);
        Assert.NotNull(first?.GeneratedPassword);
        Assert.NotNull(_accounts.CheckPassword("admin", first!.Value.GeneratedPassword!));
        Assert.Null(_accounts.EnsureAdmin("another-password"));
    }
}
