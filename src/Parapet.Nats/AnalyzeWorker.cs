using System.Globalization;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Posts;

namespace Parapet.Nats;

/// <summary>What the analyze workers of one process have done, with the end-to-end latencies they saw.</summary>
public sealed class AnalyzeStats
{
    private readonly Lock _gate = new();
    private readonly List<double> _storedMs = [];
    private readonly List<double> _alertMs = [];
    private long _lines, _posts, _matched, _alerts, _bad, _storeFailures;

    public long Lines => Interlocked.Read(ref _lines);
    public long Posts => Interlocked.Read(ref _posts);
    public long Matched => Interlocked.Read(ref _matched);
    public long Alerts => Interlocked.Read(ref _alerts);
    public long Bad => Interlocked.Read(ref _bad);
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    internal void Line() => Interlocked.Increment(ref _lines);
    internal void Post() => Interlocked.Increment(ref _posts);
    internal void Match() => Interlocked.Increment(ref _matched);
    internal void BadLine() => Interlocked.Increment(ref _bad);
    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    internal void Stored(double ms, bool alert)
    {
        lock (_gate)
        {
            // Bounded: a week-long run keeps the newest samples only.
            if (_storedMs.Count >= 1_000_000)
            {
                _storedMs.RemoveRange(0, 500_000);
            }

            _storedMs.Add(ms);
            if (alert)
            {
                _alertMs.Add(ms);
                _alerts++;
            }
        }
    }

    /// <summary>p50 and p99 in milliseconds from publish at ingest to commit in the store: every stored post, and alerts.</summary>
    public (double? StoredP50, double? StoredP99, double? AlertP50, double? AlertP99) Latency()
    {
        lock (_gate)
        {
            return (Percentile(_storedMs, 0.5), Percentile(_storedMs, 0.99), Percentile(_alertMs, 0.5), Percentile(_alertMs, 0.99));
        }
    }

    private static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// One analyze worker: fetches a batch of lines from the shared durable consumer, matches and classifies them,
/// stores the batch in one transaction, and only then acknowledges it, so a worker killed at any point loses
/// nothing (the unacknowledged lines go to another worker) and stores nothing twice (writes are idempotent by
/// the post's source id, and an alert exists once per post). When the store fails it gives the batch back with
/// a delay and backs off.
/// </summary>
public sealed partial class AnalyzeWorker(INatsJSConsumer consumer, NatsRoleOptions options, PostAnalyzer analyzer, IPostStore store,
    IReadOnlyList<IAlertSink> sinks, AnalyzeStats stats, ILogger<AnalyzeWorker> logger, TimeProvider time)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    /// <summary>Runs until cancelled, or, with <paramref name="exitWhenIdle"/>, until the consumer has nothing pending or unacknowledged for that long.</summary>
    public async Task RunAsync(TimeSpan? exitWhenIdle, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var idleSince = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new List<INatsJSMsg<byte[]>>(options.Batch);
            bool stored;
            try
            {
                await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = options.Batch, Expires = TimeSpan.FromSeconds(1) },
                    cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(msg);
                }

                if (batch.Count == 0)
                {
                    if (exitWhenIdle is { } idle && time.GetUtcNow() - idleSince >= idle && await DrainedAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                stored = await HandleAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (NATS.Client.Core.NatsException e) when (!cancellationToken.IsCancellationRequested)
            {
                // NATS is restarting or unreachable: what was not acknowledged is delivered again.
                LogNatsFailed(e.Message);
                stored = false;
            }

            if (stored)
            {
                backoff = TimeSpan.FromMilliseconds(250);
            }
            else
            {
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }

            idleSince = time.GetUtcNow();
        }
    }

    private async Task<bool> DrainedAsync(CancellationToken cancellationToken)
    {
        await consumer.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return consumer.Info.NumPending == 0 && consumer.Info.NumAckPending == 0;
    }

    private async Task<bool> HandleAsync(List<INatsJSMsg<byte[]>> batch, CancellationToken cancellationToken)
    {
        var ops = new List<StoreOp>(batch.Count);
        var ingested = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var msg in batch)
        {
            stats.Line();
            if (Op(msg, ingested) is { } op)
            {
                ops.Add(op);
            }
        }

        IReadOnlyList<AlertNotice> fresh;
        try
        {
            fresh = await store.WriteAsync(ops, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stats.StoreFailed();
            LogStoreFailed(batch.Count, e.Message);
            foreach (var msg in batch)
            {
                await msg.NakAsync(new AckOpts { NakDelay = TimeSpan.FromSeconds(1) }, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        foreach (var msg in batch)
        {
            await msg.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var alerted = fresh.Select(a => a.Analysis.Post.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var op in ops.OfType<StoreOp.Save>())
        {
            if (ingested.TryGetValue(op.Analysis.Post.Id, out var at))
            {
                stats.Stored(now - at, alerted.Contains(op.Analysis.Post.Id));
            }
        }

        foreach (var notice in fresh)
        {
            foreach (var sink in sinks)
            {
                try
                {
                    await sink.EmitAsync(notice, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSinkFailed(e.Message);
                }
            }
        }

        return true;
    }

    private StoreOp? Op(INatsJSMsg<byte[]> msg, Dictionary<string, long> ingested)
    {
        var parsed = PostLineParser.Parse(msg.Data ?? []);
        switch (parsed.Kind)
        {
            case LineKind.Post:
                stats.Post();
                if (analyzer.Match(parsed.Post!) is not { } matched)
                {
                    return null;
                }

                stats.Match();
                try
                {
                    var analysis = analyzer.Classify(matched);
                    if (msg.Headers is { } h && h.TryGetValue(Headers.Ingested, out var v)
                        && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
                    {
                        ingested[analysis.Post.Id] = at;
                    }

                    return new StoreOp.Save(analysis);
                }
                catch (Exception e)
                {
                    // A post that breaks the classifier is a bug to fix, not a reason to stop the stream.
                    stats.BadLine();
                    LogClassifyFailed(parsed.Post!.Id, e.Message);
                    return null;
                }

            case LineKind.Delete:
                return new StoreOp.Delete(parsed.Id!);
            case LineKind.AccountGone:
                return new StoreOp.AccountGone(parsed.Id!);
            case LineKind.Error:
                stats.BadLine();
                return null;
            default:
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Count} lines failed ({Error}); it goes back to the stream and this worker backs off")]
    private partial void LogStoreFailed(int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS failed ({Error}); backing off")]
    private partial void LogNatsFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Classifying post {PostId} failed: {Error}")]
    private partial void LogClassifyFailed(string postId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An alert sink failed: {Error}")]
    private partial void LogSinkFailed(string error);
}
