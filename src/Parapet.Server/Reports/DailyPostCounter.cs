using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parapet.Storage;

namespace Parapet.Server.Reports;

/// <summary>
/// Posts seen are counted by the pipeline in memory (the store keeps only matched posts); this adds them to the
/// store's daily totals every minute and at shutdown, so the transparency report can tell them.
/// </summary>
internal sealed partial class DailyPostCounter(PipelineView pipeline, AggregateQueries queries, TimeProvider time, ILogger<DailyPostCounter> logger)
    : BackgroundService
{
    private long _recorded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (pipeline.Metrics is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down; StopAsync flushes the rest.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Flush();
    }

    internal void Flush()
    {
        if (pipeline.Metrics is not { } metrics)
        {
            return;
        }

        var seen = metrics.Posts;
        try
        {
            queries.AddDaily("posts_seen", seen - _recorded, time.GetUtcNow());
            _recorded = seen;
        }
        catch (System.Data.Common.DbException e)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not add the posts seen to the daily totals; will try again")]
    private static partial void LogFlushFailed(ILogger logger, Exception e);
}
