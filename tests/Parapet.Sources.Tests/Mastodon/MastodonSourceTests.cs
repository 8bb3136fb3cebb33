using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Sources.Live;
using Parapet.Sources.Mastodon;
using Xunit;

namespace Parapet.Tests.Sources.Mastodon;

public sealed class MastodonSourceTests
{
    private const string Token = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0";
    private static readonly HttpClient Http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>A Status entity in the shape of the Mastodon API documentation.</summary>
    private static string Status(string id, string contentHtml, string acct = "alice", string note = "<p>Harbor watcher</p>",
        bool noindex = false, string spoiler = "", bool reblog = false) =>
        new JsonObject
        {
            ["id"] = id,
            ["created_at"] = "2026-12-01T07:49:01.940Z",
            ["in_reply_to_id"] = null,
            ["sensitive"] = spoiler.Length > 0,
            ["spoiler_text"] = spoiler,
            ["visibility"] = "public",
            ["language"] = "en",
            ["uri"] = $"https://remote.example/users/{acct}/statuses/{id}",
            ["url"] = $"https://remote.example/@{acct}/{id}",
            ["replies_count"] = 0,
            ["edited_at"] = null,
            ["content"] = contentHtml,
            ["reblog"] = reblog ? JsonNode.Parse(Status("1", "<p>boosted</p>")) : null,
            ["account"] = new JsonObject
            {
                ["id"] = "109302",
                ["username"] = acct.Split('@')[0],
                ["acct"] = acct,
                ["display_name"] = "Alice",
                ["bot"] = false,
                ["discoverable"] = true,
                ["noindex"] = noindex,
                ["note"] = note,
                ["url"] = $"https://remote.example/@{acct}",
            },
            ["media_attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["tags"] = new JsonArray(),
        }.ToJsonString();

    private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";

    private static async Task Stream(HttpContext context, IEnumerable<string> chunks, bool hold)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync(chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (hold)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static MastodonOptions Options(Uri instance) => new()
    {
        Instance = instance,
        AccessToken = Token,
        StallTimeout = TimeSpan.FromSeconds(5),
        Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) },
    };

    private static MastodonSource Source(MastodonOptions options) =>
        new("mastodon:test", options, Http, TimeProvider.System, NullLogger<MastodonSource>.Instance);

    private static ParsedLine Parse(SourceLine line) => PostLineParser.Parse(line.Bytes);

    [Fact]
    public async Task RunAsync_UpdateEditAndDelete_BecomePostsAndADeletionOfTheSameId()
    {
        string? path = null;
        await using var server = await LoopbackHttp.StartAsync((c, _) =>
        {
            path = c.Request.Path + c.Request.QueryString;
            return Stream(c, [
                ":)\n",
                Event("update", Status("1001", "<p>The <a href=\"https://x/tags/hea\" class=\"mention hashtag\">#<span>HEA</span></a> office &amp; <span class=\"h-card\"><a class=\"u-url mention\">@<span>bob</span></a></span> again<br>second line</p>")),
                ":thump\n",
                Event("status.update", Status("1001", "<p>The HEA office, edited</p>")),
                Event("delete", "1001"),
            ], hold: true);
        });
        var source = Source(Options(server.BaseUri));
        await using var run = SourceRun.Start(source);

        var lines = (await run.TakeAsync(3)).Select(Parse).ToList();

        var id = $"{server.BaseUri.GetLeftPart(UriPartial.Authority)}/api/v1/statuses/1001";
        Assert.Equal(LineKind.Post, lines[0].Kind);
        Assert.Equal(id, lines[0].Post!.Id);
        Assert.Equal("The #HEA office & @bob again\nsecond line", lines[0].Post!.Text);
        Assert.Equal("mastodon", lines[0].Post!.Source);
        Assert.Equal("https://remote.example/@alice/1001", lines[0].Post!.Uri);
        Assert.Equal($"alice@{server.BaseUri.Host}", lines[0].Post!.Author);
        Assert.Equal("en", lines[0].Post!.Lang);
        Assert.False(lines[0].Post!.Edited);
        Assert.True(lines[1].Post!.Edited);
        Assert.Equal("The HEA office, edited", lines[1].Post!.Text);
        Assert.Equal(LineKind.Delete, lines[2].Kind);
        Assert.Equal(id, lines[2].Id);
        Assert.Equal("/api/v1/streaming/public", path);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.Equal("text/event-stream", request.Accept);
        Assert.Equal(SourceStates.Streaming, source.Status().State);
        Assert.Equal(3, source.Status().Events);
    }

    [Fact]
    public async Task RunAsync_HashtagStream_AsksForTheTag()
    {
        string? path = null;
        await using var server = await LoopbackHttp.StartAsync((c, _) =>
        {
            path = c.Request.Path + c.Request.QueryString;
            return Stream(c, [Event("update", Status("7", "<p>x</p>"))], hold: true);
        });
        await using var run = SourceRun.Start(Source(Options(server.BaseUri) with { Stream = "hashtag:local", Tag = "#Millbrook" }));

        await run.NextAsync();

        Assert.Equal("/api/v1/streaming/hashtag/local?tag=Millbrook", path);
    }

