using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Crisis.Web.Tests.Api;

/// <summary>Integrators generate clients from /openapi/v1.json, so it must describe every endpoint the app really maps under /api.</summary>
[Collection(nameof(CrisisServer))]
public class OpenApiTests(CrisisServer server)
{
    [Fact]
    public async Task The_document_describes_every_api_endpoint_with_its_request_and_response_shapes()
    {
        using var response = await server.Client(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.PathSegments is [{ Parts: [RoutePatternLiteralPart { Content: "api" }] }, ..])
            .ToList();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints under /api");

        var faults = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods)
            {
                var name = $"{method} {path}";
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    faults.Add($"{name} is missing");
                    continue;
                }
                if (!operation.TryGetProperty("operationId", out _)) faults.Add($"{name} has no operationId");
                // A JSON body, or a multipart form where an endpoint takes a file, in what the endpoint declares it accepts.
                if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts
                    && !(operation.TryGetProperty("requestBody", out var body) && accepts.ContentTypes.Any(type => HasSchema(body, type))))
                {
                    faults.Add($"{name} takes a body but the document gives no schema for it");
                }
                var successes = operation.GetProperty("responses").EnumerateObject().Where(answer => answer.Name.StartsWith('2')).ToList();
                if (successes.Count == 0) faults.Add($"{name} has no success response");
                // 202 and 204 carry no body; any other success must say what it returns (JSON, a PDF, Markdown).
                foreach (var success in successes.Where(answer => answer.Name is not ("202" or "204")))
                {
                    if (!HasSchema(success.Value)) faults.Add($"{name} answers {success.Name} without a schema");
                }
            }
        }
        Assert.Empty(faults);
    }

    [Fact]
    public async Task The_document_names_the_bearer_token_and_the_shapes_a_client_sends()
    {
        using var document = JsonDocument.Parse(await server.Client(null).GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var open = root.GetProperty("components").GetProperty("schemas").GetProperty("OpenIncidentBody");
        Assert.Equal(["playbookId", "title", "severity"], open.GetProperty("required").EnumerateArray().Select(field => field.GetString()));
        var step = root.GetProperty("paths").GetProperty("/api/incidents/{key}/steps/{stepId}/{verb}").GetProperty("post");
        var verb = step.GetProperty("parameters").EnumerateArray().Single(parameter => parameter.GetProperty("name").GetString() == "verb");
        Assert.Equal(Core.Incidents.StepVerbs.Names, verb.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(name => name.GetString()));
    }

    /// <summary>The route as OpenAPI writes it: parameters without their constraints, no trailing slash.</summary>
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException(part.ToString()),
        }))));

    private static bool HasSchema(JsonElement bodyOrAnswer, string? mediaType = null) =>
        bodyOrAnswer.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(media => (mediaType is null || media.Name == mediaType) && media.Value.TryGetProperty("schema", out _));
}
