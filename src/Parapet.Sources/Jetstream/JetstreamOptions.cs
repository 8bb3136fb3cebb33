using Parapet.Sources.Live;

namespace Parapet.Sources.Jetstream;

/// <summary>How a Jetstream source connects, resumes and decides that a connection is dead. Defaults suit the public instances.</summary>
public sealed record JetstreamOptions
{
    /// <summary>The four public instances Bluesky runs.</summary>
    public static readonly IReadOnlyList<Uri> PublicEndpoints =
    [
        new("wss://jetstream1.us-east.bsky.network/subscribe"),
        new("wss://jetstream2.us-east.bsky.network/subscribe"),
        new("wss://jetstream1.us-west.bsky.network/subscribe"),
        new("wss://jetstream2.us-west.bsky.network/subscribe"),
    ];

    /// <summary>Tried in order; a failure moves to the next one, round and round.</summary>
    public IReadOnlyList<Uri> Endpoints { get; init; } = PublicEndpoints;

    /// <summary>A connection that delivers no frame for this long is dead. Posts alone arrive many times a second.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far before the last event a reconnect asks to replay from. Each instance stamps its own <c>time_us</c>, so
    /// failing over needs slack; replayed events are written idempotently and add nothing.
    /// </summary>
    public TimeSpan Rewind { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back a Jetstream instance can replay. A cursor older than this has lost events.</summary>
    public TimeSpan ReplayWindow { get; init; } = TimeSpan.FromHours(36);

    /// <summary>Two events further apart than this mean a stretch of the network's posts never reached the instance.</summary>
    public TimeSpan GapThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A frame longer than this is skipped (and counted), not buffered. Same limit as a replayed line.</summary>
    public int MaxFrameBytes { get; init; } = 1 << 20;

    public Backoff Backoff { get; init; } = new();
}
