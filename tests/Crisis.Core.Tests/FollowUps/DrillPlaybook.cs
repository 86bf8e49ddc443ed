namespace Crisis.Core.Tests.FollowUps;

/// <summary>A small playbook with three roles, in the version and with the steps a follow-up or playbook-change test needs.</summary>
public static class DrillPlaybook
{
    public static string Markdown(int version, string steps) =>
        $"""
        ---
        id: drill
        title: Drill
        version: {version}
        roles:
          commander: Incident commander
          ops: Operations
          quality: Quality lead
        ---
        ## Contain
        {steps}
        """;
}