    [Fact]
    public async Task RunAsync_NobotNoindexAndBoosts_AreSkipped()
    {
        await using var server = await LoopbackHttp.StartAsync((c, _) => Stream(c, [
            Event("update", Status("1", "<p>skip me</p>", note: "<p>Artist. <a href=\"https://x/tags/nobot\">#<span>NoBot</span></a></p>")),
            Event("update", Status("2", "<p>skip me too</p>", noindex: true)),
            Event("update", Status("3", "<p>a boost</p>", reblog: true)),
            Event("update", Status("4", "<p>keep me</p>", spoiler: "CW: politics")),
        ], hold: true));
        await using var run = SourceRun.Start(Source(Options(server.BaseUri)));

        var post = Parse(await run.NextAsync()).Post!;

        Assert.EndsWith("/statuses/4", post.Id, StringComparison.Ordinal);
        Assert.Equal("CW: politics\n\nkeep me", post.Text);
    }

    [Fact]
    public async Task RunAsync_ServerEndsTheStream_ReconnectsAndCountsAGap()
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) =>
            Stream(c, [Event("update", Status($"{i + 1}", $"<p>status {i}</p>"))], hold: i > 0));
        var source = Source(Options(server.BaseUri));
        await using var run = SourceRun.Start(source);

        var lines = (await run.TakeAsync(2)).Select(Parse).ToList();

        Assert.EndsWith("/statuses/2", lines[1].Post!.Id, StringComparison.Ordinal);
        Assert.Equal(1, source.Status().Reconnects);
        Assert.Equal(1, source.Status().Gaps);
    }

    [Fact]
    public async Task RunAsync_QuietStream_IsDroppedAfterTheStallTimeoutButHeartbeatsKeepItAlive()
    {
        await using var server = await LoopbackHttp.StartAsync(async (c, i) =>
        {
            if (i == 0)
            {
                await Stream(c, [Event("update", Status("1", "<p>one</p>"))], hold: true);
                return;
            }

            var beats = Enumerable.Repeat(":thump\n", 10).ToList();
            c.Response.ContentType = "text/event-stream";
            foreach (var beat in beats)
            {
                await c.Response.WriteAsync(beat, c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                await Task.Delay(150, c.RequestAborted);
            }

            await c.Response.WriteAsync(Event("update", Status("2", "<p>two</p>")), c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        var source = Source(Options(server.BaseUri) with { StallTimeout = TimeSpan.FromMilliseconds(500) });
        await using var run = SourceRun.Start(source);

        await run.NextAsync();
        var second = Parse(await run.NextAsync()).Post!;

        Assert.EndsWith("/statuses/2", second.Id, StringComparison.Ordinal);
        // One stall (the silent first stream); 1.5 s of heartbeats 150 ms apart were not one.
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("no byte", source.Status().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedAndOversizedEvents_AreSkippedAndTheStreamGoesOn()
    {
        await using var server = await LoopbackHttp.StartAsync((c, _) => Stream(c, [
            Event("update", "{\"id\":\"1\",\"content\":"),
            Event("update", Status("2", "<p>" + new string('x', 5000) + "</p>")),
            "event: update\ndata: {\"id\":\"9\",\n\n",
            Event("delete", ""),
            Event("update", Status("3", "<p>fine</p>")),
        ], hold: true));
        var source = Source(Options(server.BaseUri) with { MaxEventBytes = 2000 });
        await using var run = SourceRun.Start(source);

        var post = Parse(await run.NextAsync()).Post!;

        Assert.EndsWith("/statuses/3", post.Id, StringComparison.Ordinal);
        Assert.Equal(4, source.Status().Errors);
        Assert.Equal(0, source.Status().Reconnects);
    }

    [Fact]
    public async Task RunAsync_Unauthorized_SaysSoAndKeepsTrying()
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) =>
        {
            if (i < 2)
            {
                c.Response.StatusCode = 401;
                return c.Response.WriteAsync("{\"error\":\"The access token is invalid\"}");
            }

            return Stream(c, [Event("update", Status("5", "<p>in</p>"))], hold: true);
        });
        var source = Source(Options(server.BaseUri));
        await using var run = SourceRun.Start(source);

        await run.NextAsync();

        Assert.Contains("401", source.Status().LastError, StringComparison.Ordinal);
        Assert.Contains("access token", source.Status().LastError, StringComparison.Ordinal);
        Assert.Equal(0, source.Status().Gaps);
    }

    [Fact]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_WaitsAsLongAsTheServerAsks()
    {
        var clock = new Stopwatch();
        await using var server = await LoopbackHttp.StartAsync((c, i) =>
        {
            if (i == 0)
            {
                clock.Start();
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "2";
                return Task.CompletedTask;
            }

            clock.Stop();
            return Stream(c, [Event("update", Status("6", "<p>later</p>"))], hold: true);
        });
        await using var run = SourceRun.Start(Source(Options(server.BaseUri)));

        await run.NextAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"reconnected after {clock.Elapsed}");
    }

    [Theory]
    [InlineData("public", null, "/api/v1/streaming/public")]
    [InlineData("public:local", null, "/api/v1/streaming/public/local")]
    [InlineData("hashtag", "élection", "/api/v1/streaming/hashtag?tag=%C3%A9lection")]
    public void StreamUri_EachStream_IsTheDocumentedPath(string stream, string? tag, string expected) =>
        Assert.Equal("https://mastodon.example" + expected,
            new MastodonOptions { Instance = new Uri("https://mastodon.example/@someone"), Stream = stream, Tag = tag }.StreamUri().AbsoluteUri);

    [Fact]
    public void StreamUri_HashtagWithoutTag_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new MastodonOptions { Instance = new Uri("https://m.example"), Stream = "hashtag" }.StreamUri());
}
