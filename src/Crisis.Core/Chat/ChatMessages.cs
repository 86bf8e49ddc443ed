using System.Globalization;
using System.Text;
using Crisis.Core.Localization;

namespace Crisis.Core.Chat;

/// <summary>The names under which <see cref="ChatEvent.Details"/> holds an event's facts, each with its label in the shared texts ("chat-label:" + name).</summary>
public static class ChatDetails
{
    public const string By = "by";
    public const string Playbook = "playbook";
    public const string From = "from";
    public const string Role = "role";
    public const string Person = "person";
    public const string Steps = "steps";
    public const string Audience = "audience";
    public const string Channel = "channel";
    public const string Update = "update";
    public const string NextUpdate = "next-update";
    public const string Found = "found";
    public const string Evidence = "evidence";

    /// <summary>The order facts are shown in; a detail that is a severity or a word key is said in words (<see cref="ChatMessages"/>).</summary>
    public static readonly IReadOnlyList<string> InOrder = [Playbook, From, Role, Person, Audience, Channel, Steps, Update, NextUpdate, Found, Evidence, By];
}

/// <summary>An event in words: a heading, labelled facts and the link back, in the event's language.</summary>
public sealed record ChatMessage(string Heading, IReadOnlyList<(string Label, string Value)> Facts, string? Link, string OpenLabel, bool IsExercise)
{
    private const string Ellipsis = "…";

    /// <summary>
    /// The message as Markdown the three platforms all read: bold labels, one fact a line, the link last unless the
    /// platform shows it as a button. Longer than <paramref name="maxBytes"/> of UTF-8 (the platform's limit), the longest
    /// fact is shortened, ending "…": the link leads to the whole of it.
    /// </summary>
    public string Markdown(bool withHeading, bool withLink = true, int maxBytes = int.MaxValue)
    {
        var facts = Facts.ToList();
        var text = Write(facts, withHeading, withLink);
        for (var tries = 0; Encoding.UTF8.GetByteCount(text) > maxBytes && tries < 5; tries++)
        {
            var longest = facts.IndexOf(facts.MaxBy(fact => fact.Value.Length));
            var value = facts[longest].Value.TrimEnd('…');
            var keep = Encoding.UTF8.GetByteCount(value) - (Encoding.UTF8.GetByteCount(text) - maxBytes) - 16;
            facts[longest] = (facts[longest].Label, Leading(value, keep).TrimEnd() + Ellipsis);
            text = Write(facts, withHeading, withLink);
        }
        return Encoding.UTF8.GetByteCount(text) <= maxBytes ? text : text[..Math.Min(text.Length, maxBytes / 4)] + Ellipsis;
    }

    /// <summary>The start of <paramref name="text"/> in at most <paramref name="bytes"/> of UTF-8, never cutting a character in two.</summary>
    private static string Leading(string text, int bytes)
    {
        var kept = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if ((bytes -= rune.Utf8SequenceLength) < 0) break;
            kept.Append(rune.ToString());
        }
        return kept.ToString();
    }

    private string Write(IEnumerable<(string Label, string Value)> facts, bool withHeading, bool withLink)
    {
        var text = new StringBuilder();
        if (withHeading) text.Append("### ").AppendLine(Literal(Heading)).AppendLine();
        foreach (var (label, value) in facts)
        {
            text.Append("**").Append(label).Append("**").Append(Colon);
            if (StartsWithListItem(value)) text.AppendLine().AppendLine(); // a list after the label on its line is no list: its first item would read "- …"
            text.AppendLine(Literal(value).Replace("\n", "\n\n", StringComparison.Ordinal)).AppendLine();
        }
        if (withLink && Link is not null) text.Append('[').Append(OpenLabel).Append("](").Append(Link).AppendLine(")");
        return text.ToString().TrimEnd();
    }

    private static bool StartsWithListItem(string value) =>
        value.StartsWith("- ", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{1,3}\. ");

    /// <summary>
    /// Text people typed (an incident's title, a step, an update) kept from becoming a link or markup in the group:
    /// a zero-width space after "&lt;" and between "](" breaks a tag, an autolink and a Markdown link, and shows nothing.
    /// The robots document no escape character of their own, so backslashes would show.
    /// </summary>
    internal static string Literal(string text) =>
        text.Replace("](", "]\u200B(", StringComparison.Ordinal).Replace("<", "<\u200B", StringComparison.Ordinal);

    internal string Colon { get; init; } = ": ";
}

/// <summary>Tells a <see cref="ChatEvent"/> in its language with labels from the shared texts; an exercise's is marked as one, as its emails are.</summary>
public static class ChatMessages
{
    public static ChatMessage Compose(ChatEvent chatEvent, string publicUrl)
    {
        var culture = SharedTexts.In(chatEvent.Language);
        string Text(string key) => SharedTexts.Get(key, culture);
        var heading = string.Format(CultureInfo.InvariantCulture, Text("chat-heading:" + chatEvent.Kind), chatEvent.IncidentKey ?? "", chatEvent.Title);
        if (chatEvent.IsExercise) heading = Text("exercise:subject-mark") + heading;
        var facts = new List<(string, string)>();
        if (chatEvent.IsExercise) facts.Add((Text("exercise:watermark"), Text("chat-exercise")));
        if (chatEvent.Severity is { } severity) facts.Add((Text("chat-label:severity"), SharedTexts.Severity(severity, culture)));
        foreach (var name in ChatDetails.InOrder)
        {
            if (chatEvent.Details.GetValueOrDefault(name) is not { Length: > 0 } value) continue;
            facts.Add((Text("chat-label:" + name), name switch
            {
                ChatDetails.From => SharedTexts.Severity(int.TryParse(value, CultureInfo.InvariantCulture, out var from) ? from : 0, culture),
                ChatDetails.Audience => SharedTexts.Find("audience:" + value, culture) ?? value,
                ChatDetails.Channel => SharedTexts.Find("channel:" + value, culture) ?? value,
                _ => value,
            }));
        }
        var link = publicUrl.Length > 0 ? publicUrl.TrimEnd('/') + chatEvent.Path : null;
        return new ChatMessage(heading, facts, link, Text("chat-open"), chatEvent.IsExercise) { Colon = Text("chat-colon") };
    }
}
