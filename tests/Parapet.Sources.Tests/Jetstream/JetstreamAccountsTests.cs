using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Sources.Jetstream;
using Parapet.Sources.Live;
using Parapet.Watchlists;
using Xunit;
using Shapes = Parapet.Tests.JetstreamShapes;

namespace Parapet.Tests.Sources.Jetstream;

/// <summary>Identity events, replies, quotes and mentions as a loopback Jetstream serves them, read through the source.</summary>
public sealed class JetstreamAccountsTests
{
    private const string AgencyDid = "did:plc:b7cnk2mrf4wqyxtd3ja6vsle";
    private const string PosterDid = "did:plc:q235v55g5unth4zjjdpacfdr";

    [Fact]
    public async Task RunAsync_IdentityThenReplyQuoteAndMention_ReachTheAnalyzerAsMatchesOfTheWatchedHandle()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        string[] frames =
        [
            Shapes.Identity(AgencyDid, "harbor.bsky.social", timeUs: now),
            Shapes.Post(PosterDid, "3r", "you're dead", replyTo: Shapes.PostUri(AgencyDid, "3p"), timeUs: now + 1),
            Shapes.Post(PosterDid, "3q", "look", quote: Shapes.PostUri(AgencyDid, "3p"), quoteWithMedia: true, timeUs: now + 2),
            Shapes.Post(PosterDid, "3m", "@harbor.bsky.social hi", mentions: [AgencyDid], timeUs: now + 3),
        ];
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var frame in frames)
            {
                await JetstreamRequest.SendAsync(socket, frame, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var options = new JetstreamOptions
        {
            Endpoints = [server.Endpoint],
            StallTimeout = TimeSpan.FromSeconds(5),
            Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) },
        };
        await using var run = SourceRun.Start(new JetstreamSource("jetstream:test", options, _ => null, TimeProvider.System, NullLogger<JetstreamSource>.Instance));
        var analyzer = PostAnalyzer.WithShippedModels(WatchlistMatcher.Build(WatchlistLoader.Parse("""
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                accounts: ["@harbor.bsky.social"]
            """, "test.yaml")));

        var lines = (await run.TakeAsync(frames.Length)).Select(l => PostLineParser.Parse(l.Bytes)).ToList();
        Assert.Equal(LineKind.Identity, lines[0].Kind);
        analyzer.Accounts.Observe(lines[0].Id!, lines[0].Handle);
        var via = lines.Skip(1).Select(l => Assert.Single(analyzer.Match(l.Post!)!.Matches).Via).ToList();
        var reply = analyzer.Analyze(lines[1].Post!);

        Assert.Equal([MatchVia.Reply, MatchVia.Quote, MatchVia.Mention], via);
        Assert.True(reply.Alert);
        Assert.StartsWith("reply to @harbor.bsky.social's post: second-person threat", reply.Threat.Reasons[0], StringComparison.Ordinal);
    }
}
