using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parapet.Analysis;
using Parapet.Posts;

namespace Parapet.Pipeline;

/// <summary>What an identity event says a DID is called now; consumed by the match stage, never stored.</summary>
internal sealed record IdentityChange(string Did, string? Handle);

public sealed record PipelineOptions
{
    /// <summary>Capacity of each stage's channel. A full channel makes the stage before it wait.</summary>
    public int ChannelCapacity { get; init; } = 4096;

    /// <summary>Most store ops written in one transaction.</summary>
    public int StoreBatchSize { get; init; } = 512;

    /// <summary>How long a post that raised no alert is kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the retention purge runs.</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A source's cursor is saved at least every this many lines, even when none of them was a post.</summary>
    public int CursorEveryLines { get; init; } = 1000;

    /// <summary>
    /// When set, the generation of the watchlist the analyzer factory builds from (<see cref="LiveWatchlist"/>): when
    /// it changes, the next post is matched and classified with analyzers built anew. Null: one watchlist for the run.
    /// </summary>
    public Func<long>? WatchlistGeneration { get; init; }
}

/// <summary>
/// source → parse → match → classify → store → alert sinks, each stage one loop reading a bounded channel.
/// Stopping the sources (Ctrl-C) lets everything already read flow through and be stored: the stages stop
/// when their input is complete, never halfway through a post.
/// </summary>
public sealed class PostPipeline(
    IReadOnlyList<IPostSource> sources,
    Func<PostAnalyzer> analyzerFactory,
    IPostStore store,
    IReadOnlyList<IAlertSink> sinks,
    PipelineMetrics metrics,
    ILogger<PostPipeline> logger,
    TimeProvider time,
    PipelineOptions? options = null)
{
    private static readonly TimeSpan MaxStoreRetryDelay = TimeSpan.FromSeconds(30);
    private readonly PipelineOptions _options = options ?? new PipelineOptions();

    /// <summary>
    /// Runs until every source has ended and every stage is flushed, or until <paramref name="stopSources"/>
    /// fires, after which what was read is still drained.
    /// </summary>
    public async Task RunAsync(CancellationToken stopSources)
    {
        var lines = Bounded<SourceLine>();
        var parsed = Bounded<object>();
        var matched = Bounded<object>();
        var toStore = Bounded<StoreOp>();
        var alerts = Bounded<AlertNotice>();

        using var purgeStop = new CancellationTokenSource();
        var purge = PurgeLoopAsync(purgeStop.Token);
        var stages = new[]
        {
            RunSourcesAsync(lines.Writer, stopSources),
            Stage("parse", () => ParseLoopAsync(lines.Reader, parsed.Writer)),
            Stage("match", () => MatchLoopAsync(parsed.Reader, matched.Writer)),
            Stage("classify", () => ClassifyLoopAsync(matched.Reader, toStore.Writer)),
            Stage("store", () => StoreLoopAsync(toStore.Reader, alerts.Writer)),
            Stage("sinks", () => SinkLoopAsync(alerts.Reader)),
        };
        await Task.WhenAll(stages).ConfigureAwait(false);
        await purgeStop.CancelAsync().ConfigureAwait(false);
        await purge.ConfigureAwait(false);
    }

    private Channel<T> Bounded<T>() => Channel.CreateBounded<T>(new BoundedChannelOptions(_options.ChannelCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private async Task Stage(string name, Func<Task> loop)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Pipeline stage {Stage} failed", name);
            throw;
        }
    }

    private async Task RunSourcesAsync(ChannelWriter<SourceLine> output, CancellationToken stop)
    {
        try
        {
            await Task.WhenAll(sources.Select(s => RunSourceAsync(s, output, stop))).ConfigureAwait(false);
        }
        finally
        {
            output.Complete();
        }
    }

    private async Task RunSourceAsync(IPostSource source, ChannelWriter<SourceLine> output, CancellationToken stop)
    {
        try
        {
            await source.RunAsync(output, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // One failing source never stops the others.
            logger.LogError(e, "Source {Source} failed: {Message}", source.Name, e.Message);
        }
    }

    private async Task ParseLoopAsync(ChannelReader<SourceLine> input, ChannelWriter<object> output)
    {
        var sinceCursor = new Dictionary<string, int>();
        try
        {
            await foreach (var line in input.ReadAllAsync().ConfigureAwait(false))
            {
                metrics.Line();
                if (line.Oversized)
                {
                    metrics.BadLine();
                    logger.LogWarning("{Source}:{Line}: line is over the size limit; skipped", line.Source, line.LineNumber);
                    continue;
                }

                var result = PostLineParser.Parse(line.Bytes);
                switch (result.Kind)
                {
                    case LineKind.Error:
                        metrics.BadLine();
                        logger.LogWarning("{Source}:{Line}: {Problem}; skipped", line.Source, line.LineNumber, result.Error);
                        break;
                    case LineKind.Post:
                        metrics.Post();
                        await output.WriteAsync(result.Post!).ConfigureAwait(false);
                        break;
                    case LineKind.Delete:
                        await output.WriteAsync(new StoreOp.Delete(result.Id!)).ConfigureAwait(false);
                        break;
                    case LineKind.AccountGone:
                        await output.WriteAsync(new StoreOp.AccountGone(result.Id!)).ConfigureAwait(false);
                        break;
                    case LineKind.Identity:
                        await output.WriteAsync(new IdentityChange(result.Id!, result.Handle)).ConfigureAwait(false);
                        break;
                }

                if (result.Cursor is { } cursor)
                {
                    var n = sinceCursor.GetValueOrDefault(line.Source) + 1;
                    sinceCursor[line.Source] = n;
                    if (result.Kind != LineKind.Skip || n >= _options.CursorEveryLines)
                    {
                        sinceCursor[line.Source] = 0;
                        await output.WriteAsync(new StoreOp.Cursor(line.Source, cursor)).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            output.Complete();
        }
    }

    /// <summary>
    /// Sent down from the match stage, in order, when the watchlist changes: the classifier for every post after
    /// it, built from the same watchlist as the matcher that matched them.
    /// </summary>
    private sealed record AnalyzerSwitch(PostAnalyzer Classifier);

    private Task MatchLoopAsync(ChannelReader<object> input, ChannelWriter<object> output)
    {
        var generation = _options.WatchlistGeneration;
        var (current, analyzer, classifier) = Analyzers();
        var switched = false;
        return RelayAsync(input, output, async item =>
        {
            if (!switched || (generation is not null && generation() != current))
            {
                if (switched)
                {
                    (current, analyzer, classifier) = Analyzers();
                    logger.LogInformation("The watchlist changed: matching with generation {Generation} from the next post", current);
                }

                switched = true;
                await output.WriteAsync(new AnalyzerSwitch(classifier)).ConfigureAwait(false);
            }

            if (item is IdentityChange identity)
            {
                // Applied in stream order, so a post read after a handle change is matched with what it says.
                if (analyzer.Accounts.Observe(identity.Did, identity.Handle) is { } change)
                {
                    logger.LogInformation("Watched account: {Change}", change);
                }
            }
            else if (item is not Post post)
            {
                if (item is StoreOp.Delete deleted)
                {
                    analyzer.Deleted(deleted.PostId);
                }
                else if (item is StoreOp.AccountGone gone)
                {
                    analyzer.AccountGone(gone.Author);
                }

                await output.WriteAsync(item).ConfigureAwait(false);
            }
            else if (analyzer.Match(post) is { } m)
            {
                metrics.Match();
                await output.WriteAsync(m).ConfigureAwait(false);
            }
        });
    }

    /// <summary>A matcher and a classifier of one generation, even when the watchlist changes while they are built.</summary>
    private (long Generation, PostAnalyzer Matcher, PostAnalyzer Classifier) Analyzers()
    {
        var generation = _options.WatchlistGeneration;
        while (true)
        {
            var before = generation?.Invoke() ?? 0;
            var (matcher, classifier) = (analyzerFactory(), analyzerFactory());
            if ((generation?.Invoke() ?? 0) == before)
            {
                return (before, matcher, classifier);
            }
        }
    }

    private Task ClassifyLoopAsync(ChannelReader<object> input, ChannelWriter<StoreOp> output)
    {
        PostAnalyzer? analyzer = null;
        return RelayAsync(input, output, async item =>
        {
            if (item is AnalyzerSwitch change)
            {
                analyzer = change.Classifier;
                return;
            }

            if (item is StoreOp op)
            {
                await output.WriteAsync(op).ConfigureAwait(false);
                return;
            }

            var m = (MatchedPost)item;
            PostAnalysis analysis;
            try
            {
                // The match stage sends its switch before its first post, so there is always a classifier here.
                analysis = analyzer!.Classify(m);
            }
            catch (Exception e)
            {
                // A post that breaks the classifier is a bug to fix, not a reason to stop the stream.
                metrics.BadLine();
                logger.LogError(e, "Classifying post {PostKey} failed", PostKey.Of(m.Post.Id));
                return;
            }

            await output.WriteAsync(new StoreOp.Save(analysis)).ConfigureAwait(false);
        });
    }

    /// <summary>One stage's loop: each item in order, then the next stage's input completes, even on failure.</summary>
    private static async Task RelayAsync<TIn, TOut>(ChannelReader<TIn> input, ChannelWriter<TOut> output, Func<TIn, Task> handle)
    {
        try
        {
            await foreach (var item in input.ReadAllAsync().ConfigureAwait(false))
            {
                await handle(item).ConfigureAwait(false);
            }
        }
        finally
        {
            output.Complete();
        }
    }

    private async Task StoreLoopAsync(ChannelReader<StoreOp> input, ChannelWriter<AlertNotice> output)
    {
        var batch = new List<StoreOp>(_options.StoreBatchSize);
        try
        {
            while (await input.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _options.StoreBatchSize && input.TryRead(out var op))
                {
                    batch.Add(op);
                }

                var fresh = await WriteWithRetryAsync(batch).ConfigureAwait(false);
                foreach (var op in batch)
                {
                    if (op is StoreOp.Delete or StoreOp.AccountGone)
                    {
                        metrics.Delete();
                    }
                }

                batch.Clear();
                foreach (var alert in fresh)
                {
                    metrics.Alert();
                    await output.WriteAsync(alert).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            output.Complete();
        }
    }

    /// <summary>
    /// Accepted data is never dropped for a passing fault: while the store is unavailable (a server restarting or
    /// unreachable, a locked file) the batch is retried for as long as that lasts. An op the store refuses alone is
    /// logged and set aside so the stream goes on; a store that refuses every op is retried a few times, then stops the run.
    /// </summary>
    private async Task<IReadOnlyList<AlertNotice>> WriteWithRetryAsync(List<StoreOp> batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var written = await RefusingOps.WriteAsync(store, batch, CancellationToken.None).ConfigureAwait(false);
                foreach (var (i, reason) in written.Refused)
                {
                    logger.LogError(reason, "The store refused the {Op}; it is set aside and the stream goes on", RefusingOps.Describe(batch[i]));
                }

                metrics.Refuse(written.Refused.Count);
                metrics.StoredOps(batch.Count - written.Refused.Count);
                return written.Fresh;
            }
            catch (Exception e) when (e is not ArgumentException && (attempt < 8 || e is StoreUnavailableException))
            {
                logger.LogWarning(e, "Store write failed (attempt {Attempt}); retrying in {Delay}", attempt, delay);
                await Task.Delay(delay, time).ConfigureAwait(false);
                delay = delay * 2 < MaxStoreRetryDelay ? delay * 2 : MaxStoreRetryDelay;
            }
        }
    }

    private async Task SinkLoopAsync(ChannelReader<AlertNotice> input)
    {
        await foreach (var alert in input.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var sink in sinks)
            {
                try
                {
                    await sink.EmitAsync(alert, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    metrics.SinkFailure();
                    logger.LogError(e, "Alert sink {Sink} failed for alert {AlertId}", sink.GetType().Name, alert.AlertId);
                }
            }
        }
    }

    private async Task PurgeLoopAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var purged = await store.PurgeAsync(_options.Retention, stop).ConfigureAwait(false);
                    if (purged > 0)
                    {
                        logger.LogInformation("Retention purge removed {Count} posts older than {Retention}", purged, _options.Retention);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Retention purge failed; will retry");
                }

                await Task.Delay(_options.PurgeInterval, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
