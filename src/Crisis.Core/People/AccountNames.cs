using Crisis.Core.Incidents;

namespace Crisis.Core.People;

/// <summary>The person behind an account, as pages and reports name whoever acted (<see cref="StoryNames.PeopleByAccount"/>).</summary>
public sealed class AccountNames(PeopleDirectory people, Accounts.Accounts accounts)
{
    public Dictionary<string, string> All() => StoryNames.PeopleByAccount(people.List(), accounts.ListUsers());

    /// <summary>The name of the account's person; the account's own name when no person is theirs (an account holds no other name).</summary>
    public string Of(string account) => All().GetValueOrDefault(account, account);
}
