using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Parapet.Matching;
using Parapet.Sources.Jetstream;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Sources.Jetstream;

/// <summary>Start-up resolution of the watchlist's handles with com.atproto.identity.resolveHandle on a loopback XRPC server.</summary>
public sealed class HandleResolverTests
{
    private const string AgencyDid = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d";

    private const string Yaml = """
        profiles:
          - id: hea
            name: Harbor Enforcement Agency
            accounts: ["@harbor.bsky.social", "@gone.bsky.social", "did:plc:b7cnk2mrf4wqyxtd3ja6vsle"]
        """;

    private static AccountDirectory Accounts() => WatchlistMatcher.Build(WatchlistLoader.Parse(Yaml, "test.yaml")).Accounts;

    [Fact]
    public async Task ResolveAsync_KnownAndUnknownHandles_BindsTheKnownOneAndWarnsAboutTheOther()
    {
        var asked = new List<string>();
        await using var server = await LoopbackHttp.StartAsync(async (c, _) =>
        {
            lock (asked)
            {
                asked.Add(c.Request.Path + c.Request.QueryString);
            }

            c.Response.ContentType = "application/json";
            if (c.Request.Query["handle"] == "harbor.bsky.social")
            {
                await c.Response.WriteAsync($$"""{"did":"{{AgencyDid}}"}""");
                return;
            }

            c.Response.StatusCode = 400;
            await c.Response.WriteAsync("""{"error":"InvalidRequest","message":"Unable to resolve handle"}""");
        });
        var accounts = Accounts();
        var log = new ListLogger();
        using var http = new HttpClient();

        var resolved = await new HandleResolver(http, server.BaseUri, TimeProvider.System, log).ResolveAsync(accounts, CancellationToken.None);

        Assert.Equal(1, resolved);
        Assert.Equal(0, accounts.Find(AgencyDid)?.Profile);
        Assert.Equal(["gone.bsky.social"], accounts.UnresolvedHandles);
        Assert.Equal(
            ["/xrpc/com.atproto.identity.resolveHandle?handle=gone.bsky.social", "/xrpc/com.atproto.identity.resolveHandle?handle=harbor.bsky.social"],
            asked.Order(StringComparer.Ordinal));
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("@gone.bsky.social", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400: Unable to resolve handle", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ServiceUnreachable_WarnsForEachHandleAndDoesNotThrow()
    {
        Uri closed;
        await using (var server = await LoopbackHttp.StartAsync((_, _) => Task.CompletedTask))
        {
            closed = server.BaseUri;
        }

        var accounts = Accounts();
        var log = new ListLogger();
        using var http = new HttpClient();

        var resolved = await new HandleResolver(http, closed, TimeProvider.System, log).ResolveAsync(accounts, CancellationToken.None);

        Assert.Equal(0, resolved);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Equal(["gone.bsky.social", "harbor.bsky.social"], accounts.UnresolvedHandles);
    }

    [Theory]
    [InlineData("http://public.api.bsky.app")]
    [InlineData("ftp://public.api.bsky.app")]
    [InlineData("not a url")]
    public void ParseService_NotHttpsOffLoopback_IsRefused(string value)
    {
        Assert.Throws<ArgumentException>(() => HandleResolver.ParseService(value));
    }

    [Fact]
    public void ParseService_HttpsOrLoopbackHttp_IsAccepted()
    {
        Assert.Equal("https://public.api.bsky.app/", HandleResolver.ParseService("https://public.api.bsky.app").ToString());
        Assert.True(HandleResolver.ParseService("http://127.0.0.1:8080").IsLoopback);
    }

    private sealed class ListLogger : ILogger<HandleResolver>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
