using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Crisis.Web.Api;

/// <summary>A field a converter of ours refused, in words the caller reads as they are.</summary>
public sealed class InvalidFieldException(string message) : JsonException(message);

/// <summary>Why a request body did not bind, in one sentence that names the field by its JSON path and says what it must be.</summary>
public static partial class RequestBodyErrors
{
    public const string NotAnObject = "the request body must be a JSON object";

    public static string Describe(JsonException exception, Type? bodyType, JsonSerializerOptions options)
    {
        if (exception is InvalidFieldException) return exception.Message;
        if (exception.InnerException is JsonException syntax) return $"the request body is not valid JSON: {syntax.Message}";
        if (exception.Path is null or "$") return NotAnObject;
        if (IsWrongType(exception) && bodyType is not null && Field(options.GetTypeInfo(bodyType), exception.Path, options) is { } field)
        {
            return $"'{field.Name}' must be {field.Shape}";
        }
        return $"the request body does not fit at '{exception.Path[2..]}': {exception.Message}";
    }

    // System.Text.Json words a value of the wrong type this way; its other refusals (a key given twice, a key the body
    // does not take) already name the key and are passed on as they are.
    private static bool IsWrongType(JsonException exception) =>
        exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);

    /// <summary>The field at <paramref name="path"/> and the shape it must have; an element of a list stands for the list.</summary>
    private static (string Name, string Shape)? Field(JsonTypeInfo body, string path, JsonSerializerOptions options)
    {
        var info = body;
        var names = new List<string>();
        foreach (var segment in PathSegment().Matches(path).Select(match => match.Groups["name"].Value))
        {
            if (info.Kind == JsonTypeInfoKind.Enumerable) break;
            if (info.Kind == JsonTypeInfoKind.Object
                && info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase)) is { } property)
            {
                names.Add(property.Name);
                info = options.GetTypeInfo(property.PropertyType);
            }
            else if (info.Kind == JsonTypeInfoKind.Dictionary)
            {
                names.Add(segment);
                info = options.GetTypeInfo(info.ElementType!);
            }
            else
            {
                return null;
            }
        }
        return names.Count == 0 ? null : (string.Join('.', names), Shape(info, options));
    }

    private static string Shape(JsonTypeInfo info, JsonSerializerOptions options) => info.Kind switch
    {
        JsonTypeInfoKind.Enumerable => $"a list of {Plural(Shape(options.GetTypeInfo(info.ElementType!), options))}",
        JsonTypeInfoKind.Dictionary => $"an object of names to {Plural(Shape(options.GetTypeInfo(info.ElementType!), options))}",
        JsonTypeInfoKind.Object => "an object",
        _ => (Nullable.GetUnderlyingType(info.Type) ?? info.Type) switch
        {
            var type when type == typeof(string) => "a string",
            var type when type == typeof(bool) => "true or false",
            var type when type == typeof(int) || type == typeof(long) => "a whole number",
            var type when type == typeof(double) || type == typeof(decimal) => "a number",
            var type when type == typeof(DateOnly) => "a date such as 2026-12-31",
            var type when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO 8601 date and time such as 2026-12-31T09:30:00Z",
            var type => $"a {type.Name}",
        },
    };

    private static string Plural(string shape) => shape.StartsWith("a ", StringComparison.Ordinal) ? shape[2..] + "s" : shape;

    /// <summary>One step of a System.Text.Json path: <c>.name</c>, <c>['odd name']</c> or <c>[0]</c>.</summary>
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<name>.*?)'\]|\[(?<name>\d+)\]")]
    private static partial Regex PathSegment();
}
