using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crisis.Core.Accounts;
using Crisis.Core.Incidents;
using Crisis.Web.Api;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Crisis.Web.Tests.Api;

/// <summary>
/// Every API endpoint (found in the app's own endpoint table, so a new one is fuzzed without a word here) is sent
/// thousands of generated requests that are each wrong in at least one way, as an admin, against a real incident,
/// message, review and exercise: none may answer 5xx or a 4xx without a problem body, and none may store anything.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ApiFuzzTests(CrisisServer server, ITestOutputHelper output) : IClassFixture<CrisisServer>
{
    private const int Seed = 20261201;
    private const int MinimumRequests = 10_000;

    /// <summary>What a field is, as far as making a wrong value for it goes.</summary>
    private enum Shape { Text, Whole32, Whole64, Number, Flag, List, Map, Other }

    private sealed record Field(string Name, Shape Shape);

    private sealed record Target(string Method, string Pattern, IReadOnlyList<string> RouteParameters, Type? Body);

    private sealed record Probe(string Method, string Path, byte[]? Body, string? ContentType, bool MustRefuse, bool HasBody, string Defects);

    [Fact]
    public async Task Ten_thousand_defective_requests_across_every_endpoint_get_a_4xx_problem_and_store_nothing()
    {
        var admin = server.Client(Roles.Admin);
        var fixture = await ArrangeIncidentMessageReviewAndExercise(admin);
        var targets = Targets();
        Assert.True(targets.Count >= 40, $"only {targets.Count} API endpoints found: is the endpoint table still read right?");

        var random = new Random(Seed);
        // Bodies where a body is read; a few requests with wrong route values where none is (a PDF route renders for each).
        var perBodyTarget = MinimumRequests / targets.Count(target => target.Body is not null) + 1;
        var probes = targets.SelectMany(target => Enumerable.Range(0, target.Body is null ? 25 : perBodyTarget).Select(_ => Generate(target, fixture, random))).ToList();
        var before = RowCounts();

        var failures = new ConcurrentBag<string>();
        var serverErrors = 0;
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (probe, cancellation) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path);
            if (probe.Body is not null)
            {
                request.Content = new ByteArrayContent(probe.Body);
                if (probe.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
            }
            using var response = await admin.SendAsync(request, cancellation);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (status >= 500) Interlocked.Increment(ref serverErrors);
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" && text.Contains("\"detail\"", StringComparison.Ordinal);
            if (status >= 500 || (probe.MustRefuse && status is < 400 or >= 500) || (probe.HasBody && status >= 400 && !isProblem))
                failures.Add($"{probe.Method} {probe.Path} [{probe.Defects}] {probe.ContentType} → {status} {text[..Math.Min(text.Length, 300)]} body: {Show(probe.Body)}");
        });

        var after = RowCounts();
        output.WriteLine($"{probes.Count} requests to {targets.Count} endpoints ({probes.Count(p => p.HasBody)} with generated bodies); {serverErrors} answered 5xx; {failures.Count} failures");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} requests answered wrongly, e.g.:\n{string.Join("\n", failures.Take(15))}");
        Assert.True(probes.Count(p => p.HasBody) >= MinimumRequests, $"only {probes.Count(p => p.HasBody)} bodies sent");
        Assert.Equal(before, after);
    }

    /// <summary>Each table's row count: a request that stored anything (an event, an entry, a draft, a person) changes one.</summary>
    private Dictionary<string, long> RowCounts()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.Folder, "crisis.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        var names = new List<string>();
        using (var reader = tables.ExecuteReader()) while (reader.Read()) names.Add(reader.GetString(0));
        return names.ToDictionary(name => name, name =>
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{name}\"";
            return (long)count.ExecuteScalar()!;
        });
    }

    private sealed record Fixture(string IncidentKey, long MessageId, long ExerciseId, string StepId);

    /// <summary>A real incident with a review and an action item, a drafted message and a running exercise, so that routes reach the body.</summary>
    private async Task<Fixture> ArrangeIncidentMessageReviewAndExercise(HttpClient admin)
    {
        var key = await server.OpenRecallAsync();
        using var draft = await admin.PostAsJsonAsync($"/api/incidents/{key}/messages", new { templateId = "holding-statement", language = "en", recipients = new[] { "press@example.com" } });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var messageId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var resolved = await admin.PostAsJsonAsync($"/api/incidents/{key}/status", new { status = "resolved", acknowledgeOpenSteps = true, reason = "The rest is followed up outside the incident" });
        Assert.True(resolved.IsSuccessStatusCode, $"resolve: {(int)resolved.StatusCode} {await resolved.Content.ReadAsStringAsync()}");
        using var review = await admin.PostAsync($"/api/incidents/{key}/review", null);
        Assert.True(review.IsSuccessStatusCode, $"review: {(int)review.StatusCode} {await review.Content.ReadAsStringAsync()}");
        var version = (await review.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        using var action = await admin.PostAsJsonAsync($"/api/incidents/{key}/review/actions", new { expectedVersion = version, title = "Fix the line", ownerPersonId = server.Quality.Id });
        Assert.True(action.IsSuccessStatusCode, $"action: {(int)action.StatusCode} {await action.Content.ReadAsStringAsync()}");
        using var exercise = await admin.PostAsJsonAsync("/api/exercises", new
        {
            scenarioId = "recall-before-singles-day", clock = "real",
            participants = new Dictionary<string, long> { ["quality"] = server.Quality.Id, ["comms"] = server.Comms.Id },
        });
        Assert.Equal(HttpStatusCode.Created, exercise.StatusCode);
        var exerciseId = (await exercise.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return new Fixture(key, messageId, exerciseId, "confirm-defect");
    }

    /// <summary>Every API route and method the app maps, with the type its body binds to (none for routes that take no body).</summary>
    private List<Target> Targets() =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith(ApiSetup.Prefix, StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Target(
                method, endpoint.RoutePattern.RawText!, endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList(),
                endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .ToList();

    private static readonly string[] OddText =
    [
        "", " ", "\u0000", "nul\u0000inside", "\u202Eevil\u202C", "\u2066iso\u2069", "\u200B\u200C\u200D\uFEFF", "🍼🔥👩‍👩‍👧", "e\u0301\u0301\u0301",
        "奶瓶破裂", "زجاجات", "\r\n\t", "\\", "\"", "<script>alert(1)</script>", "{{ 'x' | capture }}", new string('x', 5000), "\uFFFF\uFFFE", "\u0085\u2028\u2029",
    ];

    private static readonly string[] WrongRouteValues =
    [
        "18446744073709551616", "9223372036854775808", "-9223372036854775809", "1e400", "0x10", "1.5", "NaN",
        "%E2%80%AE1", "%E2%80%8B", "%F0%9F%8D%BC", "zz-%E5%A5%B6", "..%2F..%2Fetc", "INC-2026-%E2%80%AE0001",
    ];

    private static readonly string[] WrongContentTypes = ["application/xml", "application/octet-stream", "multipart/form-data; boundary=x", "image/png", "application/json-patch+json; charset=utf-32"];

    private Probe Generate(Target target, Fixture fixture, Random random)
    {
        var fields = Fields(target.Body);
        var route = target.RouteParameters.ToDictionary(name => name, name => RouteValue(name, target.Pattern, fixture, random));
        var defects = new List<string>();
        if (target.Body is null)
        {
            // Nothing to get wrong in a body: a route that changes something gets a route value that names nothing.
            if (route.Count > 0)
            {
                var name = route.Keys.ElementAt(random.Next(route.Count));
                route[name] = WrongRouteValues[random.Next(WrongRouteValues.Length)];
                defects.Add($"route {name}");
            }
            var junk = random.Next(3) == 0 ? Encoding.UTF8.GetBytes(OddJson(random)) : null;
            var query = target.Method == "GET" && random.Next(2) == 0 ? $"?lang={WrongRouteValues[random.Next(WrongRouteValues.Length)]}&after=1e400&status=%00&paper=%E2%80%AE" : "";
            var mustRefuse = target.Method != "GET" && defects.Count > 0;
            Assert.True(target.Method == "GET" || route.Count > 0, $"{target.Method} {target.Pattern} takes neither a body nor a route value: nothing to make wrong");
            return new Probe(target.Method, PathOf(target.Pattern, route) + query, junk, junk is null ? null : "application/json", mustRefuse, HasBody: false, string.Join(", ", defects));
        }

        var pairs = fields.Where(_ => random.Next(3) > 0).Select(field => (field.Name, Value: PlausibleValue(field, random))).ToList();
        var contentType = "application/json";
        byte[]? body = null;
        var count = 1 + (random.Next(4) == 0 ? 1 : 0);
        for (var i = 0; i < count; i++)
        {
            var textFields = fields.Where(field => field.Shape == Shape.Text).ToList();
            var numberFields = fields.Where(field => field.Shape is Shape.Whole32 or Shape.Whole64 or Shape.Number).ToList();
            switch (random.Next(10))
            {
                case 0 when fields.Count > 0:
                    var duplicate = fields[random.Next(fields.Count)];
                    pairs.Add((duplicate.Name, PlausibleValue(duplicate, random)));
                    pairs.Insert(0, (duplicate.Name, PlausibleValue(duplicate, random)));
                    defects.Add($"duplicate {duplicate.Name}");
                    break;
                case 1 when fields.Count > 0:
                    var wrong = fields[random.Next(fields.Count)];
                    Set(pairs, wrong.Name, WrongType(wrong.Shape, random));
                    defects.Add($"wrong type {wrong.Name}");
                    break;
                case 2 when numberFields.Count > 0:
                    var number = numberFields[random.Next(numberFields.Count)];
                    Set(pairs, number.Name, OutOfRange(number.Shape, random));
                    defects.Add($"out of range {number.Name}");
                    break;
                case 3 when textFields.Count > 0:
                    var text = textFields[random.Next(textFields.Count)];
                    Set(pairs, text.Name, $"\"a{(random.Next(2) == 0 ? "\\ud800" : "\\udfff")}b\"");
                    defects.Add($"lone surrogate {text.Name}");
                    break;
                case 4 when fields.Count > 0:
                    var deep = fields[random.Next(fields.Count)];
                    var depth = 70 + random.Next(200);
                    Set(pairs, deep.Name, new string('[', depth) + new string(']', depth));
                    defects.Add($"nested {depth} deep in {deep.Name}");
                    break;
                case 5 when fields.Count > 0:
                    var huge = fields[random.Next(fields.Count)];
                    Set(pairs, huge.Name, "[" + string.Join(",", Enumerable.Repeat(huge.Shape == Shape.List ? "{}" : "null", 20_000 + random.Next(30_000))) + "]");
                    defects.Add($"huge array in {huge.Name}");
                    break;
                case 6:
                    body = Encoding.UTF8.GetBytes(new[] { "null", "[]", "\"text\"", "42", "true", "[{}]", "1e400", "[" + string.Join(",", Enumerable.Repeat("0", 50_000)) + "]" }[random.Next(8)]);
                    defects.Add("not an object");
                    break;
                case 7:
                    contentType = WrongContentTypes[random.Next(WrongContentTypes.Length)];
                    defects.Add("content type");
                    break;
                default:
                    defects.Add("malformed or invalid UTF-8");
                    break;
            }
        }
        if (defects.Contains("malformed or invalid UTF-8") || defects.Count == 0)
        {
            if (defects.Count == 0) defects.Add("malformed or invalid UTF-8");
            body = Malformed(Encoding.UTF8.GetBytes(Object(pairs)), random);
        }
        body ??= Encoding.UTF8.GetBytes(Object(pairs));
        return new Probe(target.Method, PathOf(target.Pattern, route), body, contentType, MustRefuse: true, HasBody: true, string.Join(", ", defects));
    }

    /// <summary>Cut short, or invalid UTF-8 bytes where a value or key starts: JSON that no reader can take, whatever the fields say.</summary>
    private static byte[] Malformed(byte[] json, Random random)
    {
        byte[][] invalid = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xC0, 0xAF]];
        switch (random.Next(3))
        {
            case 0:
                return json[..(1 + random.Next(json.Length - 1))];
            case 1:
                // Inside the object, before its first key: a byte sequence that is no JSON token, nor valid UTF-8.
                return [json[0], .. invalid[random.Next(invalid.Length)], .. json[1..]];
            default:
                // Inside a string the reader must decode, when there is one; else where a value is due.
                var quote = Array.IndexOf(json, (byte)'"', 1);
                var colon = Array.IndexOf(json, (byte)':');
                return colon > 0 && json[colon + 1] == (byte)'"'
                    ? [.. json[..(colon + 2)], .. invalid[random.Next(invalid.Length)], .. json[(colon + 2)..]]
                    : quote > 0 ? [.. json[..quote], 0xFF, .. json[quote..]] : [(byte)'{', 0xFF, (byte)'}'];
        }
    }

    private static void Set(List<(string Name, string Value)> pairs, string name, string value)
    {
        pairs.RemoveAll(pair => pair.Name == name);
        pairs.Insert(0, (name, value));
    }

    private static string Object(IEnumerable<(string Name, string Value)> pairs) =>
        "{" + string.Join(",", pairs.Select(pair => $"{Quote(pair.Name)}:{pair.Value}")) + "}";

    /// <summary>A JSON string of <paramref name="text"/>, escaping only what JSON requires: the odd characters go as they are.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') builder.Append('\\').Append(c);
            else if (c < ' ') builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }

    private static string PlausibleValue(Field field, Random random) => field.Shape switch
    {
        Shape.Text => Quote(OddText[random.Next(OddText.Length)]),
        Shape.Whole32 or Shape.Whole64 => random.Next(-2, 6).ToString(),
        Shape.Number => (random.NextDouble() * 10).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        Shape.Flag => random.Next(2) == 0 ? "true" : "false",
        Shape.List => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Quote(OddText[random.Next(OddText.Length)]))) + "]",
        Shape.Map => "{" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(i => $"{Quote(OddText[random.Next(OddText.Length)] + i)}:{random.Next(1, 4)}")) + "}",
        _ => "null",
    };

    /// <summary>A value no binding of <paramref name="shape"/> takes (impact figures take digits in strings, so numbers get objects).</summary>
    private static string WrongType(Shape shape, Random random)
    {
        string[] choices = shape switch
        {
            Shape.Text => ["{}", "[]", "12", "true", "{\"a\":1}", "[\"x\"]"],
            Shape.Whole32 or Shape.Whole64 or Shape.Number => ["{}", "[]", "true", "[1]", "{\"value\":1}"],
            Shape.Flag => ["\"true\"", "1", "{}", "[]", "\"yes\""],
            Shape.List => ["{}", "\"x\"", "7", "true", "{\"0\":\"a\"}"],
            Shape.Map => ["[]", "\"x\"", "7", "true", "[[\"a\",1]]"],
            _ => ["[1,{}]", "\"\\ud800\"", "{\"\":{\"\":[]}}"],
        };
        return choices[random.Next(choices.Length)];
    }

    private static string OutOfRange(Shape shape, Random random)
    {
        string[] choices = shape switch
        {
            Shape.Whole32 => ["2147483648", "4294967297", "-2147483649", "18446744073709551617", "1e400", "1.5", "1e2"],
            Shape.Whole64 => ["9223372036854775808", "18446744073709551617", "-9223372036854775809", "1e400", "0.5", "123456789012345678901234567890"],
            _ => ["1e400", "-1e400", "1" + new string('0', 400)],
        };
        return choices[random.Next(choices.Length)];
    }

    private static string OddJson(Random random) => Object([("x", Quote(OddText[random.Next(OddText.Length)]))]);

    private string RouteValue(string name, string pattern, Fixture fixture, Random random) => name switch
    {
        "key" => fixture.IncidentKey,
        "stepId" => fixture.StepId,
        "verb" => StepVerbs.Names[random.Next(StepVerbs.Names.Count)],
        "id" when pattern.Contains("/exercises", StringComparison.Ordinal) => fixture.ExerciseId.ToString(),
        "id" when pattern.Contains("/messages", StringComparison.Ordinal) => fixture.MessageId.ToString(),
        "id" => "1",
        "injectId" => "first-inject",
        "file" => "review.pdf",
        _ => "x",
    };

    private static string PathOf(string pattern, Dictionary<string, string> route)
    {
        var path = pattern;
        foreach (var (name, value) in route)
        {
            var escaped = value.Contains('%') ? value : Uri.EscapeDataString(value);
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + name + "(:[^}]*)?\\}", escaped.Replace("$", "$$"));
        }
        return path;
    }

    /// <summary>The body's fields as the API reads them: its JSON contract, or for a review change, the fields of what it changes and expectedVersion.</summary>
    private List<Field> Fields(Type? body)
    {
        if (body is null) return [];
        var options = server.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var type = Nullable.GetUnderlyingType(body) ?? body;
        var fields = new List<Field>();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ReviewChange<>))
        {
            fields.Add(new Field("expectedVersion", Shape.Whole32));
            type = type.GetGenericArguments()[0];
        }
        var info = options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Object)
            fields.AddRange(info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => new Field(p.Name, ShapeOf(p.PropertyType))));
        return fields.DistinctBy(field => field.Name).ToList();
    }

    private static Shape ShapeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return Shape.Text;
        if (type == typeof(int)) return Shape.Whole32;
        if (type == typeof(long)) return Shape.Whole64;
        if (type == typeof(double) || type == typeof(decimal)) return Shape.Number;
        if (type == typeof(bool)) return Shape.Flag;
        if (type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))) return Shape.Map;
        if (type.IsArray || type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))) return Shape.List;
        return Shape.Other;
    }

    private static string Show(byte[]? body) =>
        body is null ? "none" : body.Length > 200 ? $"{Encoding.UTF8.GetString(body[..200])}… ({body.Length} bytes)" : Encoding.UTF8.GetString(body);
}
