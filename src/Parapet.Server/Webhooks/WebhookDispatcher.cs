using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Server.Alerts;
using Parapet.Storage;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Parapet.Server.Webhooks;

/// <summary>How webhooks are sent. Every default is the one <c>parapet run</c> uses.</summary>
internal sealed record WebhookOptions
{
    /// <summary>Tries per delivery, the first included, before it becomes a dead letter.</summary>
    public int Attempts { get; init; } = 6;

    /// <summary>The median wait before the first retry; each later wait doubles it, with jitter, up to a minute.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the queue is looked at when no new alert wakes the dispatcher (deliveries queued by another process).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries sent at once, so one slow receiver never holds up the others.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The dashboard's public address, for the alert link in each payload; none when null.</summary>
    public string? DashboardUrl { get; init; }

    public void Validate()
    {
        if (Attempts is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(Attempts), Attempts, "webhook attempts are 1 to 20");
        }

        if (Concurrency is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "webhook concurrency is 1 to 64");
        }
    }
}

/// <summary>
/// Sends the queued webhook deliveries: signed, retried with exponential backoff and jitter (and a receiver's
/// Retry-After), and dead-lettered after the last attempt or at once on a 4xx that retrying cannot fix. A
/// delivery leaves the queue only when it is delivered or dead-lettered, so a stop or a crash resends it.
/// </summary>
internal sealed partial class WebhookDispatcher : BackgroundService, IAlertSink, ITriageListener
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);
    private readonly Storage.Webhooks _webhooks;
    private readonly AlertRecords _alerts;
    private readonly AuditLog _audit;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _send;
    private readonly SemaphoreSlim _wake = new(0);

    public WebhookDispatcher(Storage.Webhooks webhooks, AlertRecords alerts, AuditLog audit, WebhookOptions options,
        TimeProvider time, ILogger<WebhookDispatcher> logger, HttpMessageHandler? handler = null)
    {
        options.Validate();
        (_webhooks, _alerts, _audit, _options, _time, _logger) = (webhooks, alerts, audit, options, time, logger);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = TimeSpan.FromMinutes(1),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => Transient(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _send = builder.AddTimeout(options.Timeout).Build();
    }

    /// <summary>A new alert was stored: its deliveries are already queued, so this only wakes the loop.</summary>
    public Task EmitAsync(AlertNotice alert, CancellationToken cancellationToken)
    {
        Wake();
        return Task.CompletedTask;
    }

    public void Triaged(AlertRecord alert, string action, string actor)
    {
        if (action == "escalate")
        {
            Wake();
        }
    }

    internal void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new Dictionary<long, Task>();
        // One wait on the wake signal at a time, kept across turns of the loop: a wait left behind when a
        // delivery ends first would take the next wake for itself, and that alert would wait for the poll.
        Task<bool>? wake = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var free = _options.Concurrency - running.Count;
                    if (free > 0)
                    {
                        var hooks = _webhooks.All().ToDictionary(w => w.Id);
                        foreach (var delivery in _webhooks.Pending(running.Keys.ToHashSet(), free))
                        {
                            running[delivery.Id] = hooks.TryGetValue(delivery.WebhookId, out var hook)
                                ? DeliverAsync(hook, delivery, stoppingToken)
                                : Task.CompletedTask;
                        }
                    }
                }
                catch (System.Data.Common.DbException e)
                {
                    LogQueueUnreadable(e.Message);
                }

                wake ??= _wake.WaitAsync(_options.PollInterval, stoppingToken);
                await Task.WhenAny([.. running.Values, wake]).ConfigureAwait(false);
                if (wake.IsCompleted)
                {
                    wake = null;
                }

                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.Remove(done);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Deliveries cut off by the stop stay queued and go out at the next start.
        await Task.WhenAll(running.Values).ConfigureAwait(false);
    }

    private async Task DeliverAsync(Webhook hook, WebhookDelivery delivery, CancellationToken stop)
    {
        await Task.Yield();
        var attempts = 0;
        try
        {
            if (_alerts.Get(delivery.AlertId) is not { } alert)
            {
                _webhooks.DeadLettered(delivery, 0, "the alert no longer exists");
                return;
            }

            using var response = await _send.ExecuteAsync(async ct =>
            {
                attempts++;
                var now = _time.GetUtcNow();
                var body = WebhookPayload.Body(hook.Format, delivery, alert, now, _options.DashboardUrl);
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
                {
                    Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                };
                var timestamp = now.ToUnixTimeSeconds();
                request.Headers.Add(WebhookPayload.EventHeader, delivery.Event);
                request.Headers.Add(WebhookPayload.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookPayload.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookPayload.SignatureHeader, WebhookPayload.Sign(hook.Secret, timestamp, body));
                return await _http.SendAsync(request, ct).ConfigureAwait(false);
            }, stop).ConfigureAwait(false);

            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _webhooks.Delivered(delivery.Id);
                // A delivery hands the alert's text to another system: it is an export, and audited as one.
                _audit.Append($"webhook:{hook.Id}", "webhook.deliver", $"alert:{delivery.AlertId}",
                    $"{delivery.Event} to {Host(hook.Url)}: HTTP {status} after {attempts} attempt(s)");
                return;
            }

            DeadLetter(hook, delivery, attempts, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or InvalidOperationException or UriFormatException)
        {
            DeadLetter(hook, delivery, attempts, e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            // The store was busy or failing: the delivery stays queued and is tried again.
            LogQueueUnreadable(e.Message);
        }
    }

    private void DeadLetter(Webhook hook, WebhookDelivery delivery, int attempts, string error)
    {
        _webhooks.DeadLettered(delivery, attempts, error);
        _audit.Append($"webhook:{hook.Id}", "webhook.dead-letter", $"alert:{delivery.AlertId}", $"{delivery.Event}: {error}");
        LogDeadLetter(hook.Id, delivery.Id, attempts, error);
    }

    private static bool Transient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var after = response?.Headers.RetryAfter;
        var wait = after?.Delta ?? (after?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w && w > TimeSpan.Zero ? (w < MaxRetryAfter ? w : MaxRetryAfter) : null;
    }

    internal static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : "?";

    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Webhook}: delivery {Delivery} failed after {Attempts} attempt(s) and is a dead letter: {Error}")]
    private partial void LogDeadLetter(long webhook, long delivery, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries could not be read or updated now; trying again: {Error}")]
    private partial void LogQueueUnreadable(string error);
}
