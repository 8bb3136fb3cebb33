using System.Threading.Channels;
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
    private long _lines, _posts, _matched, _alerts, _bad, _storeFailures, _refused;
    private DateTimeOffset? _first, _last;

    public long Lines => Interlocked.Read(ref _lines);
    public long Posts => Interlocked.Read(ref _posts);
    public long Matched => Interlocked.Read(ref _matched);
    public long Alerts => Interlocked.Read(ref _alerts);
    public long Bad => Interlocked.Read(ref _bad);
    public long StoreFailures => Interlocked.Read(ref _storeFailures);
    public long Refused => Interlocked.Read(ref _refused);

    internal void Line() => Interlocked.Increment(ref _lines);
    internal void Post() => Interlocked.Increment(ref _posts);
    internal void Match() => Interlocked.Increment(ref _matched);
    internal void BadLine() => Interlocked.Increment(ref _bad);
    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);
    internal void Refuse() => Interlocked.Increment(ref _refused);

    /// <summary>Lines per second from the first fetched batch to the last stored one: the rate while there was work.</summary>
    public double? BusyRate
    {
        get
        {
            lock (_gate)
            {
                return _first is { } f && _last is { } l && l > f ? Lines / (l - f).TotalSeconds : null;
            }
        }
    }

    /// <summary>When the first batch was fetched and the last one stored.</summary>
    public (DateTimeOffset? First, DateTimeOffset? Last) Busy
    {
        get
        {
            lock (_gate)
            {
                return (_first, _last);
            }
        }
    }

    internal void Fetched(DateTimeOffset at)
    {
        lock (_gate)
        {
            _first ??= at;
        }
    }

    internal void Committed(DateTimeOffset at)
    {
        lock (_gate)
        {
            _last = _last is { } l && l > at ? l : at;
        }
    }

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
/// a delay and backs off. A line whose op the store refuses alone is terminated, not redelivered without end:
/// it stays in the stream until the stream's age limit, and the log names its stream sequence.
/// </summary>
public sealed partial class AnalyzeWorker(INatsJSConsumer consumer, NatsRoleOptions options, PostAnalyzer analyzer, IPostStore store,
    IReadOnlyList<IAlertSink> sinks, AnalyzeStats stats, ILogger<AnalyzeWorker> logger, TimeProvider time)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    /// <summary>Runs until cancelled, or, with <paramref name="exitWhenIdle"/>, until the consumer has nothing pending or unacknowledged for that long.</summary>
    public async Task RunAsync(TimeSpan? exitWhenIdle, CancellationToken cancellationToken)
    {
        // Lines stream in through a pull subscription that keeps a batch or two in hand, so a batch is being
        // fetched while the one before it is stored: low latency when the stream is quiet, full batches when busy.
        var inbox = Channel.CreateBounded<INatsJSMsg<byte[]>>(new BoundedChannelOptions(options.Batch * 2) { SingleReader = true, SingleWriter = true });
        using var stopConsuming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consuming = ConsumeAsync(inbox.Writer, stopConsuming.Token);
        try
        {
            await ProcessAsync(inbox.Reader, exitWhenIdle, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopConsuming.CancelAsync().ConfigureAwait(false);
            await consuming.ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(ChannelWriter<INatsJSMsg<byte[]>> inbox, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = options.Batch * 2 },
                    cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    await inbox.WriteAsync(msg, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromMilliseconds(250);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NATS.Client.Core.NatsException e)
            {
                // NATS is restarting or unreachable: what was not acknowledged is delivered again.
                LogNatsFailed(e.Message);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task ProcessAsync(ChannelReader<INatsJSMsg<byte[]>> inbox, TimeSpan? exitWhenIdle, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var idleSince = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!inbox.TryPeek(out _) && !await WaitAsync(inbox, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false))
            {
                if (exitWhenIdle is { } idle && time.GetUtcNow() - idleSince >= idle && await DrainedAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            var batch = new List<INatsJSMsg<byte[]>>(options.Batch);
            while (batch.Count < options.Batch && inbox.TryRead(out var msg))
            {
                batch.Add(msg);
            }

            bool stored;
            try
            {
                stats.Fetched(time.GetUtcNow());
                stored = await HandleAsync(batch, cancellationToken).ConfigureAwait(false);
                stats.Committed(time.GetUtcNow());
            }
            catch (NATS.Client.Core.NatsException e) when (!cancellationToken.IsCancellationRequested)
            {
                // An acknowledgement did not get through: the batch is stored, and a redelivery stores nothing twice.
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

    /// <summary>True when a line arrived within <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitAsync(ChannelReader<INatsJSMsg<byte[]>> inbox, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            return await inbox.WaitToReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
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
        var lineOf = new List<int>(batch.Count);
        var ingested = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var line = 0; line < batch.Count; line++)
        {
            stats.Line();
            if (Op(batch[line], ingested) is { } op)
            {
                ops.Add(op);
                lineOf.Add(line);
            }
        }

        BatchWrite written;
        try
        {
            written = await RefusingOps.WriteAsync(store, ops, cancellationToken).ConfigureAwait(false);
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

        var terminate = new bool[batch.Count];
        foreach (var (i, reason) in written.Refused)
        {
            terminate[lineOf[i]] = true;
            stats.Refuse();
            LogRefused(RefusingOps.Describe(ops[i]), batch[lineOf[i]].Metadata?.Sequence.Stream ?? 0, reason.Message);
        }

        for (var line = 0; line < batch.Count; line++)
        {
            if (terminate[line])
            {
                await batch[line].AckTerminateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await batch[line].AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        var fresh = written.Fresh;
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
                    LogClassifyFailed(PostKey.Of(parsed.Post!.Id), e.Message);
                    return null;
                }

            case LineKind.Delete:
                analyzer.Deleted(parsed.Id!);
                return new StoreOp.Delete(parsed.Id!);
            case LineKind.AccountGone:
                analyzer.AccountGone(parsed.Id!);
                return new StoreOp.AccountGone(parsed.Id!);
            case LineKind.Identity:
                // Workers of one process share a matcher; another process learns the handle from its own start-up resolution.
                if (analyzer.Accounts.Observe(parsed.Id!, parsed.Handle) is { } change)
                {
                    LogWatchedAccount(change);
                }

                return null;
            case LineKind.Error:
                stats.BadLine();
                return null;
            default:
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Count} lines failed ({Error}); it goes back to the stream and this worker backs off")]
    private partial void LogStoreFailed(int count, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store refused the {Op} of stream sequence {Sequence} ({Error}); the line is terminated, not redelivered")]
    private partial void LogRefused(string op, ulong sequence, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS failed ({Error}); backing off")]
    private partial void LogNatsFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Classifying post {PostKey} failed: {Error}")]
    private partial void LogClassifyFailed(string postKey, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watched account: {Change}")]
    private partial void LogWatchedAccount(string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An alert sink failed: {Error}")]
    private partial void LogSinkFailed(string error);
}
