using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crisis.Core.Localization;

namespace Crisis.Core.Exercises;

/// <summary>
/// Why a conditional inject was skipped: the expectation it depends on (a step or a template) was met, or was not.
/// Stored as data, and told in the reader's language with the expectation's title. Rows stored before were English
/// sentences ("stop was met"); they read back the same, and anything else stored is shown as it was written.
/// </summary>
public sealed partial record InjectSkip(string Target, bool? WasMet)
{
    public string Stored() => JsonSerializer.Serialize(this, ExerciseRuns.Json);

    /// <summary>The skip a row holds, or null for an inject not skipped. Never refuses what is stored.</summary>
    public static InjectSkip? Read(string? stored)
    {
        if (stored is null) return null;
        try
        {
            if (JsonSerializer.Deserialize<InjectSkip>(stored, ExerciseRuns.Json) is { Target.Length: > 0 } skip) return skip;
        }
        catch (JsonException)
        {
        }
        return EnglishSentence().Match(stored) is { Success: true } sentence
            ? new InjectSkip(sentence.Groups["target"].Value, !sentence.Groups["not"].Success)
            : new InjectSkip(stored, null);
    }

    /// <summary>"skipped: Pause the listings was met" in <paramref name="culture"/>, the expectation named by <paramref name="title"/> (given its target).</summary>
    public string Describe(Func<string, string> title, CultureInfo culture) => WasMet switch
    {
        true => string.Format(culture, SharedTexts.Get("exercise:skipped:met", culture), title(Target)),
        false => string.Format(culture, SharedTexts.Get("exercise:skipped:not-met", culture), title(Target)),
        null => string.Format(culture, SharedTexts.Get("exercise:skipped", culture), Target),
    };

    [GeneratedRegex("^(?<target>.+) was (?<not>not )?met$")]
    private static partial Regex EnglishSentence();
}
