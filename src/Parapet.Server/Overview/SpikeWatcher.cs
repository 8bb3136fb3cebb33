using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parapet.Storage;

namespace Parapet.Server.Overview;

/// <summary>
/// Looks for volume spikes every minute and stores each as an aggregate alert (one per entity per clock hour),
/// so they stay on the Overview and in the API after the hour has passed.
/// </summary>
internal sealed partial class SpikeWatcher(AggregateQueries queries, SpikeAlerts stored, TimeProvider time, ILogger<SpikeWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    Check(time.GetUtcNow());
                }
                catch (System.Data.Common.DbException e)
                {
                    LogCheckFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stores the spikes found at <paramref name="now"/>; returns the ones new in this hour.</summary>
    internal IReadOnlyList<Spike> Check(DateTimeOffset now)
    {
        var hour = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        var fresh = new List<Spike>();
        foreach (var spike in Spikes.Find(queries, now))
        {
            if (stored.Record(spike.Entity, hour, spike.Mentions, spike.BaselineMean, spike.BaselineSigma, spike.Threshold, now))
            {
                fresh.Add(spike);
                LogSpike(spike.Entity, spike.Mentions, spike.Threshold);
            }
        }

        return fresh;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spike alert: {Entity} has {Mentions} mentions in the last hour (threshold {Threshold})")]
    private partial void LogSpike(string entity, long mentions, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spike check could not read the store now; trying again in a minute: {Error}")]
    private partial void LogCheckFailed(string error);
}
