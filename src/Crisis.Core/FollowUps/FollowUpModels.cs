using Crisis.Core.Reviews;

namespace Crisis.Core.FollowUps;

/// <summary>
/// An action item of a review or an exercise's improvement plan, as the follow-up list shows it: who owns it, by when,
/// where it came from, and, once closed, what was done.
/// </summary>
public sealed record FollowUp
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The owner's name as the directory has it; for an owner typed before owners were people whom nobody matched, the text typed.</summary>
    public required string Owner { get; init; }
    /// <summary>The owner in the people directory; null while the owner is only the text typed (<see cref="Owner"/>), not in the directory.</summary>
    public long? OwnerPersonId { get; init; }
    public DateOnly? DueDate { get; init; }
    public required string Status { get; init; }
    /// <summary>Still being worked on and past its due date, in the organisation's time zone.</summary>
    public bool IsOverdue { get; init; }
    public required string IncidentKey { get; init; }
    public required string IncidentTitle { get; init; }
    /// <summary>The playbook the incident was opened from, and (<see cref="IncidentPlaybookVersion"/>) the version it used.</summary>
    public string IncidentPlaybookId { get; init; } = "";
    public int IncidentPlaybookVersion { get; init; }
    /// <summary>From an exercise's improvement plan rather than a real incident's review.</summary>
    public bool IsExercise { get; init; }
    /// <summary>What the item asks to change as it was written: a playbook's id, or a link.</summary>
    public string? PlaybookChange { get; init; }
    /// <summary>The playbook the item asks to change, when <see cref="PlaybookChange"/> names one rather than a link.</summary>
    public string? PlaybookId => PlaybookIdOf(PlaybookChange);
    /// <summary>The risk in the risk register this item treats, if any.</summary>
    public long? RiskId { get; init; }
    /// <summary>What was done, once closed (done or won't do).</summary>
    public FollowUpClosing? Closing { get; init; }

    public bool IsClosed => ActionStatus.IsClosed(Status);

    /// <summary>The playbook a review's "playbook change" names: anything but a web address is a playbook's id.</summary>
    public static string? PlaybookIdOf(string? change) =>
        string.IsNullOrWhiteSpace(change) || IsWebAddress(change) ? null : change;

    public static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0;
}

/// <summary>What was done, said when the follow-up was closed: a note or a link (or both), and the playbook version that changed, if one did.</summary>
public sealed record FollowUpClosing(string? Note, string? Link, int? PlaybookVersion, DateTimeOffset ClosedAt, string ClosedBy);

/// <summary>What closing a follow-up says: done needs a note or a link; won't do needs a note saying why.</summary>
public sealed record WhatWasDone(string Status, string? Note = null, string? Link = null, int? PlaybookVersion = null);

/// <summary>Where follow-ups come from: real incidents' reviews, or exercises' improvement plans.</summary>
public static class FollowUpSources
{
    public const string Real = "real";
    public const string Exercise = "exercise";

    public static readonly IReadOnlyList<string> All = [Real, Exercise];
}

/// <summary>Which follow-ups to list; every filter set narrows the list.</summary>
public sealed record FollowUpFilter
{
    /// <summary>For the open and in-progress ones together: those still to do.</summary>
    public const string StillToDo = "to_do";

    /// <summary>One of <see cref="ActionStatus.All"/>, or <see cref="StillToDo"/>; null for every status.</summary>
    public string? Status { get; init; }
    public long? OwnerPersonId { get; init; }
    /// <summary>Only those still to do and past their due date.</summary>
    public bool OverdueOnly { get; init; }
    /// <summary>One of <see cref="FollowUpSources.All"/>; null for both.</summary>
    public string? Source { get; init; }
    /// <summary>Only those asking to change this playbook (its id).</summary>
    public string? Playbook { get; init; }
}

/// <summary>
/// A change to one follow-up (PATCH): a field left out, or null, stays as it is. A closing status (done, won't do) closes
/// it with what was done (note, link, playbook version); an open one reopens a closed follow-up.
/// </summary>
public sealed record FollowUpChange
{
    public string? Status { get; init; }
    public long? OwnerPersonId { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? Note { get; init; }
    public string? Link { get; init; }
    public int? PlaybookVersion { get; init; }
    public long? RiskId { get; init; }
}
