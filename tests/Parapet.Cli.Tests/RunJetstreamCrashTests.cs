using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>
/// <c>parapet run --source jetstream:ws://…</c> against a loopback Jetstream that streams in real time and replays
/// from the <c>cursor</c> it is given, with the process killed (SIGKILL) mid-stream and started again.
/// </summary>
public sealed class RunJetstreamCrashTests : IDisposable
{
    private const int Events = 400;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(15);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_KilledMidStreamAndRestarted_StoresEveryPostOnceAndHonoursEveryDeletion()
    {
        var stream = CrashStream.Build(Events);
        var head = new StreamHead(stream.Events.Count, Interval);
        var dropAt = Stopwatch.StartNew();
        TimeSpan? dropped = null, reconnected = null;
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            if (request.Index == 1 && dropped is not null)
            {
                reconnected ??= dropAt.Elapsed;
            }

            head.Begin();
            using var socket = await request.AcceptAsync();
            // Without a cursor a real instance starts at its live end; here the stream "happens" from the first connection on.
            var next = request.Cursor is { } cursor ? stream.IndexAtOrAfter(cursor) : request.Index == 0 ? 0 : head.Available;
            try
            {
                while (next < stream.Events.Count && !request.Aborted.IsCancellationRequested)
                {
                    if (next >= head.Available)
                    {
                        await Task.Delay(5, request.Aborted);
                        continue;
                    }

                    await JetstreamRequest.SendAsync(socket, stream.Events[next++], request.Aborted);
                    if (request.Index == 0 && next == 60)
                    {
                        // One server-side drop, to time the reconnect.
                        dropAt.Restart();
                        dropped = TimeSpan.Zero;
                        await JetstreamRequest.CloseAsync(socket);
                        return;
                    }
                }

                await request.HoldSilentlyAsync(socket);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
            {
                // The client was killed.
            }
        });

        var db = _temp.File("p.db");
        var source = $"jetstream:{server.Endpoint}";
        var cursorName = $"jetstream:{server.Endpoint}";
        // Port 0: the dashboard this run serves must not collide with another on the machine.
        string[] args = ["run", "--watchlist", RepoPaths.Watchlist, "--source", source, "--db", db, "--urls", "http://127.0.0.1:0"];
        var killedAtCursor = 0L;
        var log = "";
        using (var first = RunningParapet.Start(args, _temp.Path))
        {
            var midway = stream.TimeUsAt(Events / 3);
            await PollAsync(() => ReadCursor(db, cursorName) >= midway, "the first run to store a third of the stream", first);
            Assert.True(head.Available < stream.Events.Count, "the stream had ended before the kill");
            first.KillHard();
            log += first.Output;
            killedAtCursor = ReadCursor(db, cursorName) ?? 0;
        }

        var restart = Stopwatch.StartNew();
        TimeSpan resumed;
        using (var second = RunningParapet.Start(args, _temp.Path))
        {
            await PollAsync(() => ReadCursor(db, cursorName) > killedAtCursor, "the restarted run to store a new event", second);
            resumed = restart.Elapsed;
            await PollAsync(() => ReadCursor(db, cursorName) == stream.TimeUsAt(stream.Events.Count - 1),
                "the restarted run to store the whole stream", second);
            second.KillHard();
            log += second.Output;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"jetstream reconnect after server drop: {reconnected?.TotalMilliseconds:F0} ms; " +
            $"resume after restart (process start to first new event stored): {resumed.TotalMilliseconds:F0} ms");

        using var connection = StoreFile.Open(db);
        foreach (var id in stream.MatchedPosts)
        {
            var rows = StoreFile.Scalar<long>(connection, "SELECT COUNT(*) FROM posts WHERE key = $key", ("$key", StoreFile.KeyOf(id)));
            Assert.True(stream.Deleted.Contains(id) ? rows == 0 : rows == 1,
                $"post {id}: {rows} rows; connections: {string.Join(' ', server.Queries)}\n{log}");
        }

