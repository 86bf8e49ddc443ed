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
/// in the shared texts, so a view asks for a status or an event sentence the same way as for a button label.
/// </summary>
public sealed class PageLocalizer(IStringLocalizerFactory factory) : IStringLocalizer<SharedResource>
{
    private readonly IStringLocalizer pages = factory.Create(typeof(SharedResource));

    public LocalizedString this[string name] => OrShared(pages[name], shared => shared);

    public LocalizedString this[string name, params object[] arguments] =>
        OrShared(pages[name, arguments], shared => string.Format(CultureInfo.CurrentCulture, shared, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var own = pages.GetAllStrings(includeParentCultures).ToList();
        var names = own.Select(text => text.Name).ToHashSet();
        return own.Concat(SharedTexts.Keys.Where(key => !names.Contains(key)).Select(key => this[key]));
    }

    private static LocalizedString OrShared(LocalizedString page, Func<string, string> format) =>
        page.ResourceNotFound && SharedTexts.Find(page.Name, CultureInfo.CurrentUICulture) is { } shared ? new LocalizedString(page.Name, format(shared)) : page;
}
