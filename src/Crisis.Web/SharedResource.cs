using System.Collections.Concurrent;
using System.Globalization;
using Crisis.Core.Localization;
using Microsoft.Extensions.Localization;

[assembly: RootNamespace("Crisis.Web")]

namespace Crisis.Web;

/// <summary>
/// The UI strings: English text is the key; Resources/SharedResource.zh-CN.resx holds the Chinese of the words only
/// pages use, and Core's <see cref="SharedTexts"/> the words pages share with reports and emails.
/// </summary>
public sealed class SharedResource;

/// <summary>
/// What pages get as IStringLocalizer&lt;SharedResource&gt;: a key is looked up in the pages' own strings, and then
/// in the shared texts, so a view asks for a status or an event sentence the same way as for a button label. What a
/// name reads as in a language is kept once found: a 300-step checklist asks for thousands of labels, and each lookup
/// through the resource manager walks the culture's parents.
/// </summary>
public sealed class PageLocalizer(IStringLocalizerFactory factory) : IStringLocalizer<SharedResource>
{
    /// <summary>Far more than the app's strings, so names built from stored values cannot grow it without end.</summary>
    private const int MostKept = 20_000;

    private readonly IStringLocalizer pages = factory.Create(typeof(SharedResource));
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _kept = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_kept.TryGetValue(key, out var kept)) return kept;
            var found = Look(name);
            if (_kept.Count < MostKept) _kept.TryAdd(key, found);
            return found;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var own = pages.GetAllStrings(includeParentCultures).ToList();
        var names = own.Select(text => text.Name).ToHashSet();
        return own.Concat(SharedTexts.Keys.Where(key => !names.Contains(key)).Select(key => this[key]));
    }

    private LocalizedString Look(string name)
    {
        var page = pages[name];
        return page.ResourceNotFound && SharedTexts.Find(name, CultureInfo.CurrentUICulture) is { } shared ? new LocalizedString(name, shared) : page;
    }
}
