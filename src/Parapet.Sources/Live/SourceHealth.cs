using System.Diagnostics.Metrics;
using Parapet.Pipeline;

namespace Parapet.Sources.Live;

/// <summary>
/// What a live source knows about itself: its state, how many events it read and how fast, how far behind the
/// newest event is, and how often it had to reconnect, lost events or failed. Read by <see cref="IReportsStatus"/>
/// and published through System.Diagnostics.Metrics (meter <see cref="MeterName"/>, tag <c>source</c>).
/// </summary>
public sealed class SourceHealth
{
    public const string MeterName = "Parapet.Sources";

    // Events per second is the mean over this many whole seconds, so one burst does not read as a rate.
    private const int RateWindowSeconds = 10;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly long[] _perSecond = new long[RateWindowSeconds];
    private long _bucketSecond;
    private string _state = SourceStates.Connecting;
    private string? _endpoint, _lastError;
    private long _events, _reconnects, _gaps, _errors;
    private long? _cursor;
    private DateTimeOffset? _newest;

    public SourceHealth(string name, TimeProvider time)
    {
        Name = name;
        _time = time;
        _bucketSecond = time.GetUtcNow().ToUnixTimeSeconds();
    }

    public string Name { get; }

    public string State
    {
        get { lock (_lock) { return _state; } }
    }

    public void SetState(string state, string? endpoint = null)
    {
        lock (_lock)
        {
            _state = state;
            _endpoint = endpoint ?? _endpoint;
        }
    }

    /// <summary>One event read; <paramref name="eventTime"/> is when the source says it happened, when it says.</summary>
    public void Event(DateTimeOffset? eventTime, long? cursor = null)
    {
        lock (_lock)
        {
            _events++;
            Advance(_time.GetUtcNow().ToUnixTimeSeconds());
            _perSecond[_bucketSecond % RateWindowSeconds]++;
            if (eventTime is { } t && (_newest is null || t > _newest))
            {
                _newest = t;
            }

            _cursor = cursor ?? _cursor;
        }
    }

    public void Reconnect()
    {
        lock (_lock) { _reconnects++; }
    }

    public void Gap()
    {
        lock (_lock) { _gaps++; }
    }

    public void Error(string message)
    {
        lock (_lock)
        {
            _errors++;
            _lastError = message;
        }
    }

    public SourceStatus Status()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Advance(now.ToUnixTimeSeconds());
            return new SourceStatus
            {
                Name = Name,
                State = _state,
                Endpoint = _endpoint,
                EventsPerSecond = RateLocked(),
                Lag = _newest is { } newest ? now - newest : null,
                Cursor = _cursor,
                Events = _events,
                Reconnects = _reconnects,
                Gaps = _gaps,
                Errors = _errors,
                LastError = _lastError,
            };
        }
    }

    /// <summary>Publishes this source's numbers as instruments of a meter that lives until disposed.</summary>
    public Meter Publish()
    {
        var meter = new Meter(MeterName);
        var tag = new KeyValuePair<string, object?>("source", Name);
        meter.CreateObservableCounter("parapet.source.events", () => new Measurement<long>(Status().Events, tag),
            description: "Events read from the source");
        meter.CreateObservableCounter("parapet.source.reconnects", () => new Measurement<long>(Status().Reconnects, tag),
            description: "Times the source reconnected after a failure, a close or a stall");
        meter.CreateObservableCounter("parapet.source.gaps", () => new Measurement<long>(Status().Gaps, tag),
            description: "Stretches of the stream that may have been missed");
        meter.CreateObservableCounter("parapet.source.errors", () => new Measurement<long>(Status().Errors, tag),
            description: "Connection, protocol and frame errors");
        meter.CreateObservableGauge("parapet.source.events_per_second", () => new Measurement<double>(Status().EventsPerSecond, tag),
            unit: "{event}/s", description: "Events read per second, mean of the last 10 s");
        meter.CreateObservableGauge("parapet.source.lag", () =>
                Status().Lag is { } lag ? [new Measurement<double>(lag.TotalSeconds, tag)] : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Now minus the time of the newest event read");
        meter.CreateObservableGauge("parapet.source.state", () =>
                new Measurement<int>(1, tag, new KeyValuePair<string, object?>("state", State)),
            description: "1, tagged with the source's current state");
        return meter;
    }

    private void Advance(long second)
    {
        if (second <= _bucketSecond)
        {
            return;
        }

        for (var s = _bucketSecond + 1; s <= second && s <= _bucketSecond + RateWindowSeconds; s++)
        {
            _perSecond[s % RateWindowSeconds] = 0;
        }

        _bucketSecond = second;
    }

    // The current second is still filling, so the mean is over the seconds before it.
    private double RateLocked()
    {
        long sum = 0;
        for (var s = _bucketSecond - RateWindowSeconds + 1; s < _bucketSecond; s++)
        {
            sum += _perSecond[((s % RateWindowSeconds) + RateWindowSeconds) % RateWindowSeconds];
        }

        return sum / (double)(RateWindowSeconds - 1);
    }
}

/// <summary>The states a live source reports in <see cref="SourceStatus.State"/>.</summary>
public static class SourceStates
{
    public const string Connecting = "connecting";
    public const string Streaming = "streaming";
    public const string BackingOff = "backing-off";
    public const string Stalled = "stalled";
    public const string Polling = "polling";
    public const string Ended = "ended";
    public const string Failed = "failed";
}
