using System.Threading.Channels;
using Parapet.Pipeline;

namespace Parapet.Server.Alerts;

/// <summary>
/// The live queue's feed: an alert sink of the pipeline that hands each new alert to every open dashboard.
/// A slow browser loses its oldest unread pushes (the page reloads the list when it reconnects), never the pipeline's time.
/// </summary>
internal sealed class LiveAlerts : IAlertSink
{
    private readonly Lock _gate = new();
    private readonly List<Channel<AlertDto>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public Task EmitAsync(AlertNotice alert, CancellationToken cancellationToken)
    {
        Publish(AlertDto.From(alert));
        return Task.CompletedTask;
    }

    public void Publish(AlertDto alert)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(alert);
            }
        }
    }

    /// <summary>Starts receiving at once; dispose to stop.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<AlertDto>(new BoundedChannelOptions(256)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    internal sealed class Subscription(LiveAlerts owner, Channel<AlertDto> channel) : IDisposable
    {
        public ChannelReader<AlertDto> Reader => channel.Reader;

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._subscribers.Remove(channel);
            }
        }
    }
}