        // Each matched post counted once in the aggregates, whatever was replayed after the kill and the drop.
        Assert.Equal(stream.MatchedPosts.Count, StoreFile.Scalar<long>(connection, "SELECT SUM(posts) FROM aggregates"));
        Assert.Equal(stream.MatchedPosts.Count, StoreFile.Scalar<long>(connection, "SELECT value FROM counters WHERE name = 'posts_stored'"));
        Assert.Equal(stream.MatchedPosts.Count - stream.Deleted.Count, StoreFile.Scalar<long>(connection, "SELECT COUNT(*) FROM posts"));
        var alerts = StoreFile.Rows(connection, "SELECT post_key, text, deleted_at FROM alerts");
        Assert.Equal(stream.Threats.Count, alerts.Count);
        foreach (var threat in stream.Threats)
        {
            var alert = Assert.Single(alerts, a => (string)a["post_key"]! == StoreFile.KeyOf(threat));
            Assert.Equal(stream.Deleted.Contains(threat), alert["deleted_at"] is not null);
            Assert.Equal(stream.Deleted.Contains(threat), alert["text"] is null);
        }

        Assert.NotNull(reconnected);
    }

    private static long? ReadCursor(string db, string source)
    {
        if (!File.Exists(db))
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = db,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT value FROM cursors WHERE source = $source";
            cmd.Parameters.AddWithValue("$source", source);
            return cmd.ExecuteScalar() is long value ? value : null;
        }
        catch (SqliteException)
        {
            // Not created yet, or being created.
            return null;
        }
    }

    private static async Task PollAsync(Func<bool> condition, string what, RunningParapet process)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            if (process.HasExited || DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"timed out waiting for {what}\n{process.Output}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>How much of the stream the server has "seen happen": one more event every interval after the first connection.</summary>
    private sealed class StreamHead(int count, TimeSpan interval)
    {
        private readonly Stopwatch _clock = new();
        private readonly Lock _lock = new();

        public void Begin()
        {
            lock (_lock)
            {
                if (!_clock.IsRunning)
                {
                    _clock.Start();
                }
            }
        }

        public int Available
        {
            get
            {
                lock (_lock)
                {
                    return (int)Math.Min(count, _clock.Elapsed / interval);
                }
            }
        }
    }

    /// <summary>Posts that mention a watched entity (some of them threats), likes, and deletions of some of the posts.</summary>
    private sealed class CrashStream
    {
        public List<string> Events { get; } = [];
        private readonly List<long> _times = [];
        public List<string> MatchedPosts { get; } = [];
        public HashSet<string> Threats { get; } = [];
        public HashSet<string> Deleted { get; } = [];

        public long TimeUsAt(int index) => _times[index];

        public int IndexAtOrAfter(long cursor)
        {
            var i = _times.BinarySearch(cursor);
            return i >= 0 ? i : ~i;
        }

        public static CrashStream Build(int count)
        {
            var s = new CrashStream();
            // Recent, 100 ms apart: the 5 s rewind on reconnect replays about 50 events.
            var start = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds() * 1000;
            for (var i = 0; i < count; i++)
            {
                var t = start + i * 100_000L;
                var did = $"did:plc:crash{i % 7:d2}zk3mxn2hb5wtfyrdj4l";
                var rkey = $"3n3crash{i:d5}";
                var id = SampleStream.JetstreamId(did, rkey);
                string e;
                if (i == count - 1 || i % 4 == 0)
                {
                    var threat = i % 40 == 0;
                    var text = threat
                        ? $"I'm going to shoot up the Eastgate Processing Center tomorrow ({i})"
                        : $"The Harbor Enforcement Agency budget hearing is on the agenda again, item {i}";
                    e = Jetstream.PostCreate(did, rkey, text, t);
                    s.MatchedPosts.Add(id);
                    if (threat)
                    {
                        s.Threats.Add(id);
                    }
                }
                else if (i % 4 == 1 && s.MatchedPosts.Count > 0 && i % 3 == 0)
                {
                    var victim = s.MatchedPosts[^1];
                    var parts = victim["at://".Length..].Split('/');
                    e = Jetstream.PostDelete(parts[0], parts[2], t);
                    s.Deleted.Add(victim);
                }
                else if (i % 4 == 2)
                {
                    e = Jetstream.PostCreate(did, rkey, $"nothing to see here, just lunch {i}", t);
                }
                else
                {
                    e = Jetstream.Like(did, rkey, SampleStream.JetstreamId("did:plc:someoneelse", "3n3x"), t);
                }

                s.Events.Add(e);
                s._times.Add(t);
            }

            return s;
        }
    }
}
