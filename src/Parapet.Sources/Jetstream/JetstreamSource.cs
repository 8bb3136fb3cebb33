using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Sources.Live;

namespace Parapet.Sources.Jetstream;

/// <summary>
/// Bluesky Jetstream v1 over WebSocket: <c>/subscribe?wantedCollections=app.bsky.feed.post</c>, one JSON event per
/// text frame, handed to the pipeline as is (its parser reads commits, identity and account events).
/// <para>
/// Resuming: the pipeline stores each event's <c>time_us</c> as this source's cursor once the event's effects are
/// committed, and <paramref name="durableCursor"/> reads it back at start. Every connection asks to replay from a
/// few seconds before the last event it knows of; delivery is at-least-once and the store's writes are idempotent.
/// </para>
/// </summary>
public sealed partial class JetstreamSource(
    string name,
    JetstreamOptions options,
    Func<string, long?> durableCursor,
    TimeProvider time,
    ILogger<JetstreamSource> logger) : IPostSource, IReportsStatus
{
    private static readonly byte[] TimeUsField = "\"time_us\":"u8.ToArray();

    private readonly SourceHealth _health = new(name, time);
    private readonly Random _random = new();
    private long _lineNumber;
    private long? _previousTimeUs;

    public string Name { get; } = name;

    public SourceStatus Status() => _health.Status();

    public async Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        using var meter = _health.Publish();
        long? last = durableCursor(Name);
        if (last is { } stored)
        {
            var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(stored / 1000);
            LogResuming(stored, age);
            if (age > options.ReplayWindow)
            {
                // The instance replays only its window: what happened between the cursor and the window's start is lost.
                _health.Gap();
                LogCursorTooOld(stored, options.ReplayWindow);
            }
            else
            {
                // A server that ignores the cursor and starts at its live end shows up as a time jump.
                _previousTimeUs = stored;
            }
        }

        var endpoint = 0;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var uri = options.Endpoints[endpoint];
                var connection = new Connection();
                TimeSpan? serverWait = null;
                try
                {
                    await StreamAsync(uri, last, connection, output, cancellationToken).ConfigureAwait(false);
                    _health.Error("the server closed the connection");
                    LogClosed(uri, connection.Frames);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (StalledException)
                {
                    _health.SetState(SourceStates.Stalled);
                    _health.Error($"no frame for {options.StallTimeout.TotalSeconds:0.#} s");
                    LogStalled(uri, options.StallTimeout);
                }
                catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
                {
                    serverWait = connection.RetryAfter;
                    var message = connection.Status is { } status ? $"HTTP {(int)status}: {e.Message}" : e.Message;
                    _health.Error(message);
                    LogFailed(uri, message);
                }
                finally
                {
                    last = connection.LastTimeUs ?? last;
                }

                // A connection that delivered events was healthy: start the backoff over.
                failures = connection.Frames > 0 ? 1 : failures + 1;
                endpoint = (endpoint + 1) % options.Endpoints.Count;
                var delay = options.Backoff.Delay(failures, _random);
                if (serverWait > delay)
                {
                    delay = serverWait.Value;
                }

                _health.Reconnect();
                _health.SetState(SourceStates.BackingOff);
                LogBackingOff(delay, options.Endpoints[endpoint]);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _health.SetState(SourceStates.Ended);
        }
    }

    internal Uri SubscribeUri(Uri endpoint, long? lastTimeUs)
    {
        var query = "wantedCollections=app.bsky.feed.post";
        if (lastTimeUs is { } t)
        {
            var from = Math.Max(0, t - (long)(options.Rewind.TotalMilliseconds * 1000));
            query += "&cursor=" + from.ToString(CultureInfo.InvariantCulture);
        }

        var builder = new UriBuilder(endpoint);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }

    private async Task StreamAsync(Uri endpoint, long? lastTimeUs, Connection connection, ChannelWriter<SourceLine> output,
        CancellationToken cancellationToken)
    {
        _health.SetState(SourceStates.Connecting, endpoint.ToString());
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var uri = SubscribeUri(endpoint, lastTimeUs);
        LogConnecting(uri);

        using (var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, time))
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
        {
            try
            {
                await socket.ConnectAsync(uri, connecting.Token).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                connection.Status = socket.HttpStatusCode == 0 ? null : socket.HttpStatusCode;
                connection.RetryAfter = RetryAfterOf(socket);
                throw;
            }
        }

        _health.SetState(SourceStates.Streaming);
        LogConnected(endpoint);

        // One timer per connection, armed only while waiting for a frame: a slow pipeline is not a stalled socket.
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var frame = new ArrayBufferWriter<byte>(64 * 1024);
        var oversized = false;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                stall.CancelAfter(options.StallTimeout);
                try
                {
                    result = await socket.ReceiveAsync(chunk.AsMemory(), receiving.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new StalledException();
                }

                stall.CancelAfter(Timeout.InfiniteTimeSpan);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    return;
                }

                if (!oversized)
                {
                    if (frame.WrittenCount + result.Count > options.MaxFrameBytes)
                    {
                        oversized = true;
                        frame.ResetWrittenCount();
                    }
                    else
                    {
                        chunk.AsSpan(0, result.Count).CopyTo(frame.GetSpan(result.Count));
                        frame.Advance(result.Count);
                    }
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                connection.Frames++;
                var line = Interlocked.Increment(ref _lineNumber);
                if (oversized)
                {
                    oversized = false;
                    _health.Error($"frame over {options.MaxFrameBytes} bytes skipped");
                    await output.WriteAsync(new SourceLine(Name, line, [], Oversized: true), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    // Compression was not asked for, so a binary frame is not an event this source can read.
                    frame.ResetWrittenCount();
                    _health.Error("unexpected binary frame skipped");
                    LogBinaryFrame(endpoint, line);
                    continue;
                }

                var bytes = frame.WrittenSpan.ToArray();
                frame.ResetWrittenCount();
                var timeUs = TimeUsOf(bytes);
                Observe(timeUs);
                await output.WriteAsync(new SourceLine(Name, line, bytes), cancellationToken).ConfigureAwait(false);
                if (timeUs is not null)
                {
                    connection.LastTimeUs = timeUs;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void Observe(long? timeUs)
    {
        if (timeUs is { } t)
        {
            if (_previousTimeUs is { } p && t - p > (long)(options.GapThreshold.TotalMilliseconds * 1000))
            {
                _health.Gap();
                LogTimeJump(p, t);
            }

            _previousTimeUs = t;
        }

        _health.Event(timeUs is { } us ? DateTimeOffset.FromUnixTimeMilliseconds(us / 1000) : null, timeUs);
    }

    /// <summary>The event's <c>time_us</c>, found without parsing the event (the pipeline's parser reads it in full).</summary>
    internal static long? TimeUsOf(ReadOnlySpan<byte> frame)
    {
        var at = frame.IndexOf(TimeUsField);
        if (at < 0)
        {
            return null;
        }

        var rest = frame[(at + TimeUsField.Length)..].TrimStart(" "u8);
        return Utf8Parser.TryParse(rest, out long value, out _) && value > 0 ? value : null;
    }

    private TimeSpan? RetryAfterOf(ClientWebSocket socket)
    {
        if (socket.HttpResponseHeaders is not { } headers)
        {
            return null;
        }

        foreach (var (key, values) in headers)
        {
            if (string.Equals(key, "Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                return Live.RetryAfter.Parse(values.FirstOrDefault(), time.GetUtcNow());
            }
        }

        return null;
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer is gone already; there is nothing left to tell it.
        }
    }

    /// <summary>What one connection achieved, kept when it fails.</summary>
    private sealed class Connection
    {
        public long Frames;
        public long? LastTimeUs;
        public HttpStatusCode? Status;
        public TimeSpan? RetryAfter;
    }

    private sealed class StalledException : Exception;

    [LoggerMessage(LogLevel.Information, "Jetstream: resuming after cursor {Cursor} ({Age} ago)")]
    private partial void LogResuming(long cursor, TimeSpan age);

    [LoggerMessage(LogLevel.Warning, "Jetstream: cursor {Cursor} is older than the {Window} replay window; events in between are lost")]
    private partial void LogCursorTooOld(long cursor, TimeSpan window);

    [LoggerMessage(LogLevel.Information, "Jetstream: connecting to {Uri}")]
    private partial void LogConnecting(Uri uri);

    [LoggerMessage(LogLevel.Information, "Jetstream: streaming from {Endpoint}")]
    private partial void LogConnected(Uri endpoint);

    [LoggerMessage(LogLevel.Warning, "Jetstream: {Endpoint} closed the connection after {Frames} frames")]
    private partial void LogClosed(Uri endpoint, long frames);

    [LoggerMessage(LogLevel.Warning, "Jetstream: no frame from {Endpoint} for {Timeout}; treating the connection as dead")]
    private partial void LogStalled(Uri endpoint, TimeSpan timeout);

    [LoggerMessage(LogLevel.Warning, "Jetstream: {Endpoint} failed: {Problem}")]
    private partial void LogFailed(Uri endpoint, string problem);

    [LoggerMessage(LogLevel.Information, "Jetstream: reconnecting in {Delay} to {Endpoint}")]
    private partial void LogBackingOff(TimeSpan delay, Uri endpoint);

    [LoggerMessage(LogLevel.Warning, "Jetstream: {Endpoint} frame {Line} is binary; skipped")]
    private partial void LogBinaryFrame(Uri endpoint, long line);

    [LoggerMessage(LogLevel.Warning, "Jetstream: time jumped from {From} to {To}; events in between may be missing")]
    private partial void LogTimeJump(long from, long to);
}
