namespace Crisis.Core.Tests.Accounts;

/// <summary>A user name is one visible line, as titles and people's names are: it shows in sessions, audit trails and the timeline.</summary>
public class UserNameTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Theory]
    [InlineData("\u200B", "only invisible characters")]
    [InlineData("ad\u202Emin", "U+202E")]
    [InlineData("mei\nadmin", "U+000A")]
    [InlineData("mei\u0000", "U+0000")]
    [InlineData("  ", "a user name is required")]
    public void A_user_name_that_is_not_one_visible_line_is_refused(string name, string detail)
    {
        var accounts = new Core.Accounts.Accounts(_test.Database, _test.Time);
        var refused = Assert.Throws<RuleViolationException>(() => accounts.AddUser(name, "viewer", "a long password here"));
        Assert.Contains(detail, refused.Message);
    }
}
