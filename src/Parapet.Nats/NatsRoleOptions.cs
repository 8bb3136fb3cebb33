namespace Parapet.Nats;

/// <summary>Where the scaled-out roles meet: one JetStream stream of source lines and one durable pull consumer.</summary>
public sealed record NatsRoleOptions
{
    public const string DefaultUrl = "nats://127.0.0.1:4222";

    public string Url { get; init; } = DefaultUrl;

    public string Stream { get; init; } = "PARAPET";

    /// <summary>Lines are published to <c>{Subject}.{source}</c>.</summary>
    public string Subject { get; init; } = "parapet.lines";

    /// <summary>The analyze workers' shared durable consumer.</summary>
    public string Consumer { get; init; } = "parapet-analyze";

    /// <summary>How long JetStream remembers a message id: a line published again within it is dropped.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long lines stay in the stream, analyzed or not (time for a worker outage to be caught up).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(72);

    /// <summary>A line fetched but not acknowledged within this goes to another worker.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lines a worker fetches, stores in one transaction and then acknowledges.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Publishes awaiting their acknowledgement at once, per ingest process.</summary>
    public int PublishWindow { get; init; } = 512;
}
