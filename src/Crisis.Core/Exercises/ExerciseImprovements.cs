using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Reviews;

namespace Crisis.Core.Exercises;

/// <summary>
/// Turns a row of the improvement plan (an expectation that was late or missed) into an action item on the exercise
/// incident's review, pointing at the playbook to change, so lessons from a drill are tracked like those of a real crisis.
/// </summary>
public sealed class ExerciseImprovements(ExerciseRuns exercises, IncidentLifecycle lifecycle, PostIncidentReviews reviews, IncidentQueries incidents,
    TemplateLibrary templates)
{
    public ReviewView ToActionItem(long id, string expectationId, string owner, DateOnly? due, Actor trainer)
    {
        var exercise = exercises.TrainerView(id, trainer);
        if (exercise.IsRunning) throw new RuleViolationException("end the exercise before turning its results into action items") { TextKey = RefusalTexts.EndExerciseFirst };
        var score = exercise.Scores.FirstOrDefault(score => score.Expectation.Id == expectationId)
            ?? throw new NotFoundException($"exercise {id} has no expectation '{expectationId}'");
        if (score.Final is not (ScoreResults.Late or ScoreResults.Missed))
            throw new RuleViolationException($"'{score.Expectation.Target}' was {score.Final}: only late or missed expectations go on the improvement plan")
                { TextKey = RefusalTexts.OnlyLateOrMissed };
        // A drill's unfinished steps are what the improvement plan is about: they are acknowledged, not a reason to stop.
        const string Ended = "exercise ended; improvement plan recorded";
        lifecycle.SetStatus(exercise.IncidentKey, IncidentStatus.Resolved, trainer, Ended, new OpenStepsAcknowledgement(Ended));
        var review = reviews.Open(exercise.IncidentKey, trainer);
        var expected = new IncidentWords(incidents.Get(exercise.IncidentKey), templates, "en").Target(score.Expectation.Target);
        var action = new ActionItem
        {
            Title = $"{score.InjectTitle}: {expected} was {score.Final}; rehearse it and change the playbook step or template if needed",
            Owner = owner,
            DueDate = due,
            PlaybookChange = exercise.Scenario.PlaybookId,
        };
        return reviews.AddAction(exercise.IncidentKey, action, review.Version, trainer);
    }
}
