using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parapet.Server.Webhooks;
using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary>
/// For a dashboard that runs apart from the pipeline (<c>parapet serve</c>, beside analyze workers): reads the
/// alerts the workers store, as they arrive, into the live queue, and wakes the webhook dispatcher for them.
/// </summary>
internal sealed partial class StoreAlertFeed(AlertRecords alerts, LiveAlerts live, WebhookDispatcher webhooks, TimeProvider time,
    ILogger<StoreAlertFeed> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Alerts already stored are on the queue page; only new ones are pushed.
        long? last = null;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    last ??= alerts.List(new AlertFilter { Limit = 1 }) is [var newest] ? newest.Id : 0;
                    var fresh = alerts.List(new AlertFilter { AfterId = last, Limit = 500 });
                    foreach (var alert in fresh.OrderBy(a => a.Id))
                    {
                        live.Publish(AlertDto.From(alert));
                        last = alert.Id;
                    }

                    if (fresh.Count > 0)
                    {
                        webhooks.Wake();
                    }
                }
                catch (System.Data.Common.DbException e)
                {
                    LogReadFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading new alerts from the store failed; trying again: {Error}")]
    private partial void LogReadFailed(string error);
}
