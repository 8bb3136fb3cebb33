using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Parapet.Pipeline;
using Parapet.Posts;

namespace Parapet.Nats;

/// <summary>What an ingest process has done so far.</summary>
public sealed class IngestStats
{
    private long _published, _duplicates, _skipped, _bad, _retries;

    public long Published => Interlocked.Read(ref _published);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Skipped => Interlocked.Read(ref _skipped);
    public long Bad => Interlocked.Read(ref _bad);
    public long Retries => Interlocked.Read(ref _retries);

    internal void Publish(bool duplicate) => Interlocked.Increment(ref duplicate ? ref _duplicates : ref _published);
    internal void Skip() => Interlocked.Increment(ref _skipped);
    internal void BadLine() => Interlocked.Increment(ref _bad);
    internal void Retry() => Interlocked.Increment(ref _retries);
}

/// <summary>
/// The ingest role's last stage: each post, deletion or account event read from a source is published to the
/// JetStream stream with its source id as <c>Nats-Msg-Id</c>, so a line published twice (a replay, a rewound
/// cursor, a retry after an outage) is stored once. A source's cursor is saved only up to the newest line whose
/// publish, and every publish before it, JetStream has acknowledged. While NATS is unreachable it retries the
/// unacknowledged lines in order, with backoff, and reads nothing new.
/// </summary>
public sealed partial class LinePublisher(INatsJSContext js, NatsRoleOptions options, Func<string, long, CancellationToken, Task> saveCursor,
    IngestStats stats, ILogger<LinePublisher> logger, TimeProvider time)
{
    private static readonly TimeSpan CursorEvery = TimeSpan.FromSeconds(1);

    private sealed class Pending(string source, string? messageId, byte[] bytes, long? cursor)
    {
        public string Source { get; } = source;
        public string? MessageId { get; } = messageId;
        public byte[] Bytes { get; } = bytes;
        public long? Cursor { get; } = cursor;
        public Task<PubAckResponse>? Ack { get; set; }
    }

    public async Task RunAsync(ChannelReader<SourceLine> lines, CancellationToken cancellationToken)
    {
        await JetStreamSetup.EnsureStreamAsync(js, options, cancellationToken).ConfigureAwait(false);
        var window = new Queue<Pending>();
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        var dirty = false;
        var lastSave = Stopwatch.StartNew();
        await foreach (var line in lines.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Entry(line) is not { } entry)
            {
                continue;
            }

            if (entry.MessageId is not null)
            {
                entry.Ack = PublishAsync(entry, cancellationToken);
            }

            window.Enqueue(entry);
            while (window.Count >= options.PublishWindow)
            {
                dirty |= await SettleOldestAsync(window, cursors, cancellationToken).ConfigureAwait(false);
            }

            if (dirty && lastSave.Elapsed >= CursorEvery)
            {
                await SaveCursorsAsync(cursors, cancellationToken).ConfigureAwait(false);
                (dirty, lastSave) = (false, Stopwatch.StartNew());
            }
        }

        while (window.Count > 0)
        {
            await SettleOldestAsync(window, cursors, cancellationToken).ConfigureAwait(false);
        }

        await SaveCursorsAsync(cursors, cancellationToken).ConfigureAwait(false);
    }

    private Pending? Entry(SourceLine line)
    {
        if (line.Oversized)
        {
            stats.BadLine();
            LogBadLine(line.Source, line.LineNumber, "line is over the size limit");
            return null;
        }

        var parsed = PostLineParser.Parse(line.Bytes);
        var id = parsed.Kind switch
        {
            // An edit keeps its post's id; it is a new message all the same.
            LineKind.Post when parsed.Post!.Edited => $"{parsed.Post.Id}#edit:{parsed.Cursor?.ToString(CultureInfo.InvariantCulture) ?? Hash(line.Bytes)}",
            LineKind.Post => parsed.Post!.Id,
            LineKind.Delete => "delete:" + parsed.Id,
            LineKind.AccountGone => $"account:{parsed.Id}:{parsed.Cursor?.ToString(CultureInfo.InvariantCulture) ?? Hash(line.Bytes)}",
            _ => null,
        };
        if (parsed.Kind == LineKind.Error)
        {
            stats.BadLine();
            LogBadLine(line.Source, line.LineNumber, parsed.Error ?? "unreadable line");
        }
        else if (id is null)
        {
            stats.Skip();
        }

        // A line with nothing to publish still carries the source's place in its stream.
        return id is null && parsed.Cursor is null ? null : new Pending(line.Source, id, line.Bytes, parsed.Cursor);
    }

    private Task<PubAckResponse> PublishAsync(Pending entry, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            [Headers.Source] = entry.Source,
            [Headers.Ingested] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        return js.PublishAsync(options.Subject + "." + JetStreamSetup.Token(entry.Source), entry.Bytes,
            opts: new NatsJSPubOpts { MsgId = entry.MessageId }, headers: headers, cancellationToken: cancellationToken).AsTask();
    }

    /// <summary>Waits for the oldest publish; on failure republishes everything still waiting, in order, after a backoff.</summary>
    private async Task<bool> SettleOldestAsync(Queue<Pending> window, Dictionary<string, long> cursors, CancellationToken cancellationToken)
    {
        var entry = window.Peek();
        var backoff = TimeSpan.FromMilliseconds(250);
        var failing = false;
        while (entry.Ack is { } ack)
        {
            try
            {
                var response = await ack.ConfigureAwait(false);
                // A duplicate is success: JetStream already holds the line (EnsureSuccess would throw on it).
                if (!response.Duplicate)
                {
                    response.EnsureSuccess();
                }

                stats.Publish(response.Duplicate);
                if (failing)
                {
                    LogRecovered();
                }

                break;
            }
            catch (Exception e) when (e is NatsException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogPublishFailing(e.Message);
                    failing = true;
                }

                stats.Retry();
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                foreach (var waiting in window.Where(w => w.MessageId is not null))
                {
                    waiting.Ack = PublishAsync(waiting, cancellationToken);
                }
            }
        }

        window.Dequeue();
        if (entry.Cursor is { } cursor)
        {
            cursors[entry.Source] = cursor;
            return true;
        }

        return false;
    }

    private async Task SaveCursorsAsync(Dictionary<string, long> cursors, CancellationToken cancellationToken)
    {
        foreach (var (source, cursor) in cursors)
        {
            await saveCursor(source, cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}:{Line}: {Problem}; skipped")]
    private partial void LogBadLine(string source, long line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to NATS failed ({Error}); retrying the unacknowledged lines in order, with backoff")]
    private partial void LogPublishFailing(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing to NATS works again")]
    private partial void LogRecovered();
}
