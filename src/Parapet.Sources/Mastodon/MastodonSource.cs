using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Sources.Live;

namespace Parapet.Sources.Mastodon;

/// <summary>
/// A Mastodon streaming timeline over server-sent events (<c>GET /api/v1/streaming/public</c> and friends):
/// <c>update</c> and <c>status.update</c> become Parapet posts, <c>delete</c> a Parapet deletion. Statuses of
/// authors who say <c>#nobot</c> in their profile or ask not to be indexed are skipped.
/// Mastodon streams cannot be replayed, so each reconnect after streaming counts as a possible gap.
/// </summary>
public sealed partial class MastodonSource(string name, MastodonOptions options, HttpClient http, TimeProvider time,
    ILogger<MastodonSource> logger) : IPostSource, IReportsStatus
{
    private readonly SourceHealth _health = new(name, time);
    private readonly Random _random = new();
    private long _lineNumber;
    private bool _wasStreaming;

    public string Name { get; } = name;

    public SourceStatus Status() => _health.Status();

    public async Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        using var meter = _health.Publish();
        var uri = options.StreamUri();
        if (string.IsNullOrEmpty(options.AccessToken))
        {
            LogNoToken(options.Instance);
        }

        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = 0L;
                TimeSpan? serverWait = null;
                try
                {
                    events = await StreamAsync(uri, output, cancellationToken).ConfigureAwait(false);
                    _health.Error("the server ended the stream");
                    LogEnded(uri, events);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (StreamRefusedException e)
                {
                    serverWait = e.RetryAfter;
                    _health.Error(e.Message);
                    LogFailed(uri, e.Message);
                }
                catch (StalledException)
                {
                    _health.SetState(SourceStates.Stalled);
                    _health.Error($"no byte for {options.StallTimeout.TotalSeconds:0.#} s");
                    LogStalled(uri, options.StallTimeout);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
                {
                    _health.Error(e.Message);
                    LogFailed(uri, e.Message);
                }

                if (_wasStreaming)
                {
                    // Whatever is posted until the stream is back is never sent: Mastodon streams cannot be replayed.
                    _wasStreaming = false;
                    _health.Gap();
                }

                failures = events > 0 ? 1 : failures + 1;
                var delay = options.Backoff.Delay(failures, _random);
                if (serverWait > delay)
                {
                    delay = serverWait.Value;
                }

                _health.Reconnect();
                _health.SetState(SourceStates.BackingOff);
                LogBackingOff(delay, uri);
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

    /// <summary>One connection; returns the number of events read when the server ends the stream.</summary>
    private async Task<long> StreamAsync(Uri uri, ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        _health.SetState(SourceStates.Connecting, uri.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(options.AccessToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        }

        HttpResponseMessage response;
        using (var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, time))
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connecting.Token).ConfigureAwait(false);
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == HttpStatusCode.Unauthorized ? " (the access token is missing or refused)" : "";
            throw new StreamRefusedException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{hint}",
                RetryAfter.From(response.Headers, time.GetUtcNow()));
        }

        _health.SetState(SourceStates.Streaming);
        _wasStreaming = true;
        LogStreaming(uri);
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var __ = body.ConfigureAwait(false);
        var sse = new ServerSentEvents(body, options.MaxEventBytes, stall, options.StallTimeout);
        long events = 0;
        while (true)
        {
            ServerSentEvent? e;
            try
            {
                e = await sse.ReadAsync(reading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new StalledException();
            }

            if (e is null)
            {
                return events;
            }

            events++;
            if (ToLine(e) is { } line)
            {
                await output.WriteAsync(new SourceLine(Name, ++_lineNumber, line), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private byte[]? ToLine(ServerSentEvent e)
    {
        if (e.Oversized)
        {
            _health.Error($"an event over {options.MaxEventBytes} bytes was skipped");
            LogBadEvent(options.Instance, e.Name, "over the size limit");
            return null;
        }

        try
        {
            switch (e.Name)
            {
                case "update" or "status.update":
                    using (var doc = JsonDocument.Parse(e.Data))
                    {
                        var post = MastodonStatus.ToPost(options.Instance, doc.RootElement, e.Name == "status.update", out var skipped);
                        _health.Event(post?.CreatedAt);
                        if (post is null)
                        {
                            LogSkipped(options.Instance, skipped!);
                            return null;
                        }

                        return PostLines.Post(post);
                    }

                case "delete":
                    _health.Event(null);
                    var id = e.Data.Trim().Trim('"');
                    return id.Length == 0 ? throw new JsonException("a delete event without a status id") : PostLines.Delete(MastodonStatus.PostId(options.Instance, id));
                default:
                    // notification, filters_changed, announcement…: nothing a public timeline needs.
                    return null;
            }
        }
        catch (JsonException ex)
        {
            _health.Error($"malformed {e.Name} event: {ex.Message}");
            LogBadEvent(options.Instance, e.Name, ex.Message);
            return null;
        }
    }

    private sealed class StalledException : Exception;

    private sealed class StreamRefusedException(string message, TimeSpan? retryAfter) : Exception(message)
    {
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    [LoggerMessage(LogLevel.Warning, "Mastodon: no access token for {Instance}; Mastodon 4.2 and later refuse public streams without one")]
    private partial void LogNoToken(Uri instance);

    [LoggerMessage(LogLevel.Information, "Mastodon: streaming {Uri}")]
    private partial void LogStreaming(Uri uri);

    [LoggerMessage(LogLevel.Warning, "Mastodon: {Uri} ended the stream after {Events} events")]
    private partial void LogEnded(Uri uri, long events);

    [LoggerMessage(LogLevel.Warning, "Mastodon: {Uri} failed: {Problem}")]
    private partial void LogFailed(Uri uri, string problem);

    [LoggerMessage(LogLevel.Warning, "Mastodon: nothing from {Uri} for {Timeout}; treating the stream as dead")]
    private partial void LogStalled(Uri uri, TimeSpan timeout);

    [LoggerMessage(LogLevel.Information, "Mastodon: reconnecting to {Uri} in {Delay}")]
    private partial void LogBackingOff(TimeSpan delay, Uri uri);

    [LoggerMessage(LogLevel.Warning, "Mastodon: {Instance} sent a bad {Event} event: {Problem}; skipped")]
    private partial void LogBadEvent(Uri instance, string @event, string problem);

    [LoggerMessage(LogLevel.Debug, "Mastodon: {Instance} status skipped ({Why})")]
    private partial void LogSkipped(Uri instance, string why);
}
