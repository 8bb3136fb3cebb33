using System.Diagnostics.Metrics;

namespace Parapet.Pipeline;

/// <summary>Per-stage counters, published through System.Diagnostics.Metrics and kept for the closing summary.</summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "Parapet.Pipeline";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _lines, _posts, _matched, _alerts, _badLines, _sinkFailures, _stored, _deletes, _refused;
    private long _lineCount, _postCount, _matchedCount, _alertCount, _badLineCount, _sinkFailureCount, _storedCount, _deleteCount, _refusedCount;

    public PipelineMetrics()
    {
        _lines = _meter.CreateCounter<long>("parapet.pipeline.lines", description: "Raw lines read from sources");
        _posts = _meter.CreateCounter<long>("parapet.pipeline.posts", description: "Posts parsed");
        _matched = _meter.CreateCounter<long>("parapet.pipeline.matched", description: "Posts that mention a watched entity");
        _alerts = _meter.CreateCounter<long>("parapet.pipeline.alerts", description: "New alerts raised");
        _badLines = _meter.CreateCounter<long>("parapet.pipeline.bad_lines", description: "Lines skipped as unreadable");
        _sinkFailures = _meter.CreateCounter<long>("parapet.pipeline.sink_failures", description: "Alert deliveries that failed");
        _stored = _meter.CreateCounter<long>("parapet.pipeline.stored", description: "Store operations committed");
        _deletes = _meter.CreateCounter<long>("parapet.pipeline.deletes", description: "Deletions at source applied");
        _refused = _meter.CreateCounter<long>("parapet.pipeline.refused", description: "Store operations the store refused alone, set aside");
    }

    public long Lines => Interlocked.Read(ref _lineCount);
    public long Posts => Interlocked.Read(ref _postCount);
    public long Matched => Interlocked.Read(ref _matchedCount);
    public long Alerts => Interlocked.Read(ref _alertCount);
    public long BadLines => Interlocked.Read(ref _badLineCount);
    public long SinkFailures => Interlocked.Read(ref _sinkFailureCount);
    public long Stored => Interlocked.Read(ref _storedCount);
    public long Deletes => Interlocked.Read(ref _deleteCount);
    public long Refused => Interlocked.Read(ref _refusedCount);

    internal void Line() => Add(_lines, ref _lineCount, 1);
    internal void Post() => Add(_posts, ref _postCount, 1);
    internal void Match() => Add(_matched, ref _matchedCount, 1);
    internal void Alert() => Add(_alerts, ref _alertCount, 1);
    internal void BadLine() => Add(_badLines, ref _badLineCount, 1);
    internal void SinkFailure() => Add(_sinkFailures, ref _sinkFailureCount, 1);
    internal void StoredOps(int n) => Add(_stored, ref _storedCount, n);
    internal void Delete() => Add(_deletes, ref _deleteCount, 1);
    internal void Refuse(int n) => Add(_refused, ref _refusedCount, n);

    public void Dispose() => _meter.Dispose();

    private static void Add(Counter<long> counter, ref long total, int n)
    {
        Interlocked.Add(ref total, n);
        counter.Add(n);
    }
}
