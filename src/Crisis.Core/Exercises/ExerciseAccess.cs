using Crisis.Core.Accounts;
using Crisis.Core.Incidents;

namespace Crisis.Core.Exercises;

/// <summary>
/// Who may see an exercise's trainer material and steer it: its own trainer, the co-trainers they add, and admins.
/// Another trainer is a stranger to it. Players see only what has been released; once it ends, anyone who reads
/// incidents may read its after-action report.
/// </summary>
public static class ExerciseAccess
{
    public static bool Steers(string trainer, IReadOnlyCollection<string> coTrainers, Actor actor) =>
        actor.AccountRole == Roles.Admin
        || (actor.AccountRole is { } role && Permissions.Allows(role, Permissions.RunExercises)
            && (string.Equals(actor.Name, trainer, StringComparison.Ordinal) || coTrainers.Contains(actor.Name, StringComparer.Ordinal)));

    public static void EnsureSteers(string trainer, IReadOnlyCollection<string> coTrainers, Actor actor)
    {
        if (!Steers(trainer, coTrainers, actor))
            throw new ForbiddenException($"only the exercise's trainer ({trainer}), its co-trainers or an admin may see its plans and steer it");
    }

    /// <summary>Who may choose the co-trainers: the trainer who started the exercise, or an admin.</summary>
    public static bool Owns(string trainer, Actor actor) =>
        actor.AccountRole == Roles.Admin || string.Equals(actor.Name, trainer, StringComparison.Ordinal);

    public static void EnsureOwns(string trainer, Actor actor)
    {
        if (!Owns(trainer, actor))
            throw new ForbiddenException($"only the exercise's trainer ({trainer}) or an admin chooses its co-trainers");
    }
}
