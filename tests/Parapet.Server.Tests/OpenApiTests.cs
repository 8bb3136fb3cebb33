using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class OpenApiTests(ParapetFactory factory) : IClassFixture<ParapetFactory>
{
    private const string Regenerate = "PARAPET_WRITE_OPENAPI";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    [Fact]
    public async Task Document_IsTheCommittedDocsOpenApiJson()
    {
        using var client = factory.WithApiKey("viewer");
        var response = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var generated = Canonical(await response.Content.ReadAsStringAsync(Ct));
        var committed = RepoPaths.Combine("docs", "openapi.json");

        if (Environment.GetEnvironmentVariable(Regenerate) == "1")
        {
            await File.WriteAllTextAsync(committed, generated, Ct);
        }

        Assert.True(File.Exists(committed), $"docs/openapi.json is missing; run the tests once with {Regenerate}=1 to write it");
        Assert.True(generated == await File.ReadAllTextAsync(committed, Ct),
            $"docs/openapi.json is stale: the API changed. Review the change, then run the tests with {Regenerate}=1 to rewrite it.");
    }

    [Fact]
    public async Task Document_DescribesEveryApiGroupAndNoPage()
    {
        using var client = factory.WithApiKey("viewer");
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        foreach (var group in new[] { "/api/alerts", "/api/aggregates", "/api/watchlists", "/api/sources", "/api/audit", "/api/webhooks" })
        {
            Assert.Contains(paths, p => p.StartsWith(group, StringComparison.Ordinal));
        }

        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task Document_WithoutCredentials_Is401()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json", Ct)).StatusCode);
    }
}
