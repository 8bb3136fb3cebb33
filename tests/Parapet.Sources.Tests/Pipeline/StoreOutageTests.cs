using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Pipeline;
using Parapet.Sources.Replay;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Sources.Pipeline;

/// <summary>
/// The single-process pipeline when its store is away for a while: it waits, and stores everything once the store
/// is back. When the store refuses one op, that op is set aside and the rest is stored.
/// </summary>
public sealed class StoreOutageTests
{
    /// <summary>A store's own failure, not one of unavailability: a value it cannot hold, a broken schema.</summary>
    private sealed class Refused(string message) : DbException(message);

    /// <summary>Fails the first <paramref name="failures"/> writes (and, with <paramref name="refuse"/>, any write holding that op), then keeps what it is given.</summary>
    private sealed class AwayForAWhile(int failures, bool transient, Func<StoreOp, bool>? refuse = null) : IPostStore
    {
        private int _calls;

        public List<StoreOp> Stored { get; } = [];

        public Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw transient
                    ? new StoreUnavailableException("the store is unavailable", new Refused("the database system is starting up"))
                    : new Refused("relation \"posts\" does not exist");
            }

            if (refuse is not null && ops.Any(refuse))
            {
                throw new Refused("value too long for type character varying(64)");
            }

            lock (Stored)
            {
                Stored.AddRange(ops);
            }

            return Task.FromResult<IReadOnlyList<AlertNotice>>([]);
        }

        public Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private static async Task<Task> RunAsync(IPostStore store, FakeTimeProvider time, PipelineMetrics? metrics = null)
    {
        var matcher = WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Watchlist));
        var pipeline = new PostPipeline([new ReplaySource(RepoPaths.DemoStream, null, time)], () => PostAnalyzer.WithShippedModels(matcher),
            store, [], metrics ?? new PipelineMetrics(), NullLogger<PostPipeline>.Instance, time);
        var running = pipeline.RunAsync(CancellationToken.None);
        // The retries wait on the fake clock: move it on until the pipeline is done, a minute of real time at most.
        for (var i = 0; i < 6_000 && !running.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return running;
    }

    [Fact]
    public async Task RunAsync_TransientStoreOutageLongerThanTheRetries_StoresEverythingOnceBack()
    {
        // Twenty failed writes: minutes of backoff, far past the few tries a non-transient fault gets.
        var store = new AwayForAWhile(failures: 20, transient: true);

        var running = await RunAsync(store, new FakeTimeProvider());

        Assert.True(running.IsCompletedSuccessfully, running.Exception?.ToString() ?? "the pipeline did not finish");
        var saved = store.Stored.OfType<StoreOp.Save>().Select(s => s.Analysis.Post.Id).ToList();
        Assert.NotEmpty(saved);
        Assert.Equal(saved.Count, saved.Distinct().Count());
        Assert.Contains(store.Stored, op => op is StoreOp.Delete);
    }

    [Fact]
    public async Task RunAsync_StoreThatRefusesEveryOp_StopsAfterAFewTriesAndSetsNothingAside()
    {
        using var metrics = new PipelineMetrics();
        var store = new AwayForAWhile(failures: int.MaxValue, transient: false);

        var running = await RunAsync(store, new FakeTimeProvider(), metrics);

        Assert.True(running.IsFaulted, "a store that refuses every op for a reason of its own was retried without end");
        Assert.Empty(store.Stored);
        Assert.Equal(0, metrics.Refused);
    }

    [Fact]
    public async Task RunAsync_AnOpTheStoreRefusesAlone_IsSetAsideAndEverythingElseIsStored()
    {
        var everything = new AwayForAWhile(failures: 0, transient: false);
        Assert.True((await RunAsync(everything, new FakeTimeProvider())).IsCompletedSuccessfully);
        var saved = everything.Stored.OfType<StoreOp.Save>().Select(s => s.Analysis.Post.Id).ToList();
        var poison = saved[saved.Count / 2];
        using var metrics = new PipelineMetrics();
        var store = new AwayForAWhile(failures: 0, transient: false, refuse: op => op is StoreOp.Save s && s.Analysis.Post.Id == poison);

        var running = await RunAsync(store, new FakeTimeProvider(), metrics);

        Assert.True(running.IsCompletedSuccessfully, running.Exception?.ToString() ?? "the pipeline did not finish");
        Assert.Equal(1, metrics.Refused);
        Assert.Equal(saved.Where(id => id != poison).Order(), store.Stored.OfType<StoreOp.Save>().Select(s => s.Analysis.Post.Id).Order());
        Assert.Equal(everything.Stored.Count(op => op is not StoreOp.Save), store.Stored.Count(op => op is not StoreOp.Save));
    }
}
