using Microsoft.Extensions.Localization;

[assembly: RootNamespace("Crisis.Web")]

namespace Crisis.Web;

/// <summary>The UI strings: English text is the key; Resources/SharedResource.zh-CN.resx holds the Chinese.</summary>
public sealed class SharedResource;
