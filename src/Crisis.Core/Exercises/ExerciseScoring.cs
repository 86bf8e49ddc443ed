namespace Crisis.Core.Exercises;

public static class ScoreResults
{
    public const string Pending = "pending";
    public const string Met = "met";
    public const string Late = "late";
    public const string Missed = "missed";
    /// <summary>Its inject was never released (skipped by a condition, or an on-demand inject not played).</summary>
    public const string NotPlayed = "not-played";
}

/// <summary>When the players did something an expectation names: a step finished, or a template's message approved or published.</summary>
public sealed record Completions(IReadOnlyDictionary<string, DateTimeOffset> Steps, IReadOnlyDictionary<string, DateTimeOffset> Templates)
{
    public DateTimeOffset? Of(Expectation expectation) =>
        expectation.IsTemplate
            ? Templates.TryGetValue(expectation.TemplateId, out var sent) ? sent : null
            : Steps.TryGetValue(expectation.Target, out var done) ? done : null;
}

public sealed record Override(bool Passed, string Comment, string By, DateTimeOffset At);

/// <param name="Measured">Exercise time from the inject's release to the action; zero when it was done before.</param>
public sealed record ExpectationScore(Expectation Expectation, string InjectTitle, string Result, TimeSpan? Measured, Override? Override)
{
    /// <summary>The result a report counts: the trainer's pass or fail where they overrode it.</summary>
    public string Final => Override is null ? Result : Override.Passed ? ScoreResults.Met : ScoreResults.Missed;
}

/// <summary>Scores each expectation as met, late, missed or still pending, measured in exercise time from its inject's release.</summary>
public static class ExerciseScoring
{
    public static ExpectationScore Score(Expectation expectation, InjectState inject, Completions completions, ExerciseClock clock, DateTimeOffset now,
        Override? trainerOverride)
    {
        if (inject.ReleasedAt is not { } released)
        {
            var over = clock.EndedAt is not null || inject.Skipped is not null;
            return new(expectation, inject.Inject.Title, over ? ScoreResults.NotPlayed : ScoreResults.Pending, null, trainerOverride);
        }
        var done = completions.Of(expectation);
        if (done is { } at)
        {
            var measured = at <= released ? TimeSpan.Zero : clock.Between(released, at);
            return new(expectation, inject.Inject.Title, measured <= expectation.Within ? ScoreResults.Met : ScoreResults.Late, measured, trainerOverride);
        }
        var waited = clock.Between(released, now);
        return new(expectation, inject.Inject.Title, waited > expectation.Within || clock.EndedAt is not null ? ScoreResults.Missed : ScoreResults.Pending,
            null, trainerOverride);
    }
}
