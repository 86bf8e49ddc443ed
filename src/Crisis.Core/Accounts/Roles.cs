namespace Crisis.Core.Accounts;

public static class Roles
{
    public const string Admin = "admin";
    public const string Commander = "commander";
    public const string Responder = "responder";
    public const string Viewer = "viewer";
    public const string Trainer = "trainer";
    /// <summary>Customer service: logs and works complaint cases, reads incidents, and opens none.</summary>
    public const string Agent = "agent";

    public static readonly IReadOnlyList<string> All = [Admin, Commander, Responder, Viewer, Trainer, Agent];

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>What each account role may do; the API and the pages authorise against these, never against role names.</summary>
public static class Permissions
{
    public const string Read = "read";
    public const string ActOnSteps = "act-on-steps";
    public const string ManageIncidents = "manage-incidents";
    public const string ManagePeople = "manage-people";
    public const string ManageUsers = "manage-users";
    public const string RunExercises = "run-exercises";
    public const string ImportPlaybooks = "import-playbooks";
    public const string WorkCases = "work-cases";
    /// <summary>Reading a customer's full phone number and address on one case; every reveal is in the case's history.</summary>
    public const string RevealCustomerContact = "reveal-customer-contact";
    public const string ManageCaseSettings = "manage-case-settings";
    /// <summary>Writing the risk register; every reader, leadership included, reads it.</summary>
    public const string ManageRisks = "manage-risks";
    /// <summary>Posting a status update: a commander's or admin's account on any incident, the others only while their
    /// person holds the incident's commander or communications role (StatusUpdateBook.MayPost). Viewers only read.</summary>
    public const string PostStatusUpdates = "post-status-updates";
    /// <summary>Attaching evidence: everyone who works an incident or its complaints (customer service gets the customers' photos); deleting it and legal hold are <see cref="ManageIncidents"/>.</summary>
    public const string AttachEvidence = "attach-evidence";

    private static readonly Dictionary<string, string[]> Granted = new()
    {
        [Read] = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Viewer, Roles.Trainer, Roles.Agent],
        [ActOnSteps] = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Trainer],
        [ManageIncidents] = [Roles.Admin, Roles.Commander],
        [ManagePeople] = [Roles.Admin, Roles.Commander],
        [ManageUsers] = [Roles.Admin],
        [RunExercises] = [Roles.Admin, Roles.Trainer],
        [ImportPlaybooks] = [Roles.Admin, Roles.Commander],
        [WorkCases] = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Agent],
        [RevealCustomerContact] = [Roles.Admin, Roles.Commander, Roles.Agent],
        [ManageCaseSettings] = [Roles.Admin],
        [ManageRisks] = [Roles.Admin, Roles.Commander],
        [PostStatusUpdates] = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Trainer, Roles.Agent],
        [AttachEvidence] = [Roles.Admin, Roles.Commander, Roles.Responder, Roles.Trainer, Roles.Agent],
    };

    public static IReadOnlyCollection<string> All => Granted.Keys;

    public static IReadOnlyList<string> RolesWith(string permission) => Granted[permission];

    public static bool Allows(string role, string permission) => Granted[permission].Contains(role);
}
