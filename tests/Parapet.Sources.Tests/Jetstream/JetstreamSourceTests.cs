using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Posts;
using Parapet.Sources.Jetstream;
using Parapet.Sources.Live;
using Parapet.Tests.Cli;
using Events = Parapet.Tests.Cli.Jetstream;
using Xunit;

namespace Parapet.Tests.Sources.Jetstream;

public sealed class JetstreamSourceTests
{
    private const string Did = "did:plc:q7vzk3mxn2hb5wtfyrdj4lce";
    private static readonly string CaptureFolder = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "jetstream-capture"));

    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    private static JetstreamOptions Fast(params Uri[] endpoints) => new()
    {
        Endpoints = endpoints,
        StallTimeout = TimeSpan.FromSeconds(5),
        Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) },
    };

    private static JetstreamSource Source(JetstreamOptions options, Func<string, long?>? cursor = null, TimeProvider? time = null) =>
        new("jetstream:test", options, cursor ?? (_ => null), time ?? TimeProvider.System, NullLogger<JetstreamSource>.Instance);

    private static List<string> Posts(int count, long start = 0, long stepUs = 1000) =>
        [.. Enumerable.Range(0, count).Select(i => Events.PostCreate(Did, $"3n3post{i:d5}", $"post number {i}", Now + start + i * stepUs))];

    [Fact]
    public async Task RunAsync_RealCapturedFrames_WritesEachFrameAsOneLineInOrder()
    {
        var file = Path.Combine(CaptureFolder, "expected_v1.jsonl");
        Assert.SkipUnless(File.Exists(file), $"the Jetstream capture is not at {CaptureFolder}");
        var frames = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var frame in frames)
            {
                await JetstreamRequest.SendAsync(socket, frame, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint));
        await using var run = SourceRun.Start(source);

        var lines = await run.TakeAsync(frames.Count);

        Assert.Equal(frames, lines.Select(SourceRun.Text));
        Assert.Equal("?wantedCollections=app.bsky.feed.post", Assert.Single(server.Queries));
        var status = source.Status();
        Assert.Equal(SourceStates.Streaming, status.State);
        Assert.Equal(frames.Count, status.Events);
        Assert.Equal(JetstreamSource.TimeUsOf(System.Text.Encoding.UTF8.GetBytes(frames[^1])), status.Cursor);
        Assert.NotNull(status.Lag);
        // The capture's post creates, deletes and account event all reach the parser as such.
        var kinds = lines.Select(l => PostLineParser.Parse(l.Bytes).Kind).ToList();
        Assert.Contains(LineKind.Post, kinds);
        Assert.DoesNotContain(LineKind.Error, kinds);
    }

    [Fact]
    public async Task RunAsync_ServerClosesMidStream_ReconnectsWithRewoundCursorAndGetsTheRest()
    {
        var events = Posts(10, stepUs: 1_000_000);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            var send = request.Replay(events).ToList();
            foreach (var e in request.Index == 0 ? send.Take(4) : send)
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            if (request.Index == 0)
            {
                await JetstreamRequest.CloseAsync(socket);
                return;
            }

            await request.HoldSilentlyAsync(socket);
        });
        var options = Fast(server.Endpoint) with { Rewind = TimeSpan.FromSeconds(2) };
        var source = Source(options);
        await using var run = SourceRun.Start(source);

        var first = await run.TakeAsync(4);
        // Asked from 2 s before the 4th event: the 2nd, 3rd and 4th come again, then the rest.
        var second = await run.TakeAsync(9);

        Assert.Equal(events.Take(4), first.Select(SourceRun.Text));
        Assert.Equal(events.Skip(1), second.Select(SourceRun.Text));
        var expectedCursor = JetstreamRequest.TimeUs(events[3]) - 2_000_000;
        Assert.Equal($"?wantedCollections=app.bsky.feed.post&cursor={expectedCursor}", server.Queries[1]);
        Assert.Equal(1, source.Status().Reconnects);
        Assert.Contains("closed", source.Status().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DurableCursorAtStart_AsksToReplayFromBeforeIt()
    {
        var stored = Now - 60_000_000;
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            await JetstreamRequest.SendAsync(socket, Posts(1)[0], request.Aborted);
            await request.HoldSilentlyAsync(socket);
        });
        string? asked = null;
        var source = Source(Fast(server.Endpoint), name => { asked = name; return stored; });
        await using var run = SourceRun.Start(source);

        await run.NextAsync();

        Assert.Equal("jetstream:test", asked);
        Assert.Equal($"?wantedCollections=app.bsky.feed.post&cursor={stored - 5_000_000}", Assert.Single(server.Queries));
        Assert.Equal(0, source.Status().Gaps);
    }

    [Fact]
    public async Task RunAsync_CursorOlderThanReplayWindow_CountsAGap()
    {
        var stored = Now - (long)TimeSpan.FromHours(37).TotalMicroseconds;
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            await JetstreamRequest.SendAsync(socket, Posts(1)[0], request.Aborted);
            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint), _ => stored);
        await using var run = SourceRun.Start(source);

        await run.NextAsync();

        Assert.Equal(1, source.Status().Gaps);
    }

    [Fact]
    public async Task RunAsync_TimeJumpsPastThreshold_CountsOneGapPerJump()
    {
        long[] offsets = [0, 1_000_000, 2_000_000, 200_000_000, 201_000_000, 900_000_000];
        var events = offsets.Select((o, i) => Events.PostCreate(Did, $"3n3jump{i}", "x", Now + o)).ToList();
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var e in events)
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint) with { GapThreshold = TimeSpan.FromSeconds(60) });
        await using var run = SourceRun.Start(source);

        await run.TakeAsync(events.Count);

        Assert.Equal(2, source.Status().Gaps);
    }

    [Fact]
    public async Task RunAsync_StalledSocket_IsDroppedAndReconnected()
    {
        var events = Posts(3);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var e in request.Index == 0 ? events.Take(2) : request.Replay(events))
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            // The first connection goes quiet with the socket still open, as a wedged proxy does.
            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint) with { StallTimeout = TimeSpan.FromMilliseconds(500) });
        await using var run = SourceRun.Start(source);

        await run.TakeAsync(2);
        var after = await run.TakeAsync(3);

        Assert.Equal(events, after.Select(SourceRun.Text));
        Assert.True(server.Queries.Count >= 2);
        Assert.Contains("no frame", source.Status().LastError, StringComparison.Ordinal);
        Assert.True(source.Status().Reconnects >= 1);
    }

    [Fact]
    public async Task RunAsync_MalformedOversizedAndBinaryFrames_AreFlaggedOrSkippedAndTheStreamGoesOn()
    {
        var good = Posts(2);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            await JetstreamRequest.SendAsync(socket, good[0], request.Aborted);
            await JetstreamRequest.SendAsync(socket, "{\"did\":\"did:plc:x\",\"time_us\":12,\"kind\":\"commit\",\"commit\":{\"collection\":\"app.bsky.feed.post\",", request.Aborted);
            // Oversized, sent in pieces as a large frame would be.
            var big = new byte[64 * 1024];
            Array.Fill(big, (byte)'a');
            for (var i = 0; i < 4; i++)
            {
                await socket.SendAsync(big, WebSocketMessageType.Text, endOfMessage: i == 3, request.Aborted);
            }

            await socket.SendAsync(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0, 1, 2 }, WebSocketMessageType.Binary, true, request.Aborted);
            await JetstreamRequest.SendAsync(socket, good[1], request.Aborted);
            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint) with { MaxFrameBytes = 100_000 });
        await using var run = SourceRun.Start(source);

        var lines = await run.TakeAsync(4);

        Assert.Equal(good[0], SourceRun.Text(lines[0]));
        Assert.Equal(LineKind.Error, PostLineParser.Parse(lines[1].Bytes).Kind);
        Assert.True(lines[2].Oversized);
        Assert.Empty(lines[2].Bytes);
        Assert.Equal(good[1], SourceRun.Text(lines[3]));
        Assert.Equal(2, source.Status().Errors);
        Assert.Equal(0, source.Status().Reconnects);
    }

    [Fact]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_WaitsAsLongAsTheServerAsks()
    {
        var events = Posts(1);
        var refusedAt = new Stopwatch();
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            if (request.Index == 0)
            {
                refusedAt.Start();
                await request.RefuseAsync(429, retryAfter: "2");
                return;
            }

            refusedAt.Stop();
            using var socket = await request.AcceptAsync();
            await JetstreamRequest.SendAsync(socket, events[0], request.Aborted);
            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint));
        await using var run = SourceRun.Start(source);

        await run.NextAsync();

        // The backoff alone would retry within 20 ms; the server asked for 2 s.
        Assert.True(refusedAt.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {refusedAt.Elapsed}");
        Assert.Contains("429", source.Status().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FirstEndpointFailing_FailsOverToTheNextOne()
    {
        var events = Posts(3);
        await using var broken = await LoopbackJetstream.StartAsync(request => request.RefuseAsync(503));
        await using var healthy = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var e in events)
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(broken.Endpoint, healthy.Endpoint));
        await using var run = SourceRun.Start(source);

        var lines = await run.TakeAsync(3);

        Assert.Equal(events, lines.Select(SourceRun.Text));
        Assert.Single(broken.Queries);
        Assert.Equal(healthy.Endpoint.ToString(), source.Status().Endpoint);
        Assert.Contains("503", source.Status().LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoEndpointAnswers_BacksOffExponentiallyAndKeepsTrying()
    {
        await using var broken = await LoopbackJetstream.StartAsync(request => request.RefuseAsync(500));
        var source = Source(Fast(broken.Endpoint) with
        {
            Backoff = new Backoff { Initial = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromSeconds(10) },
        });
        await using var run = SourceRun.Start(source);
        var clock = Stopwatch.StartNew();

        await Poll.UntilAsync(() => broken.Queries.Count >= 5, "five connection attempts");

        // Waits of at least 50, 100, 200 and 400 ms between the five attempts.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(750), $"five attempts within {clock.Elapsed}");
        Assert.True(source.Status().Reconnects >= 4);
        Assert.Equal(0, source.Status().Events);
    }

    [Fact]
    public async Task RunAsync_SlowConsumer_LosesNothingAndIsNotMistakenForAStall()
    {
        var events = Posts(30);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var e in request.Replay(events))
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint) with { StallTimeout = TimeSpan.FromMilliseconds(300) });
        await using var run = SourceRun.Start(source, capacity: 1);

        var lines = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            if (i < 3)
            {
                // Longer than the stall timeout: the source waits on the full channel, not on the socket.
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }

            lines.Add(SourceRun.Text(await run.NextAsync()));
        }

        Assert.Equal(events, lines);
        Assert.Single(server.Queries);
        Assert.Equal(0, source.Status().Reconnects);
    }

    [Fact]
    public async Task RunAsync_Cancelled_EndsAndReportsEnded()
    {
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint));
        var run = SourceRun.Start(source);
        await Poll.UntilAsync(() => source.Status().State == SourceStates.Streaming, "the source to stream");

        await run.StopAsync();

        Assert.Equal(SourceStates.Ended, source.Status().State);
        await run.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_WhileRunning_PublishesPerSourceMetrics()
    {
        var events = Posts(5);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            foreach (var e in events)
            {
                await JetstreamRequest.SendAsync(socket, e, request.Aborted);
            }

            await request.HoldSilentlyAsync(socket);
        });
        var source = Source(Fast(server.Endpoint));
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SourceHealth.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "source", Value: "jetstream:test" })
                {
                    lock (seen) { seen[instrument.Name] = value; }
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        await using var run = SourceRun.Start(source);
        await run.TakeAsync(events.Count);

        listener.RecordObservableInstruments();

        lock (seen)
        {
            Assert.Equal(5, seen["parapet.source.events"]);
            Assert.Equal(0, seen["parapet.source.reconnects"]);
            Assert.Equal(0, seen["parapet.source.gaps"]);
            Assert.True(seen.ContainsKey("parapet.source.lag"));
            Assert.True(seen.ContainsKey("parapet.source.events_per_second"));
            Assert.Equal(1, seen["parapet.source.state"]);
        }
    }

    [Theory]
    [InlineData("{\"did\":\"did:plc:a\",\"time_us\":1725911162329308,\"kind\":\"commit\"}", 1725911162329308L)]
    [InlineData("{\"did\":\"did:plc:a\",\"time_us\": 42,\"kind\":\"account\"}", 42L)]
    [InlineData("{\"did\":\"did:plc:a\",\"kind\":\"commit\"}", null)]
    [InlineData("{\"time_us\":\"soon\"}", null)]
    public void TimeUsOf_EventBytes_FindsTheCursor(string frame, long? expected) =>
        Assert.Equal(expected, JetstreamSource.TimeUsOf(System.Text.Encoding.UTF8.GetBytes(frame)));
}
