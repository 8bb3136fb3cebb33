using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parapet.Pipeline;

namespace Parapet.Server.Metrics;

/// <summary>
/// Prometheus text format for Parapet's meters: a <see cref="MeterListener"/> sums every counter of a
/// <c>Parapet.*</c> meter, and each scrape adds the sources' own status.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, (string Help, double Value)> _counters = new(StringComparer.Ordinal);

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Parapet.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, _, _) => Add(i, v));
        _listener.SetMeasurementEventCallback<int>((i, v, _, _) => Add(i, v));
        _listener.SetMeasurementEventCallback<double>((i, v, _, _) => Add(i, v));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value) =>
        _counters.AddOrUpdate(Name(instrument.Name), (instrument.Description ?? "", value), (_, old) => (old.Help, old.Value + value));

    public string Scrape(PipelineView pipeline)
    {
        _listener.RecordObservableInstruments();
        var sb = new StringBuilder();
        foreach (var (name, (help, value)) in _counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"# HELP {name}_total {help}\n# TYPE {name}_total counter\n{name}_total {value}\n");
        }

        var statuses = pipeline.Sources.OfType<IReportsStatus>().Select(s => s.Status()).ToList();
        Gauge(sb, "parapet_source_up", "1 when the source is streaming or polling", statuses, s => s.State is "streaming" or "polling" ? 1 : 0);
        Gauge(sb, "parapet_source_events", "Events read by the source", statuses, s => s.Events);
        Gauge(sb, "parapet_source_reconnects", "Reconnects of the source", statuses, s => s.Reconnects);
        Gauge(sb, "parapet_source_gaps", "Gaps the source detected in its stream", statuses, s => s.Gaps);
        Gauge(sb, "parapet_source_errors", "Errors of the source", statuses, s => s.Errors);
        Gauge(sb, "parapet_source_lag_seconds", "Now minus the newest event's time", statuses.Where(s => s.Lag is not null).ToList(), s => s.Lag!.Value.TotalSeconds);
        Gauge(sb, "parapet_live_subscribers", "Open live alert queues", [new SourceStatus { Name = "dashboard", State = "" }], _ => pipeline.Live.Subscribers);
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, IReadOnlyList<SourceStatus> statuses, Func<SourceStatus, double> value)
    {
        if (statuses.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
        foreach (var s in statuses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}{{source=\"{Label(s.Name)}\"}} {value(s)}\n");
        }
    }

    private static string Name(string instrument) => new([.. instrument.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static string Label(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public void Dispose() => _listener.Dispose();
}

internal static class MetricsEndpoints
{
    public static void MapMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/metrics", (PrometheusExporter exporter, PipelineView pipeline) =>
            TypedResults.Text(exporter.Scrape(pipeline), "text/plain; version=0.0.4; charset=utf-8")).ExcludeFromDescription();
}
