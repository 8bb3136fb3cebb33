using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Nats;
using Parapet.Pipeline;
using Parapet.Storage;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>
/// <c>parapet ingest</c> and <c>parapet analyze</c> against a real nats-server: the stored result is the one a
/// single-process <c>parapet run</c> stores from the same input, through duplicates, killed workers and a NATS restart.
/// </summary>
public sealed class ScaleOutTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly NatsServer _nats;
    private readonly PostgresServer _postgres;

    public ScaleOutTests(PostgresServer postgres)
    {
        _postgres = postgres;
        _nats = new NatsServer(_temp.File("jetstream"));
    }

    public void Dispose()
    {
        _nats.Dispose();
        _temp.Dispose();
    }

    private ProcessResult Parapet(params string[] args) => ParapetProcess.Run(args, timeout: TimeSpan.FromMinutes(3), workingDirectory: _temp.Path);

    private ProcessResult Ingest(string input, params string[] more) =>
        Parapet(["ingest", "--source", $"replay:{input}", "--nats", _nats.Url, "--db", _temp.File("ingest.db"), .. more]);

    private string[] Analyze(string db, params string[] more) =>
        ["analyze", "--watchlist", RepoPaths.Watchlist, "--nats", _nats.Url, "--db", db, "--exit-when-idle", "2", .. more];

    /// <summary>What <c>parapet run --once</c> stores from the file: the post keys and the keys of posts with an alert.</summary>
    private (IReadOnlySet<string> Posts, IReadOnlySet<string> Alerts) Reference(string input)
    {
        var db = _temp.File("reference.db");
        var run = Parapet("run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{input}", "--db", db, "--once");
        Assert.True(run.ExitCode == 0, run.ToString());
        return Stored(db);
    }

    private static (IReadOnlySet<string> Posts, IReadOnlySet<string> Alerts) Stored(string db)
    {
        using var c = StoreFile.Connect(db);
        var alerts = StoreFile.Column<string>(c, "SELECT post_key FROM alerts");
        Assert.Equal(alerts.Count, alerts.Distinct().Count());
        return (StoreFile.Column<string>(c, "SELECT key FROM posts").ToHashSet(), alerts.ToHashSet());
    }

    /// <summary>The demo stream's plain posts <paramref name="copies"/> times over, each copy with its own ids, then its Jetstream events once.</summary>
    private string Bigger(int copies)
    {
        var lines = File.ReadAllLines(RepoPaths.DemoStream).Where(l => l.Trim().Length > 0).ToList();
        var output = new List<string>();
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var line in lines)
            {
                var node = JsonNode.Parse(line)!.AsObject();
                if (!node.ContainsKey("kind"))
                {
                    node["id"] = $"{node["id"]}-c{copy}";
                    output.Add(node.ToJsonString());
                }
            }
        }

        output.AddRange(lines.Where(l => JsonNode.Parse(l)!.AsObject().ContainsKey("kind")));
        var path = _temp.File($"stream-x{copies}.jsonl");
        File.WriteAllLines(path, output);
        return path;
    }

    [Fact]
    public void IngestTwiceThenTwoWorkers_StoreWhatRunStores()
    {
        var first = Ingest(RepoPaths.DemoStream);
        var again = Ingest(RepoPaths.DemoStream);
        Assert.True(first.ExitCode == 0 && again.ExitCode == 0, first + "\n" + again);
        Assert.Matches(@"ingest: [1-9][\d,]* published, 0 duplicates", first.Stdout);
        Assert.Matches(@"ingest: 0 published, [1-9][\d,]* duplicates dropped", again.Stdout);

        var db = _temp.File("parapet.db");
        using var one = RunningParapet.Start(Analyze(db), _temp.Path);
        using var two = RunningParapet.Start(Analyze(db), _temp.Path);
        Assert.True(one.WaitForExit(TimeSpan.FromMinutes(2)) && two.WaitForExit(TimeSpan.FromMinutes(2)), one.Output + two.Output);

        var (posts, alerts) = Stored(db);
        var reference = Reference(RepoPaths.DemoStream);
        Assert.NotEmpty(reference.Alerts);
        Assert.Equal(reference.Posts.Order(), posts.Order());
        Assert.Equal(reference.Alerts.Order(), alerts.Order());
    }

    /// <summary>A store that refuses, for a reason of its own, every write holding one post chosen from a batch of several.</summary>
    private sealed class RefusingOnePost(IPostStore inner) : IPostStore
    {
        public string? Refused { get; private set; }

        public Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken)
        {
            var saves = ops.OfType<StoreOp.Save>().Select(s => s.Analysis.Post.Id).ToList();
            if (Refused is null && saves.Count > 1)
            {
                Refused = saves[1];
            }

            return Refused is not null && saves.Contains(Refused)
                ? throw new InvalidOperationException("value too long for the column")
                : inner.WriteAsync(ops, cancellationToken);
        }

        public Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken) => inner.PurgeAsync(retention, cancellationToken);
    }

    [Fact]
    public async Task ALineTheStoreRefuses_IsTerminatedNotRedeliveredAndTheRestIsStored()
    {
        var input = Bigger(copies: 3);
        Assert.True(Ingest(input).ExitCode == 0);
        var reference = Reference(input);
        var db = _temp.File("parapet.db");
        var options = new NatsRoleOptions { Url = _nats.Url, Batch = 50 };
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NatsConnection(new NatsOpts { Url = _nats.Url });
        var consumer = await JetStreamSetup.EnsureConsumerAsync(new NatsJSContext(connection), options, cancel);
        var stats = new AnalyzeStats();
        string refused;
        using (var sql = SqlStore.Open(db, TimeProvider.System))
        {
            var store = new RefusingOnePost(sql);
            var analyzer = PostAnalyzer.WithShippedModels(WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Watchlist)));
            await new AnalyzeWorker(consumer, options, analyzer, store, [], stats, NullLogger<AnalyzeWorker>.Instance, TimeProvider.System)
                .RunAsync(TimeSpan.FromSeconds(2), cancel).WaitAsync(TimeSpan.FromMinutes(2), cancel);
            refused = store.Refused ?? throw new InvalidOperationException("no batch held two posts; the test proves nothing");
        }

        Assert.Equal(1, stats.Refused);
        await consumer.RefreshAsync(cancel);
        Assert.Equal(0UL, consumer.Info.NumPending);
        Assert.Equal(0L, consumer.Info.NumAckPending);
        var (posts, _) = Stored(db);
        Assert.Contains(StoreFile.KeyOf(refused), reference.Posts);
        Assert.Equal(reference.Posts.Where(k => k != StoreFile.KeyOf(refused)).Order(), posts.Order());
    }

    [Fact]
    public Task WorkerKilledMidStream_NoPostLostNoneStoredTwiceNoDuplicateAlert() => KilledWorkerAsync(_temp.File("parapet.db"));

    [Fact]
    public Task WorkerKilledMidStream_OnPostgres_NoPostLostNoneStoredTwiceNoDuplicateAlert() => KilledWorkerAsync(_postgres.NewDatabase());

    private async Task KilledWorkerAsync(string db)
    {
        var input = Bigger(copies: 60);
        Assert.True(Ingest(input).ExitCode == 0);

        using (var doomed = RunningParapet.Start(Analyze(db, "--ack-wait", "3"), _temp.Path))
        {
            // Kill it once it has stored part of the stream, not all of it.
            await UntilStoredAsync(db, 500, doomed);
            doomed.KillHard();
        }

        var reference = Reference(input);
        Assert.True(StoredPosts(db) < reference.Posts.Count, "the worker finished before it was killed; the test proves nothing");
        using var rescuer = RunningParapet.Start(Analyze(db, "--ack-wait", "3"), _temp.Path);
        Assert.True(rescuer.WaitForExit(TimeSpan.FromMinutes(2)), rescuer.Output);

        var (posts, alerts) = Stored(db);
        Assert.Equal(reference.Posts.Order(), posts.Order());
        Assert.Equal(reference.Alerts.Order(), alerts.Order());
    }

    [Fact]
    public async Task PostgresDownForSeconds_WorkersBackOffAndResume_LosingNothing()
    {
        var input = Bigger(copies: 150);
        Assert.True(Ingest(input).ExitCode == 0);
        // A server of its own: the assembly's shared one serves tests running beside this one.
        using var postgres = new PostgresServer();
        var db = postgres.NewDatabase();

        using var workers = RunningParapet.Start(Analyze(db, "--workers", "2", "--ack-wait", "5", "--batch", "50"), _temp.Path);
        await UntilStoredAsync(db, 300, workers);
        postgres.Stop();
        try
        {
            await Task.Delay(3000, TestContext.Current.CancellationToken);
            Assert.False(workers.HasExited, "the workers gave up while PostgreSQL was down:\n" + workers.Output);
        }
        finally
        {
            postgres.Start();
        }

        Assert.True(workers.WaitForExit(TimeSpan.FromMinutes(3)), workers.Output);
        // The outage was met mid-stream: batches failed, were handed back, and were stored after the restart.
        Assert.Matches(@"[1-9][\d,]* store failures", workers.Output);
        var (posts, alerts) = Stored(db);
        var reference = Reference(input);
        Assert.Equal(reference.Posts.Order(), posts.Order());
        Assert.Equal(reference.Alerts.Order(), alerts.Order());
    }

    [Fact]
    public async Task NatsRestartedDuringIngest_IngestRetriesAndLosesNothing()
    {
        var input = Bigger(copies: 20);
        using var ingest = RunningParapet.Start(
            ["ingest", "--source", $"replay:{input}", "--nats", _nats.Url, "--db", _temp.File("ingest.db"), "--speed", "1000"], _temp.Path);
        // Stop NATS once the ingest is connected and publishing, well before the replay ends.
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!ingest.Output.Contains("stream PARAPET", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until && !ingest.HasExited, ingest.Output);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await Task.Delay(800, TestContext.Current.CancellationToken);
        Assert.False(ingest.HasExited, "the replay ended before NATS went down; the test proves nothing");
        _nats.Stop();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        _nats.Start();
        Assert.True(ingest.WaitForExit(TimeSpan.FromMinutes(2)), ingest.Output);
        // Publishes made while NATS was down either time out and are retried, or wait in the client until it is
        // back; either way the ingest ends normally and the store below must hold every post.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(ingest.Output,
            @"ingest: [\d,]+ published, [\d,]+ duplicates dropped by NATS, [\d,]+ lines with nothing to publish, 0 bad lines"), ingest.Output);

        var db = _temp.File("parapet.db");
        using var worker = RunningParapet.Start(Analyze(db), _temp.Path);
        Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(2)), worker.Output);

        var (posts, alerts) = Stored(db);
        var reference = Reference(input);
        Assert.Equal(reference.Posts.Order(), posts.Order());
        Assert.Equal(reference.Alerts.Order(), alerts.Order());
    }

    [Fact]
    public void Analyze_NatsUnreachable_SaysSoInOneLine()
    {
        _nats.Stop();

        var result = Parapet(Analyze(_temp.File("parapet.db")));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot reach NATS at {_nats.Url}", result.Stderr, StringComparison.Ordinal);
    }

    private static long StoredPosts(string db)
    {
        if (!db.Contains("Host=", StringComparison.Ordinal) && !File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var c = StoreFile.Connect(db);
            return StoreFile.Scalar<long>(c, "SELECT COUNT(*) FROM posts");
        }
        catch (System.Data.Common.DbException)
        {
            // Not created yet, or the server is down.
            return 0;
        }
    }

    /// <summary>Waits until the store holds at least <paramref name="posts"/> posts while <paramref name="worker"/> still runs.</summary>
    private static async Task UntilStoredAsync(string db, long posts, RunningParapet worker)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (StoredPosts(db) < posts)
        {
            Assert.True(DateTime.UtcNow < until && !worker.HasExited, "the worker stored too little:\n" + worker.Output);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
