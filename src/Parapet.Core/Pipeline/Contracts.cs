using System.Threading.Channels;
using Parapet.Analysis;

namespace Parapet.Pipeline;

/// <summary>One raw line from a source, before it is parsed.</summary>
public sealed record SourceLine(string Source, long LineNumber, byte[] Bytes, bool Oversized = false);

/// <summary>A source of raw lines: a replayed file, a live stream.</summary>
public interface IPostSource
{
    string Name { get; }

    /// <summary>Writes lines until the source ends or <paramref name="cancellationToken"/> fires. Never completes the writer.</summary>
    Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken);
}

/// <summary>One change for the store, applied in the order the stream produced it.</summary>
public abstract record StoreOp
{
    public sealed record Save(PostAnalysis Analysis) : StoreOp;

    /// <summary>The post was deleted at its source.</summary>
    public sealed record Delete(string PostId) : StoreOp;

    /// <summary>The author's account is gone at its source: remove what is stored of theirs.</summary>
    public sealed record AccountGone(string Author) : StoreOp;

    /// <summary>Everything before this in the stream is applied; a restart may resume after it.</summary>
    public sealed record Cursor(string Source, long Value) : StoreOp;
}

/// <summary>An alert the store has just recorded for the first time.</summary>
public sealed record AlertNotice(long AlertId, PostAnalysis Analysis, DateTimeOffset RaisedAt);

/// <summary>
/// The store could not take a write for a reason that passes: a server restarting or unreachable, a file busy
/// with another writer. The same write may succeed later, and nothing of it was kept.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>Where analyzed posts are kept. Writes are idempotent by the post's source id.</summary>
public interface IPostStore
{
    /// <summary>
    /// Applies the ops in one transaction; returns the alerts that did not exist before. Throws
    /// <see cref="StoreUnavailableException"/> when the store is away; any other failure is one the ops caused.
    /// </summary>
    Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken);

    /// <summary>Removes posts that raised no alert and are older than the retention period; returns how many.</summary>
    Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken);
}

/// <summary>Where new alerts go: the terminal, the dashboard, webhooks. A failing sink never stops the others.</summary>
public interface IAlertSink
{
    Task EmitAsync(AlertNotice alert, CancellationToken cancellationToken);
}

/// <summary>How a live source is doing, as the dashboard's Sources page and <c>/metrics</c> show it.</summary>
public sealed record SourceStatus
{
    public required string Name { get; init; }

    /// <summary>connecting, streaming, backing-off, stalled, polling, ended, failed.</summary>
    public required string State { get; init; }

    public string? Endpoint { get; init; }
    public double EventsPerSecond { get; init; }

    /// <summary>Now minus the time of the newest event read, where the source's events carry a time.</summary>
    public TimeSpan? Lag { get; init; }

    public long? Cursor { get; init; }
    public long Events { get; init; }
    public long Reconnects { get; init; }
    public long Gaps { get; init; }
    public long Errors { get; init; }
    public string? LastError { get; init; }
}

/// <summary>A source that can say how it is doing. Sources that cannot (a replayed file) need not implement it.</summary>
public interface IReportsStatus
{
    SourceStatus Status();
}
