using System.Globalization;
using System.Text.RegularExpressions;
using DotLiquid;
using DotLiquid.Exceptions;

namespace Crisis.Core.Communications;

/// <summary>
/// DotLiquid bounds loops but not the text they make: <c>capture</c> or <c>assign … | append</c> in a loop doubles a
/// string until the memory is gone. These replace the output writer and those two tags with ones that stop at
/// <see cref="TemplateRenderer.MaxOutput"/> characters with a clear error.
/// </summary>
internal static partial class BoundedLiquid
{
    /// <summary>A render error DotLiquid does not swallow into the output (as it does other errors in Display mode).</summary>
    public sealed class TooLargeException(string what)
        : RenderException($"the template makes {what} longer than {TemplateRenderer.MaxOutput / 1024} K characters; shorten it");

    /// <summary>Output that refuses to grow past the bound.</summary>
    public sealed class Writer(string what = "a message") : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Reserve(1);
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Reserve(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Reserve(count);
            base.Write(buffer, index, count);
        }

        private void Reserve(int characters)
        {
            if (GetStringBuilder().Length + characters > TemplateRenderer.MaxOutput) throw new TooLargeException(what);
        }
    }

    /// <summary><c>{% capture name %}…{% endcapture %}</c>, captured into a bounded writer.</summary>
    public sealed partial class Capture : DotLiquid.Block
    {
        private string _to = "";

        public override void Initialize(string tagName, string markup, List<string> tokens)
        {
            var match = CaptureName().Match(markup);
            if (!match.Success) throw new SyntaxException("capture needs a variable name: {% capture name %}");
            _to = match.Groups[1].Value;
            base.Initialize(tagName, markup, tokens);
        }

        public override void Render(Context context, TextWriter result)
        {
            using var captured = new Writer($"'{_to}'");
            base.Render(context, captured);
            context.Scopes.Last()[_to] = captured.ToString();
        }

        [GeneratedRegex(@"^\s*([\w-]+)\s*$")]
        private static partial Regex CaptureName();
    }

    /// <summary><c>{% assign name = … %}</c>, refused once a value it leaves in scope is past the bound.</summary>
    public sealed class Assign : DotLiquid.Tags.Assign
    {
        public override void Render(Context context, TextWriter result)
        {
            base.Render(context, result);
            foreach (var (name, value) in context.Scopes.SelectMany(scope => scope))
            {
                if (value is string text && text.Length > TemplateRenderer.MaxOutput) throw new TooLargeException($"'{name}'");
            }
        }
    }
}
