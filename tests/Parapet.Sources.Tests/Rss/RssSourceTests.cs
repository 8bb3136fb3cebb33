using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Posts;
using Parapet.Sources.Live;
using Parapet.Sources.Rss;
using Xunit;

namespace Parapet.Tests.Sources.Rss;

public sealed class RssSourceTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler());

    private static string Rss(params (string Guid, string Title, string Description)[] items) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Millbrook Gazette</title><link>https://gazette.example/</link>
        <description>Local news</description><language>en-us</language>
        {string.Concat(items.Select(i => $"""
            <item><title>{i.Title}</title><link>https://gazette.example/{i.Guid}</link>
            <guid isPermaLink="false">{i.Guid}</guid><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
            <description>{System.Security.SecurityElement.Escape(i.Description)}</description></item>
            """))}
        </channel></rss>
        """;

    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Harbor notes</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id><updated>2026-12-01T18:30:02Z</updated>
          <entry>
            <title type="html">Harbor Enforcement Agency &lt;b&gt;hearing&lt;/b&gt;</title>
            <link href="https://notes.example/2026/12/hearing"/>
            <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
            <updated>2026-12-01T18:30:02Z</updated>
            <author><name>Desk</name></author>
            <summary type="html">&lt;p&gt;The board meets &amp;amp; votes.&lt;/p&gt;</summary>
          </entry>
        </feed>
        """;

    private static FeedOptions Options(Uri url) => new()
    {
        Url = url,
        Interval = TimeSpan.FromMilliseconds(100),
        Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(100) },
    };

    private static RssSource Source(FeedOptions options) =>
        new("rss:test", options, Http, TimeProvider.System, NullLogger<RssSource>.Instance);

    private static Task Respond(HttpContext context, string body, string type = "application/rss+xml", string? etag = null)
    {
        context.Response.ContentType = type;
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
        }

        return context.Response.WriteAsync(body);
    }

    private static Post PostOf(Parapet.Pipeline.SourceLine line)
    {
        var parsed = PostLineParser.Parse(line.Bytes);
        Assert.Equal(LineKind.Post, parsed.Kind);
        return parsed.Post!;
    }

    [Fact]
    public async Task RunAsync_Rss2Feed_EachItemBecomesAPostWithItsGuidAndLink()
    {
        await using var server = await LoopbackHttp.StartAsync((c, _) =>
            Respond(c, Rss(("a1", "Board meeting", "<p>The <b>Millbrook</b> board meets&nbsp;tonight.</p><script>alert(1)</script>"),
                ("a2", "Weather", "Rain"))));
        var source = Source(Options(server.Url("feed.xml")));
        await using var run = SourceRun.Start(source);

        var posts = (await run.TakeAsync(2)).Select(PostOf).ToList();

        Assert.Equal(["a1", "a2"], posts.Select(p => p.Id));
        Assert.Equal("Board meeting\n\nThe Millbrook board meets tonight.", posts[0].Text);
        Assert.Equal("https://gazette.example/a1", posts[0].Uri);
        Assert.Equal("rss", posts[0].Source);
        Assert.Equal("en-us", posts[0].Lang);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), posts[0].CreatedAt);
        Assert.Equal(2, source.Status().Events);
    }

    [Fact]
    public async Task RunAsync_AtomFeed_ReadsHtmlTitleAndSummaryAsText()
    {
        await using var server = await LoopbackHttp.StartAsync((c, _) => Respond(c, Atom, "application/atom+xml"));
        await using var run = SourceRun.Start(Source(Options(server.Url("atom"))));

        var post = PostOf(await run.NextAsync());

        Assert.Equal("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", post.Id);
        Assert.Equal("Harbor Enforcement Agency hearing\n\nThe board meets & votes.", post.Text);
        Assert.Equal("https://notes.example/2026/12/hearing", post.Uri);
        Assert.Equal("Desk", post.Author);
    }

    [Fact]
    public async Task RunAsync_LaterPolls_AreConditionalAndSendOnlyNewOrChangedItems()
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) => i switch
        {
            0 => Respond(c, Rss(("a1", "One", "first"), ("a2", "Two", "second")), etag: "\"v1\""),
            1 => Task.FromResult(c.Response.StatusCode = StatusCodes.Status304NotModified),
            _ => Respond(c, Rss(("a1", "One", "first"), ("a2", "Two", "second, corrected"), ("a3", "Three", "third")), etag: "\"v2\""),
        });
        var source = Source(Options(server.Url("feed.xml")));
        await using var run = SourceRun.Start(source);

        var first = (await run.TakeAsync(2)).Select(PostOf).ToList();
        var later = (await run.TakeAsync(2)).Select(PostOf).ToList();

        Assert.Equal(["a1", "a2"], first.Select(p => p.Id));
        Assert.Equal(["a2", "a3"], later.Select(p => p.Id));
        Assert.True(later[0].Edited);
        Assert.False(later[1].Edited);
        var requests = server.Requests;
        Assert.False(requests[0].ContainsKey("If-None-Match"));
        Assert.Equal("\"v1\"", requests[1]["If-None-Match"]);
        Assert.Equal("Tue, 01 Dec 2026 10:00:00 GMT", requests[1]["If-Modified-Since"]);
        Assert.Equal("\"v1\"", requests[2]["If-None-Match"]);
        await Poll.UntilAsync(() => server.Requests.Count >= 4, "a fourth poll");
        Assert.Equal("\"v2\"", server.Requests[3]["If-None-Match"]);
        Assert.Equal(0, source.Status().Errors);
    }

    [Fact]
    public async Task RunAsync_ServerErrorsThenRecovers_RetriesAndCountsTheErrors()
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) =>
        {
            if (i < 2)
            {
                c.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return Respond(c, Rss(("b1", "Back", "up again")));
        });
        var source = Source(Options(server.Url("feed.xml")));
        await using var run = SourceRun.Start(source);

        var post = PostOf(await run.NextAsync());

        Assert.Equal("b1", post.Id);
        Assert.Equal(2, source.Status().Errors);
        Assert.Contains("503", source.Status().LastError, StringComparison.Ordinal);
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
            return Respond(c, Rss(("c1", "Later", "later")));
        });
        await using var run = SourceRun.Start(Source(Options(server.Url("feed.xml"))));

        await run.NextAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"polled again after {clock.Elapsed}");
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>x</title><item><title>broken")]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>")]
    public async Task RunAsync_MalformedOrHostileFeed_IsAnErrorAndPollingGoesOn(string bad)
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) => Respond(c, i == 0 ? bad : Rss(("d1", "Fine", "fine"))));
        var source = Source(Options(server.Url("feed.xml")));
        await using var run = SourceRun.Start(source);

        var post = PostOf(await run.NextAsync());

        Assert.Equal("d1", post.Id);
        Assert.Equal(1, source.Status().Errors);
    }

    [Fact]
    public async Task RunAsync_FeedOverTheSizeLimit_IsRefused()
    {
        var big = Rss(("e1", "Big", new string('x', 50_000)));
        await using var server = await LoopbackHttp.StartAsync((c, i) => Respond(c, i == 0 ? big : Rss(("e2", "Small", "small"))));
        var source = Source(Options(server.Url("feed.xml")) with { MaxFeedBytes = 10_000 });
        await using var run = SourceRun.Start(source);

        var post = PostOf(await run.NextAsync());

        Assert.Equal("e2", post.Id);
        Assert.Contains("limit", source.Status().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PollSharingNoItemWithTheLast_CountsAGap()
    {
        await using var server = await LoopbackHttp.StartAsync((c, i) =>
            Respond(c, i == 0 ? Rss(("f1", "1", "1"), ("f2", "2", "2")) : Rss(("f3", "3", "3"), ("f4", "4", "4"))));
        var source = Source(Options(server.Url("feed.xml")));
        await using var run = SourceRun.Start(source);

        await run.TakeAsync(4);
        await Poll.UntilAsync(() => server.Requests.Count >= 3, "a third poll");

        Assert.Equal(1, source.Status().Gaps);
    }
}
