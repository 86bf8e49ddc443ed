using System.Collections;
using System.Text.RegularExpressions;
using DotLiquid;

namespace Crisis.Core.Communications;

/// <summary>
/// DotLiquid's standard filters that can make a string or list larger than what they were given, replaced for Crisis
/// templates by ones that work out the size of the result first and refuse past <see cref="TemplateRenderer.MaxOutput"/>
/// before allocating it: one <c>replace</c> of a 30,000-character text by itself would otherwise build 900 million
/// characters before the bound on assigned values could look at it, and the render time limit cannot stop a filter
/// that is running. Filters whose result is at most a few times their input (escape, url_encode, newline_to_br,
/// truncate…) check their result, so every value a filter passes on stays within the bound. Same behaviour as DotLiquid's
/// (default syntax level, where replace takes a regular expression) otherwise.
/// </summary>
internal static class BoundedFilters
{
    public static string? Append(string? input, string? @string) => input is null ? input : Joined(input, @string);

    public static string? Prepend(string? input, string? @string) => input is null ? input : Joined(@string, input);

    /// <summary>At the default syntax level <c>plus</c> on a text appends, like <c>append</c>.</summary>
    public static object? Plus(Context context, object? input, object? operand) =>
        input is string text ? Joined(text, operand?.ToString()) : StandardFilters.Plus(context, input, operand);

    /// <summary>At the default syntax level <c>times</c> on a text repeats it.</summary>
    public static object? Times(Context context, object? input, object? operand)
    {
        if (input is not string text || operand is not (int or long)) return StandardFilters.Times(context, input, operand);
        var count = Convert.ToInt64(operand, System.Globalization.CultureInfo.InvariantCulture);
        Refuse(count, "a list");
        Refuse(count * text.Length);
        return Enumerable.Repeat(text, (int)Math.Max(0, count)).ToList();
    }

    public static string? Replace(Context context, string? input, string? @string, string? replacement = "") =>
        Replaced(input, @string, replacement ?? "", firstOnly: false);

    public static string? ReplaceFirst(Context context, string? input, string? @string, string? replacement = "") =>
        Replaced(input, @string, replacement ?? "", firstOnly: true);

    public static string? Join(IEnumerable? input, string? glue = " ")
    {
        if (input is null) return null;
        glue ??= "";
        var parts = new List<string>();
        long length = 0;
        foreach (var item in input)
        {
            var part = item?.ToString() ?? "";
            length += part.Length + (parts.Count > 0 ? glue.Length : 0);
            parts.Add(part);
            Refuse(parts.Count, "a list");
            Refuse(length);
        }
        return string.Join(glue, parts);
    }

    public static IEnumerable? Concat(IEnumerable? left, IEnumerable? right)
    {
        if (left is null) return right;
        if (right is null) return left;
        var items = new List<object>();
        foreach (var item in left.Cast<object>().Concat(right.Cast<object>()))
        {
            items.Add(item);
            Refuse(items.Count, "a list");
        }
        return items;
    }

    public static string? Escape(string? input) => Checked(StandardFilters.Escape(input));

    public static string? H(string? input) => Checked(StandardFilters.H(input));

    public static string? EscapeOnce(string? input) => Checked(StandardFilters.EscapeOnce(input));

    public static string? UrlEncode(string? input) => Checked(StandardFilters.UrlEncode(input));

    public static string? NewlineToBr(string? input) => Checked(StandardFilters.NewlineToBr(input));

    public static string? Truncate(string? input, int length = 50, string? truncateString = "...") =>
        Checked(StandardFilters.Truncate(input, length, truncateString ?? ""));

    public static string? TruncateWords(string? input, int words = 15, string? truncateString = "...") =>
        Checked(StandardFilters.TruncateWords(input, words, truncateString ?? ""));

    private static string Joined(string? first, string? second)
    {
        Refuse((long)(first?.Length ?? 0) + (second?.Length ?? 0));
        return first + second;
    }

    /// <summary>Replaces match by match, adding up the length as it goes, so the result is refused before it is built.</summary>
    private static string? Replaced(string? input, string? pattern, string replacement, bool firstOnly)
    {
        if (string.IsNullOrEmpty(input) || string.IsNullOrEmpty(pattern)) return input;
        long length = input.Length;
        var replaced = false;
        return Regex.Replace(input, pattern, match =>
        {
            if (firstOnly && replaced) return match.Value;
            replaced = true;
            var text = match.Result(replacement);
            length += text.Length - match.Length;
            Refuse(length);
            return text;
        }, RegexOptions.None, Template.RegexTimeOut);
    }

    private static string? Checked(string? result)
    {
        Refuse(result?.Length ?? 0);
        return result;
    }

    private static void Refuse(long size, string what = "a value")
    {
        if (size > TemplateRenderer.MaxOutput) throw new BoundedLiquid.TooLargeException(what);
    }
}
