using System.Text;

namespace Crisis.Web.Pages;

/// <summary>
/// A redirect's Location header takes only ASCII: Kestrel throws on anything else, after the change the form posted is
/// committed, and the person sees a 500. Whatever part of a target came from the request (a return address, a step id
/// in a fragment) is percent-encoded as UTF-8 here; ASCII, and escapes already made, pass through as they are.
/// </summary>
public static class RedirectTarget
{
    public static string Ascii(string target)
    {
        if (target.All(IsSafe)) return target;
        var builder = new StringBuilder(target.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in target.EnumerateRunes())
        {
            if (rune.IsAscii && IsSafe((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }
            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)]) builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    private static bool IsSafe(char c) => c is > ' ' and < '\u007F';
}
