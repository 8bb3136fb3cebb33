using Parapet.Sources.Live;

namespace Parapet.Sources.Rss;

/// <summary>One RSS or Atom feed and how often to poll it.</summary>
public sealed record FeedOptions
{
    public required Uri Url { get; init; }

    /// <summary>Time between polls. Feeds change every few minutes at most; polling faster only costs the publisher.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A feed document larger than this is refused, not read.</summary>
    public int MaxFeedBytes { get; init; } = 10 << 20;

    /// <summary>Waits after failed polls; never longer than <see cref="Interval"/> unless the server asks for longer.</summary>
    public Backoff Backoff { get; init; } = new() { Initial = TimeSpan.FromSeconds(5), Max = TimeSpan.FromMinutes(5) };
}
