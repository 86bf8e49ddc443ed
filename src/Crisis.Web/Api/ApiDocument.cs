using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crisis.Web.Api;

/// <summary>What the framework's generated OpenAPI document cannot know from the endpoints alone.</summary>
public static class ApiDocument
{
    private const string Token = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Crisis API";
            document.Info.Description = "Incidents and their checklists, messages, impact, reviews and exercises. "
                + "Every call under /api needs an API token (Admin → API tokens) as \"Authorization: Bearer crisis_…\".";
            document.AddComponent<IOpenApiSecurityScheme>(Token, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from Admin → API tokens; the account's role decides what it may do.",
            });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(RequireToken);
        options.AddOperationTransformer(OfferEveryShape);
        options.AddSchemaTransformer(DescribeSeverity);
        options.AddSchemaTransformer(DescribeReviewChange);
    }

    private static Task RequireToken(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Token, context.Document)] = [] }];
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A handler that answers one status in either of two shapes (<c>Results&lt;Ok&lt;A&gt;, Ok&lt;B&gt;&gt;</c>) is
    /// described as one of them; the framework alone would keep only the last.
    /// </summary>
    private static async Task OfferEveryShape(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var alternatives = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
            .Where(response => response.Type is not null && response.Type != typeof(void))
            .GroupBy(response => response.StatusCode, response => response.Type!)
            .Where(shapes => shapes.Distinct().Count() > 1);
        foreach (var shapes in alternatives)
        {
            var schemas = new List<IOpenApiSchema>();
            foreach (var type in shapes.Distinct())
                schemas.Add(await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
            operation.Responses![shapes.Key.ToString(CultureInfo.InvariantCulture)].Content!["application/json"].Schema = new OpenApiSchema { OneOf = schemas };
        }
    }

    /// <summary>A <see cref="ReviewChange{T}"/> reads itself, so the framework sees no fields: they are T's and <c>expectedVersion</c>.</summary>
    private static async Task DescribeReviewChange(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type is not { IsGenericType: true } type || type.GetGenericTypeDefinition() != typeof(ReviewChange<>)) return;
        var change = await context.GetOrCreateSchemaAsync(typeof(ReviewChange), null, cancellationToken);
        var fields = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, cancellationToken);
        schema.Type = JsonSchemaType.Object;
        schema.Properties = fields.Properties!.Concat(change.Properties!).ToDictionary();
        schema.Required = change.Required;
        schema.AdditionalPropertiesAllowed = false;
    }

    private static Task DescribeSeverity(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(JsonConverterAttribute), inherit: false)
                is [JsonConverterAttribute { ConverterType: var converter }] && converter == typeof(SeverityJson))
        {
            schema.Type = JsonSchemaType.Integer | JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = null;
            schema.Pattern = SeverityJson.NamePattern;
            schema.Description = "1 for SEV1, the worst, or the name, such as \"SEV1\"";
        }
        return Task.CompletedTask;
    }
}
