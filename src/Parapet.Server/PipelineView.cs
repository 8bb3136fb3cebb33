using Parapet.Pipeline;
using Parapet.Server.Alerts;

namespace Parapet.Server;

/// <summary>What the dashboard can see of the pipeline it runs beside: its sources, its counters, its new alerts.</summary>
internal sealed class PipelineView(IReadOnlyList<IPostSource> sources, PipelineMetrics? metrics, LiveAlerts live, DateTimeOffset startedAt)
{
    public IReadOnlyList<IPostSource> Sources => sources;

    /// <summary>Null when the dashboard runs without a pipeline (tests, a read-only look at a store).</summary>
    public PipelineMetrics? Metrics => metrics;

    public LiveAlerts Live => live;

    public DateTimeOffset StartedAt => startedAt;
}