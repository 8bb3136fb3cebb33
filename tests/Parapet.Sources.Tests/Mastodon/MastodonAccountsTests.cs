using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Sources.Live;
using Parapet.Sources.Mastodon;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Sources.Mastodon;

/// <summary>Mastodon replies to and mentions of a profile's own fediverse account, read off a loopback streaming server.</summary>
public sealed class MastodonAccountsTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    private const string Watchlist = """
        profiles:
          - id: ccbe
            name: Carrow County Board of Elections
            aliases: ["Carrow County Board of Elections"]
            accounts: ["https://mastodon.example/@carrowvotes"]
        """;

    private static JsonObject Mention(string id, string acct, string host = "mastodon.example") => new()
    {
        ["id"] = id,
        ["username"] = acct,
        ["url"] = $"https://{host}/@{acct}",
        ["acct"] = $"{acct}@{host}",
    };

    /// <summary>A Status entity in the shape of the Mastodon API documentation, with its reply and mention fields.</summary>
    private static string Status(string id, string contentHtml, string acct = "alice@remote.example", string accountId = "109302",
        string? inReplyTo = null, string? inReplyToAccount = null, params JsonObject[] mentions) =>
        new JsonObject
        {
            ["id"] = id,
            ["created_at"] = "2026-12-01T07:49:01.940Z",
            ["in_reply_to_id"] = inReplyTo,
            ["in_reply_to_account_id"] = inReplyToAccount,
            ["sensitive"] = false,
            ["spoiler_text"] = "",
            ["visibility"] = "public",
            ["language"] = "en",
            ["uri"] = $"https://remote.example/users/alice/statuses/{id}",
            ["url"] = $"https://remote.example/@alice/{id}",
            ["content"] = contentHtml,
            ["reblog"] = null,
            ["account"] = new JsonObject
            {
                ["id"] = accountId,
                ["username"] = acct.Split('@')[0],
                ["acct"] = acct,
                ["noindex"] = false,
                ["note"] = "<p></p>",
            },
            ["media_attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray([.. mentions]),
            ["tags"] = new JsonArray(),
        }.ToJsonString();

    private static string HCard(string acct) =>
        $"<span class=\"h-card\"><a href=\"https://mastodon.example/@{acct}\" class=\"u-url mention\">@<span>{acct}</span></a></span>";

    private static async Task<List<Post>> ReadAsync(params string[] statuses)
    {
        await using var server = await LoopbackHttp.StartAsync(async (c, _) =>
        {
            c.Response.ContentType = "text/event-stream";
            foreach (var status in statuses)
            {
                await c.Response.WriteAsync($"event: update\ndata: {status}\n\n", c.RequestAborted);
            }

            await c.Response.Body.FlushAsync(c.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, c.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var options = new MastodonOptions
        {
            Instance = server.BaseUri,
            StallTimeout = TimeSpan.FromSeconds(5),
            Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) },
        };
        await using var run = SourceRun.Start(new MastodonSource("mastodon:test", options, Http, TimeProvider.System, NullLogger<MastodonSource>.Instance));
        var lines = await run.TakeAsync(statuses.Length);
        return [.. lines.Select(l => PostLineParser.Parse(l.Bytes).Post!)];
    }

    private static PostAnalyzer Analyzer() =>
        PostAnalyzer.WithShippedModels(WatchlistMatcher.Build(WatchlistLoader.Parse(Watchlist, "test.yaml")));

    [Fact]
    public async Task RunAsync_ReplyToTheWatchedAccount_MatchesAsAReplyWithItsPostAsContextAndAlerts()
    {
        var posts = await ReadAsync(
            Status("555", "<p>Ballot drop boxes close at 8 pm.</p>", acct: "carrowvotes@mastodon.example", accountId: "110"),
            Status("556", $"<p>{HCard("carrowvotes")} you&#39;re dead</p>", inReplyTo: "555", inReplyToAccount: "110", mentions: Mention("110", "carrowvotes")));
        var analyzer = Analyzer();

        Assert.Null(analyzer.Match(posts[0]));
        var matched = analyzer.Match(posts[1]);
        var analysis = analyzer.Classify(matched!);

        Assert.Equal("carrowvotes@mastodon.example", posts[1].References!.ReplyParentAuthor);
        Assert.Equal(posts[0].Id, posts[1].References!.ReplyParent);
        Assert.Contains(matched!.Matches, m => m.Via == MatchVia.Reply);
        Assert.True(analysis.Alert, string.Join("; ", analysis.Threat.Reasons));
        Assert.Equal(["ccbe"], analysis.AlertEntities);
        Assert.StartsWith("reply to @carrowvotes@mastodon.example's post: second-person threat", analysis.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.Equal("Ballot drop boxes close at 8 pm.", analysis.Parent?.Text);
    }

    [Fact]
    public async Task RunAsync_MentionOfTheWatchedAccount_MatchesAsAMention()
    {
        var posts = await ReadAsync(
            Status("600", $"<p>{HCard("carrowvotes")} watch your back</p>", mentions: Mention("110", "carrowvotes")),
            Status("601", $"<p>{HCard("carrowvotes")} you should resign</p>", mentions: Mention("110", "carrowvotes")));
        var analyzer = Analyzer();

        var threat = analyzer.Analyze(posts[0]);
        var criticism = analyzer.Analyze(posts[1]);

        Assert.Equal(["carrowvotes@mastodon.example"], posts[0].References!.Mentions);
        Assert.True(threat.Alert);
        Assert.StartsWith("mention of @carrowvotes@mastodon.example: second-person threat", threat.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.Equal(["ccbe"], criticism.Entities);
        Assert.False(criticism.Alert);
    }

    [Fact]
    public async Task RunAsync_SameThreatInReplyToAnotherAccount_DoesNotMatch()
    {
        var posts = await ReadAsync(
            Status("700", $"<p>{HCard("carrowvoter")} you&#39;re dead</p>", inReplyTo: "699", inReplyToAccount: "111", mentions: Mention("111", "carrowvoter")));

        Assert.Equal("carrowvoter@mastodon.example", posts[0].References!.ReplyParentAuthor);
        Assert.Null(Analyzer().Match(posts[0]));
    }
}
