using Crisis.Core.Accounts;
using Crisis.Core.Evidence;
using Crisis.Core.Incidents;
using Crisis.Core.People;
using Crisis.Reports;
using Crisis.Web.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crisis.Web.Pages.Incidents;

/// <summary>
/// The incident's evidence: photos (from the phone's camera too), documents and correspondence, each with its hash, who
/// collected it and when; the commander chooses the pictures the review report shows, deletes with a reason (never
/// under legal hold) and puts the incident under legal hold. The evidence bundle is downloaded from here.
/// </summary>
public sealed class EvidenceModel(IncidentQueries queries, EvidenceBook evidence, EvidenceBundles bundles, AccountNames accounts, Core.Cases.CaseBook cases,
    IStringLocalizer<SharedResource> localizer)
    : StatusMessagePageModel
{
    protected override IReadOnlyDictionary<string, string> FieldLabels => new Dictionary<string, string>
    {
        ["title"] = localizer["Title"], ["description"] = localizer["Description"], ["source"] = localizer["Source"],
        ["collectedBy"] = localizer["Collected by"], ["collectedAt"] = localizer["Collected at"], ["reason"] = localizer["Reason"],
        ["attachedRef"] = localizer["Attach to"], ["attachedTo"] = localizer["Attach to"],
    };

    [BindProperty(SupportsGet = true)]
    public string Key { get; set; } = "";

    public IncidentDetails Incident { get; private set; } = null!;
    public IReadOnlyList<EvidenceItem> Items { get; private set; } = [];
    public LegalHold? Hold { get; private set; }
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    /// <summary>The complaint cases linked to the incident, newest first: a customer's photo is attached to their case.</summary>
    public IReadOnlyList<Core.Cases.CaseView> Cases { get; private set; } = [];
    public long MaxFileBytes => evidence.MaxFileBytes;
    public bool CanAttach => User.Can(Permissions.AttachEvidence);
    public bool CanManage => User.Can(Permissions.ManageIncidents);

    /// <summary>Why the upload was refused, shown above the form, which keeps what was typed.</summary>
    public string? UploadRefusal { get; private set; }

    /// <summary>What the upload form shows: empty, or what was typed when it was refused.</summary>
    public IFormCollection Typed { get; private set; } = FormCollection.Empty;

    /// <summary>What "attach to" starts on, from a step's or a case's link: "step:ID" or "case:ID".</summary>
    [BindProperty(SupportsGet = true, Name = "attach")]
    public string? Attach { get; set; }

    public void OnGet() => Load();

    private void Load()
    {
        Incident = queries.Get(Key);
        Items = evidence.List(Key);
        Hold = evidence.Hold(Key);
        Names = accounts.All();
        Zone = PageHelpers.ReaderZone(HttpContext);
        Cases = cases.List(new Core.Cases.CaseFilter { IncidentKey = Key, Limit = CasesOffered }).Cases;
    }

    /// <summary>The most linked cases "attach to" offers; an older one is reached from its own page.</summary>
    public const int CasesOffered = 100;

    public IActionResult OnPostAttach(IFormFile? file)
    {
        if (!CanAttach) return Forbid();
        EvidenceItem? added = null;
        UploadRefusal = file is not { Length: > 0 }
            ? localizer["Choose a file or take a photo."]
            : PageAction.Refusal(this, () => added = evidence.Add(Key, EvidenceForms.Read(file, Request.Form, evidence.MaxFileBytes), User.Actor()), FieldLabels);
        if (added is not null)
        {
            StatusMessage = localizer["“{0}” attached. Its SHA-256 is on the timeline.", added.Title];
            return RedirectToPage(pageName: null, pageHandler: null, new { Key }, RedirectTarget.Ascii($"evidence-{added.Id}"));
        }
        Load();
        Typed = Request.Form;
        return Page();
    }

    /// <summary>The file as a download; one that was deleted, altered or lost is said so on the page, in the reader's words.</summary>
    public IActionResult OnGetFile(long id)
    {
        var file = evidence.Open(Key, id);
        if (file.Content is not null) return new HttpResultAction(EvidenceDownloads.Original(file, Key, HttpContext));
        StatusMessage = file.Item.IsDeleted ? localizer["This file was deleted: {0}", file.Item.DeletedReason ?? ""]
            : file.State == FileState.Altered ? localizer["This file was altered after it was attached: it no longer has the SHA-256 on the timeline, so it is not given out. Restore it from a backup."]
            : localizer["This file is missing from the server. Restore it from a backup."];
        StatusMessageIsError = true;
        return RedirectToPage(pageName: null, pageHandler: null, new { Key }, RedirectTarget.Ascii($"evidence-{id}"));
    }

    public IActionResult OnGetPicture(long id, bool thumbnail) => new HttpResultAction(EvidenceDownloads.Picture(evidence, Key, id, thumbnail, HttpContext));

    public IActionResult OnGetBundle(string? lang) =>
        File(bundles.Write(Key, lang is "en" or "zh-CN" ? lang : System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en"),
            "application/zip", EvidenceBundles.FileName(Key));

    public IActionResult OnPostDelete(long id, string? reason)
    {
        if (!CanManage) return Forbid();
        return Act(() => evidence.Delete(Key, id, reason, User.Actor()), new { Key }, $"evidence-{id}", localizer["Deleted. The record stays on the list and the timeline, with your reason."]);
    }

    public IActionResult OnPostShow(long id, bool shown)
    {
        if (!CanManage) return Forbid();
        return Act(() => evidence.ShowInReview(Key, id, shown, User.Actor()), new { Key }, $"evidence-{id}",
            shown ? localizer["The picture will be shown in the review report."] : localizer["The picture is no longer shown in the review report."]);
    }

    public IActionResult OnPostHold(string? reason)
    {
        if (!CanManage) return Forbid();
        return Act(() => evidence.PlaceHold(Key, reason, User.Actor()), new { Key }, "legal-hold", localizer["The incident is under legal hold."]);
    }

    public IActionResult OnPostLift(string? reason)
    {
        if (!CanManage) return Forbid();
        return Act(() => evidence.LiftHold(Key, reason, User.Actor()), new { Key }, "legal-hold", localizer["The legal hold is lifted."]);
    }

    /// <summary>The steps a file can be attached to, by phase, as "step:ID" with the step's text.</summary>
    public IEnumerable<(string Phase, IReadOnlyList<(string Value, string Text)> Steps)> StepChoices() =>
        Incident.Phases.Select(phase => (phase.Title, (IReadOnlyList<(string, string)>)phase.Steps.Select(step => ($"{EvidenceAttachments.Step}:{step.Id}", step.Text)).ToList()));

    /// <summary>What an item is attached to, in words: a step's text, the review, or the incident.</summary>
    public string AttachedTo(EvidenceItem file) => file.AttachedTo switch
    {
        EvidenceAttachments.Step => Incident.AllSteps.FirstOrDefault(step => step.Id == file.AttachedRef)?.Text ?? localizer["a step"],
        EvidenceAttachments.Review => localizer["the post-incident review"],
        EvidenceAttachments.Message => localizer["a message"],
        EvidenceAttachments.Case => Cases.FirstOrDefault(complaint => complaint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == file.AttachedRef) is { } complaint
            ? localizer["the complaint “{0}”", global::Crisis.Web.Pages.Cases.CaseChoices.Title(complaint.Summary)] : localizer["a complaint case"],
        _ => localizer["the incident"],
    };
}

/// <summary>A minimal API result answered from a page handler: the same bytes and headers the API sends.</summary>
public sealed class HttpResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
