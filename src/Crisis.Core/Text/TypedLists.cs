namespace Crisis.Core.Text;

/// <summary>
/// A list someone typed into one field or option: items separated by commas or semicolons, ASCII or full-width ("，",
/// "；", as a Chinese keyboard types them), by "、" (the Chinese enumeration comma), or one per line.
/// </summary>
public static class TypedLists
{
    private static readonly char[] Separators = [',', '，', '、', ';', '；', '\n'];

    /// <summary>The items, trimmed, without empty ones.</summary>
    public static string[] Items(string? typed) =>
        (typed ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
