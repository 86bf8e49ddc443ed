using Crisis.Core.Accounts;
using Crisis.Core.Incidents;

namespace Crisis.Core.Exercises;

/// <summary>
/// Who may see an exercise's trainer material and steer it: its own trainer and admins. Another trainer is a stranger
/// to it. Players see only what has been released; once it ends, anyone who reads incidents may read its after-action report.
/// </summary>
public static class ExerciseAccess
{
    public static bool Steers(string trainer, Actor actor) =>
        actor.AccountRole == Roles.Admin
        || (actor.AccountRole is { } role && Permissions.Allows(role, Permissions.RunExercises) && string.Equals(actor.Name, trainer, StringComparison.Ordinal));

    public static void EnsureSteers(string trainer, Actor actor)
    {
        if (!Steers(trainer, actor))
            throw new ForbiddenException($"only the exercise's trainer ({trainer}) or an admin may see its plans and steer it");
    }
}
