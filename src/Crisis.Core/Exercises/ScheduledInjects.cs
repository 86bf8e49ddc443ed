using System.Data;
using Crisis.Core.Incidents;
using Crisis.Core.Storage;
using Dapper;

namespace Crisis.Core.Exercises;

/// <summary>
/// The exercise clock's part: releases scheduled injects as their exercise time comes, on every running automatic
/// clock. A conditional inject waits for the expectation it depends on, and is skipped, with why, if that went the other way.
/// </summary>
public sealed class ScheduledInjects(Database database, TimeProvider time, IncidentChanges changes)
{
    /// <summary>Releases every scheduled inject whose time has come on a running automatic clock; returns how many.</summary>
    public int ReleaseDue()
    {
        var now = time.GetUtcNow();
        List<long> running;
        using (var connection = database.Open())
            running = connection.Query<long>("SELECT id FROM exercises WHERE ended_at IS NULL AND clock <> 'manual'").ToList();
        return running.Sum(id => ReleaseDue(id, now));
    }

    private int ReleaseDue(long id, DateTimeOffset now)
    {
        // Most polls find nothing due: look with a plain read first, and take the write lock only when there is work.
        using (var reader = database.Open())
        {
            if (!HasDueInjects(reader, ExerciseRow.Load(reader, null, id), now)) return 0;
        }
        return Writer.Write(write =>
        {
            var row = ExerciseRow.Load(write.Connection, write.Transaction, id);
            var clock = row.Clock();
            if (clock.IsPaused) return 0;
            var view = ExerciseRuns.View(write.Connection, row, write.Now, write.Transaction);
            var count = 0;
            foreach (var state in view.Injects.Where(state => !state.IsReleased && state.Skipped is null && state.Inject.Offset <= view.ExerciseTime))
            {
                if (state.Inject.Condition is { } condition)
                {
                    var decided = ConditionHolds(view, state.Inject, condition);
                    if (decided is null) continue; // the expectation it depends on is still open
                    if (decided == false)
                    {
                        write.Connection.Execute("UPDATE exercise_injects SET skipped_reason = @reason WHERE exercise_id = @id AND inject_id = @Id",
                            new { reason = new InjectSkip(condition.Target, WasMet: !condition.WhenMet).Stored(), id, state.Inject.Id }, write.Transaction);
                        continue;
                    }
                }
                ExerciseRuns.Release(write, row, state.Inject, clock, Actor.ExerciseClock);
                count++;
            }
            return count;
        });
    }

    private IncidentWriter Writer => new(database, time, changes);

    /// <summary>Whether a scheduled inject waits unreleased and unskipped at or before the exercise time now.</summary>
    private static bool HasDueInjects(IDbConnection connection, ExerciseRow row, DateTimeOffset now)
    {
        var clock = row.Clock();
        if (clock.IsPaused) return false;
        var at = clock.At(now);
        var waiting = connection.Query<string>(
            "SELECT inject_id FROM exercise_injects WHERE exercise_id = @Id AND released_at IS NULL AND skipped_reason IS NULL", new { row.Id }).ToHashSet();
        return row.Scenario().Injects.Any(inject => waiting.Contains(inject.Id) && inject.Offset <= at);
    }

    /// <summary>True or false once the earlier expectation is decided; null while it can still go either way.</summary>
    private static bool? ConditionHolds(ExerciseView view, Inject inject, InjectCondition condition)
    {
        var order = view.Injects.Select(state => state.Inject.Id).ToList();
        var position = order.IndexOf(inject.Id);
        var score = view.Scores.LastOrDefault(score => score.Expectation.Target == condition.Target && order.IndexOf(score.Expectation.InjectId) < position);
        if (score is null || score.Final is ScoreResults.Pending) return null;
        var met = score.Final == ScoreResults.Met;
        return condition.WhenMet ? met : !met;
    }
}
