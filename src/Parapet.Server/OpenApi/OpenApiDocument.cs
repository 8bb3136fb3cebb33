using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Parapet.Server.OpenApi;

/// <summary>
/// The REST API's OpenAPI document, served at <c>/openapi/v1.json</c> to signed-in clients and committed as
/// <c>docs/openapi.json</c>, the contract a test keeps in step with the code. Pages are not in it.
/// </summary>
internal static class ParapetOpenApi
{
    public const string Route = "/openapi/{documentName}.json", Path = "/openapi/v1.json";

    public static IServiceCollection AddParapetOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Parapet",
                Version = "v1",
                Description = "Alerts, triage, aggregates, watchlists, sources, audit and webhooks. Every route needs a signed-in " +
                    "session or an API key (`Authorization: Bearer pk_…`, from `parapet users key`); what a key may do is its user's role.",
            };
            // The address a document was fetched from is not part of the contract.
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key made with `parapet users key NAME`.",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] }];
            return Task.CompletedTask;
        }));
}
