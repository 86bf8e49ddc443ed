using System.Globalization;
using Crisis.Core.Accounts;
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
        _accounts.AddUser("mei", "commander", "long enough now");
        Assert.Throws<ConflictException>(() => _accounts.AddUser("MEI", "viewer", "long enough now"));
        Assert.Throws<RuleViolationException>(() => _accounts.AddUser("x", "overlord", "long enough now"));
        Assert.Throws<RuleViolationException>(() => _accounts.AddUser("y", "viewer", "short"));
    }

    [Fact]
    public async Task Failed_sign_ins_grow_a_wait_but_never_lock_out_the_right_password()
    {
        _accounts.AddUser("mei", "commander", "correct horse battery");
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            waits.Add(_accounts.SignInDelay("mei"));
            Assert.Null((await SignInAfterTheWait("mei", "a wrong guess")).User);
        }
        Assert.Equal([0, 0, 0, 1, 2, 4, 8, 16, 30, 30], waits.Select(wait => wait.TotalSeconds));

        // However many wrong passwords strangers sent, the right one signs in once its wait is over, and starts the count again.
        Assert.Equal("mei", (await SignInAfterTheWait("MEI", "correct horse battery")).User?.Name);
        Assert.Equal(TimeSpan.Zero, _accounts.SignInDelay("mei"));
    }

    [Fact]
    public async Task A_sign_in_does_not_answer_before_its_wait_is_over()
    {
        _accounts.AddUser("mei", "commander", "correct horse battery");
        for (var i = 0; i < SignInDelays.FreeFailures + 1; i++) await SignInAfterTheWait("mei", "a wrong guess");
        var waiting = _accounts.SignInAsync("mei", "correct horse battery");
        _test.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(waiting.IsCompleted);
        _test.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("mei", (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).User?.Name);
    }

    [Fact]
    public async Task Unknown_names_wait_like_real_ones_and_a_quiet_hour_forgets_the_failures()
    {
        _accounts.AddUser("mei", "commander", "correct horse battery");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(_accounts.SignInDelay("mei"), _accounts.SignInDelay("nobody"));
            await SignInAfterTheWait("mei", "a wrong guess");
            await SignInAfterTheWait("nobody", "a wrong guess");
        }
        Assert.Equal(TimeSpan.FromSeconds(8), _accounts.SignInDelay("nobody"));
        _test.Time.Advance(SignInDelays.ForgetAfter);
        Assert.Equal(TimeSpan.Zero, _accounts.SignInDelay("mei"));
    }

    /// <summary>Signs in, moving the fake clock on until the sign-in's wait is over.</summary>
    private async Task<SignInResult> SignInAfterTheWait(string name, string password)
    {
        var signIn = _accounts.SignInAsync(name, password);
        for (var second = 0; !signIn.IsCompleted && second < 60; second++) _test.Time.Advance(TimeSpan.FromSeconds(1));
        return await signIn.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("short pass", "at least 12 characters")]
    [InlineData("password1234", "commonly used passwords")]
    [InlineData("QWERTYUIOP123", "commonly used passwords")]
    [InlineData("violet ferry 31", null)]
    [InlineData("            ", "only of spaces")]
    [InlineData("\t\t\t\t\t\t            ", "only of spaces")]
    [InlineData("aaaaaaaaaaaa", "at least 5 different characters")]
    [InlineData("zzzzzzzzzzzz", "at least 5 different characters")]
    [InlineData("111111111112", "at least 5 different characters")]
    [InlineData("abcabcabcabc", "at least 5 different characters")]
    [InlineData("abcdeabcdeabcde", "a short part repeated")]
    [InlineData("Summer2026!!", "commonly used passwords")]
    [InlineData("Winter-2025 !", "commonly used passwords")]
    [InlineData("welcome123456", "commonly used passwords")]
    [InlineData("QWERTY!!!!2026", "commonly used passwords")]
    [InlineData("Summer harbour 26", null)]
    [InlineData("mei-is-the-commander", "must not contain the user name")]
    [InlineData("MEI-IS-THE-COMMANDER", "must not contain the user name")]
    public void Passwords_are_long_uncommon_and_free_of_the_user_name(string password, string? refusal)
    {
        if (refusal is null)
        {
            _accounts.AddUser("mei", "commander", password);
            return;
        }
        Assert.Contains(refusal, Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", password)).Message);
        _accounts.AddUser("mei", "commander", "correct horse battery");
        Assert.Contains(refusal, Assert.Throws<RuleViolationException>(() => _accounts.SetPassword("mei", password)).Message);
        Assert.Equal("mei", _accounts.CheckPassword("mei", "correct horse battery")?.Name);
    }

    [Fact]
    public void The_shipped_list_holds_thousands_of_common_passwords_and_refuses_in_chinese_too()
    {
        Assert.True(PasswordRules.CommonPasswordCount > 10_000, $"only {PasswordRules.CommonPasswordCount} common passwords");
        foreach (var common in new[] { "password", "12345678", "123456789012", "1qaz2wsx3edc", "iloveyou2024", "woaini1314520" })
        {
            Assert.True(PasswordRules.IsCommon(common) || common.Length < PasswordRules.MinimumLength, common);
        }
        Assert.True(PasswordRules.IsCommon("Password123!"));
        Assert.False(PasswordRules.IsCommon("correct horse battery"));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("密码至少需要 12 个字符。", Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", "password")).Message);
            Assert.Equal("此密码在常用密码列表中，请另选一个。", Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", "password1234")).Message);
            Assert.Equal("密码不能只由空格组成。", Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", "            ")).Message);
            Assert.Equal("密码至少需要包含 5 个不同的字符。", Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", "aaaaaaaaaaaa")).Message);
            Assert.Equal("密码不能是一小段字符的反复重复。", Assert.Throws<RuleViolationException>(() => _accounts.AddUser("mei", "commander", "abcdeabcdeabcde")).Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Tokens_are_stored_hashed_and_find_their_user()
    {
        _accounts.AddUser("bot", "responder", "long enough now");
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
        _accounts.AddUser("bot", "viewer", "long enough now");
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
