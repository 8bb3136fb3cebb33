using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class AuthTests(ParapetFactory factory) : IClassFixture<ParapetFactory>
{
    /// <summary>Every endpoint the app maps, with a concrete path and method, read from the endpoint data source.</summary>
    private IReadOnlyList<(string Method, string Path, bool Anonymous)> Routes()
    {
        var sources = factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        return [.. from e in sources
                   let path = "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
                   {
                       Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                       Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "1",
                       _ => "",
                   }))))
                   from method in e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
                   select (method, path, e.Metadata.GetMetadata<IAllowAnonymous>() is not null)];
    }

    [Fact]
    public void Endpoints_Anonymous_OnlyHealthAndLogin()
    {
        var anonymous = Routes().Where(r => r.Anonymous).Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["GET /healthz", "GET /login", "POST /login"], anonymous);
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_IsRefused()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var routes = Routes().Where(r => !r.Anonymous).ToList();
        Assert.True(routes.Count(r => r.Path.StartsWith("/api/", StringComparison.Ordinal)) >= 12, string.Join('\n', routes));
        var failures = new List<string>();
        foreach (var (method, path, _) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var api = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal) || path == "/metrics";
            var ok = api
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/login", StringComparison.Ordinal);
            if (!ok)
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "answered without credentials:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryApiRoute_WithUnknownApiKey_Answers401()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", "pk_0000000000000000000000000000000000000000000000");
        foreach (var (method, path, _) in Routes().Where(r => !r.Anonymous && r.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task ApiKey_Valid_ReadsAlerts()
    {
        using var client = factory.WithApiKey("analyst");
        using var response = await client.GetAsync("/api/alerts", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutCredentials_Answers200()
    {
        var client = factory.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Login_WrongPassword_Answers401AndIsAudited()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await ParapetFactory.LoginAsync(client, "analyst", "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(factory.Audit.Search("login.failed", null, null, 10), e => e.Actor == "analyst");
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRejected()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await ParapetFactory.LoginAsync(client, "analyst", ParapetFactory.Password, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Login_Valid_SetsHttpOnlyStrictCookieAndIsAudited()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await ParapetFactory.LoginAsync(client, "supervisor", ParapetFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parapet.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(factory.Audit.Search("login", null, null, 50), e => e.Actor == "supervisor" && e.Action == "login");
    }

    [Fact]
    public async Task Login_ReturnUrlToAnotherSite_StaysLocal()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/login", TestContext.Current.CancellationToken);
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "analyst", ["password"] = ParapetFactory.Password, ["returnUrl"] = "//evil.example/",
            ["__RequestVerificationToken"] = ParapetFactory.TokenOf(page),
        }), TestContext.Current.CancellationToken);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("viewer", "/api/alerts", HttpStatusCode.Forbidden)]
    [InlineData("auditor", "/api/alerts", HttpStatusCode.Forbidden)]
    [InlineData("analyst", "/api/audit", HttpStatusCode.Forbidden)]
    [InlineData("analyst", "/api/alerts/export", HttpStatusCode.Forbidden)]
    [InlineData("auditor", "/api/audit", HttpStatusCode.OK)]
    [InlineData("viewer", "/api/aggregates", HttpStatusCode.OK)]
    [InlineData("supervisor", "/api/alerts/export", HttpStatusCode.OK)]
    public async Task Roles_Route_AnswersByRole(string role, string path, HttpStatusCode expected)
    {
        using var client = factory.WithApiKey(role);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
    }
}

public sealed class LoginRateLimitTests : IDisposable
{
    private readonly ParapetFactory _factory = new(loginAttemptsPerMinute: 3);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Login_TooManyAttempts_Answers429()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await ParapetFactory.LoginAsync(client, "analyst", "wrong password number " + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
