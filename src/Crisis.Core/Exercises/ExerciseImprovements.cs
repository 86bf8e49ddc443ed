using Crisis.Core.Communications;
using Crisis.Core.Incidents;
using Crisis.Core.Localization;
using Crisis.Core.People;
using Crisis.Core.Playbooks;
using Crisis.Core.Reviews;

namespace Crisis.Core.Exercises;

/// <summary>
/// Turns a row of the improvement plan (an expectation that was late or missed) into an action item on the exercise
/// incident's review, pointing at the playbook to change, so lessons from a drill are tracked like those of a real crisis.
/// </summary>
public sealed class ExerciseImprovements(ExerciseRuns exercises, IncidentLifecycle lifecycle, PostIncidentReviews reviews, IncidentQueries incidents,
    TemplateLibrary templates, PlaybookLibrary playbooks, PeopleDirectory people)
{
    /// <summary>Who an action item can be given to: the people directory, as for any review's action item.</summary>
    public IReadOnlyList<Person> PossibleOwners() => people.List();

    /// <param name="language">
    /// The trainer's: the action item's title is written in it, with the inject, step and template named as the
    /// scenario's and playbook's twins in it name them, like the rest of the review people type.
    /// </param>
    /// <param name="ownerPersonId">The person from the directory who is to own the action item.</param>
    public ReviewView ToActionItem(long id, string expectationId, long? ownerPersonId, DateOnly? due, Actor trainer, string language)
    {
        var exercise = exercises.TrainerView(id, trainer, language);
        if (exercise.IsRunning) throw new RuleViolationException("end the exercise before turning its results into action items") { TextKey = RefusalTexts.EndExerciseFirst };
        var score = exercise.Scores.FirstOrDefault(score => score.Expectation.Id == expectationId)
            ?? throw new NotFoundException($"exercise {id} has no expectation '{expectationId}'");
        if (score.Final is not (ScoreResults.Late or ScoreResults.Missed))
            throw new RuleViolationException($"'{score.Expectation.Target}' was {score.Final}: only late or missed expectations go on the improvement plan")
                { TextKey = RefusalTexts.OnlyLateOrMissed };
        var culture = SharedTexts.In(language);
        // A drill's unfinished steps are what the improvement plan is about: they are acknowledged, not a reason to stop.
        var ended = SharedTexts.Get("improvement:resolved", culture);
        lifecycle.SetStatus(exercise.IncidentKey, IncidentStatus.Resolved, trainer, ended, new OpenStepsAcknowledgement(ended));
        var review = reviews.Open(exercise.IncidentKey, trainer);
        var expected = new IncidentWords(playbooks.InLanguage(incidents.Get(exercise.IncidentKey), language), templates, language).Target(score.Expectation.Target);
        var action = new ActionItem
        {
            Title = string.Format(culture, SharedTexts.Get("improvement:" + score.Final, culture), score.InjectTitle, expected),
            OwnerPersonId = ownerPersonId,
            DueDate = due,
            PlaybookChange = exercise.Scenario.PlaybookId,
        };
        return reviews.AddAction(exercise.IncidentKey, action, review.Version, trainer);
    }
}
