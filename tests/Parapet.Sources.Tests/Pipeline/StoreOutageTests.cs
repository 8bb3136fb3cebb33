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

/// <summary>The single-process pipeline when its store is away for a while: it waits, and stores everything once the store is back.</summary>
public sealed class StoreOutageTests
{
    /// <summary>What a database driver throws for a server that is restarting or unreachable.</summary>
    private sealed class ServerGone(string message, bool transient) : DbException(message)
    {
        public override bool IsTransient => transient;
    }

    /// <summary>Fails the first <paramref name="failures"/> writes, then keeps what it is given.</summary>
    private sealed class AwayForAWhile(int failures, bool transient) : IPostStore
    {
        private int _calls;

        public List<StoreOp> Stored { get; } = [];

        public Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new ServerGone("the database system is starting up", transient);
            }

            lock (Stored)
            {
                Stored.AddRange(ops);
            }

            return Task.FromResult<IReadOnlyList<AlertNotice>>([]);
        }

        public Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private static async Task<Task> RunAsync(IPostStore store, FakeTimeProvider time)
    {
        var matcher = WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Watchlist));
        var pipeline = new PostPipeline([new ReplaySource(RepoPaths.DemoStream, null, time)], () => PostAnalyzer.WithShippedModels(matcher),
            store, [], new PipelineMetrics(), NullLogger<PostPipeline>.Instance, time);
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
    public async Task RunAsync_StoreFaultThatIsNotTransient_GivesUpAfterAFewTries()
    {
        var store = new AwayForAWhile(failures: 20, transient: false);

        var running = await RunAsync(store, new FakeTimeProvider());

        Assert.True(running.IsFaulted, "a store that keeps refusing the same batch for a non-transient reason was retried without end");
        Assert.Empty(store.Stored);
    }
}
