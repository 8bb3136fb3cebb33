using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Server;
using Parapet.Server.Alerts;
using Parapet.Server.Auth;
using Parapet.Storage;
using Parapet.Watchlists;

namespace Parapet.Tests.Server;

/// <summary>
/// The dashboard on a real SQLite file in a fresh folder (or a given PostgreSQL database), hosted by the test server (or by Kestrel on a free
/// port for the browser), with one account per role. Posts are analyzed by the real analyzer and stored by
/// the real store, as the pipeline does. The factory names its own type as the entry point: the test assembly
/// has one, the dashboard's library does not, and the host is built here anyway.
/// </summary>
public sealed partial class ParapetFactory : WebApplicationFactory<ParapetFactory>
{
    public const string Password = "correct horse battery staple";

    private readonly TempDirectory _temp = new();
    private readonly SqlStore _store;
    private readonly PostAnalyzer _analyzer;
    private long _nextPost;
    private int _disposed;

    public ParapetFactory() : this(loginAttemptsPerMinute: 1000)
    {
    }

    internal ParapetFactory(int loginAttemptsPerMinute, Parapet.Server.Webhooks.WebhookOptions? webhooks = null, bool followStore = false,
        string? db = null)
    {
        // The factory looks for a content root named after the entry assembly; the pages need none, so it is the output folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PARAPET_SERVER_TESTS", AppContext.BaseDirectory);
        Db = db ?? _temp.File("parapet.db");
        WatchlistPath = _temp.File("watchlist.yaml");
        File.Copy(RepoPaths.Watchlist, WatchlistPath);
        _store = SqlStore.Open(Db, TimeProvider.System);
        Connections = new StoreConnections(Db);
        var accounts = new Accounts(Connections, TimeProvider.System);
        foreach (var role in Roles.All)
        {
            SignIn.AddUser(accounts, role, role, Password);
        }

        _analyzer = PostAnalyzer.WithShippedModels(WatchlistMatcher.Build(WatchlistLoader.Load(WatchlistPath)));
        LiveWatchlist = new LiveWatchlist(WatchlistLoader.Load(WatchlistPath));
        Options = new DashboardOptions
        {
            Db = Db,
            WatchlistPath = WatchlistPath,
            LoginAttemptsPerMinute = loginAttemptsPerMinute,
            Webhooks = webhooks ?? new Parapet.Server.Webhooks.WebhookOptions(),
            LiveWatchlist = LiveWatchlist,
            FollowStore = followStore,
        };
    }

    internal string Db { get; }

    internal string WatchlistPath { get; }

    internal StoreConnections Connections { get; }

    internal DashboardOptions Options { get; }

    internal LiveAlerts Live { get; } = new();

    /// <summary>What a running pipeline would match with; a watchlist saved on the dashboard replaces it.</summary>
    internal LiveWatchlist LiveWatchlist { get; }

    internal SqlStore Store => _store;

    internal PipelineMetrics Metrics { get; } = new();

    internal AuditLog Audit => new(Connections, TimeProvider.System);

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .ConfigureWebHost(web => web
                .ConfigureServices(s => s.AddParapetServer(Options, new PipelineView([], Metrics, Live, TimeProvider.System.GetUtcNow()), TimeProvider.System))
                .Configure(app => app.UseParapetServer()));

    /// <summary>Analyzes and stores a post as the pipeline does, and tells the live queue of a new alert (unless another process stored it).</summary>
    internal async Task<(PostAnalysis Analysis, long? AlertId)> StoreAsync(string text, string? author = "did:plc:testauthor", bool tellLiveQueue = true,
        Post? parent = null)
    {
        var n = Interlocked.Increment(ref _nextPost);
        var post = new Post
        {
            Id = $"at://{author ?? "did:plc:none"}/app.bsky.feed.post/t{n}",
            Text = text,
            Lang = "en",
            CreatedAt = DateTimeOffset.UtcNow,
            Author = author,
            Uri = $"at://{author ?? "did:plc:none"}/app.bsky.feed.post/t{n}",
            Source = "bluesky",
        };
        var analysis = _analyzer.Analyze(post) with { Parent = parent };
        var fresh = await _store.WriteAsync([new StoreOp.Save(analysis)], CancellationToken.None);
        foreach (var notice in tellLiveQueue ? fresh : [])
        {
            await Live.EmitAsync(notice, CancellationToken.None);
        }

        return (analysis, fresh is [var one] ? one.AlertId : null);
    }

    /// <summary>
    /// Replays posts through the real pipeline (replay source, parse, match, classify, store) with the live
    /// queue as its alert sink, as <c>parapet run</c> wires it; returns when every stage is flushed.
    /// </summary>
    internal async Task ReplayAsync(params string[] texts)
    {
        var file = _temp.File($"replay-{Interlocked.Increment(ref _nextPost)}.jsonl");
        var lines = texts.Select(t =>
        {
            var n = Interlocked.Increment(ref _nextPost);
            return System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["id"] = $"https://example.social/@someone/{n}",
                ["text"] = t,
                ["lang"] = "en",
                ["author"] = "@someone@example.social",
                ["uri"] = $"https://example.social/@someone/{n}",
                ["created_at"] = DateTimeOffset.UtcNow.ToString("o"),
            });
        });
        await File.WriteAllLinesAsync(file, lines);
        var matcher = WatchlistMatcher.Build(WatchlistLoader.Load(WatchlistPath));
        var pipeline = new PostPipeline([new Parapet.Sources.Replay.ReplaySource(file, null, TimeProvider.System)],
            () => PostAnalyzer.WithShippedModels(matcher), _store, [Live], Metrics,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostPipeline>.Instance, TimeProvider.System);
        await pipeline.RunAsync(CancellationToken.None);
    }

    /// <summary>A client signed in through the login form, as a browser would be.</summary>
    internal async Task<HttpClient> SignedInAsync(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await LoginAsync(client, role, Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"login as {role} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    internal static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string name, string password, bool withToken = true)
    {
        var page = await client.GetStringAsync("/login");
        var fields = new Dictionary<string, string> { ["name"] = name, ["password"] = password, ["returnUrl"] = "/" };
        if (withToken)
        {
            fields["__RequestVerificationToken"] = TokenOf(page);
        }

        return await client.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    internal static string TokenOf(string html) =>
        Token().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("the page has no anti-forgery field");

    internal HttpClient WithApiKey(string role)
    {
        var accounts = new Accounts(Connections, TimeProvider.System);
        var key = accounts.CreateApiKey(accounts.Find(role)!.Id, "test");
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _store.Dispose();
            Metrics.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _temp.Dispose();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
