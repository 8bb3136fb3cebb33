using Parapet.Sources.Live;

namespace Parapet.Sources.Mastodon;

/// <summary>One Mastodon instance's streaming timeline.</summary>
public sealed record MastodonOptions
{
    /// <summary>The instance, e.g. <c>https://mastodon.social</c>.</summary>
    public required Uri Instance { get; init; }

    /// <summary><c>public</c>, <c>public:local</c>, <c>hashtag</c> or <c>hashtag:local</c>.</summary>
    public string Stream { get; init; } = "public";

    /// <summary>The hashtag, without <c>#</c>, for the hashtag streams.</summary>
    public string? Tag { get; init; }

    /// <summary>A user access token; Mastodon 4.2 and later refuse public streams without one.</summary>
    public string? AccessToken { get; init; }

    /// <summary>The server sends a heartbeat comment every few seconds; this long without a byte means the stream is dead.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>An event longer than this is skipped, not buffered.</summary>
    public int MaxEventBytes { get; init; } = 1 << 20;

    public Backoff Backoff { get; init; } = new();

    public static readonly IReadOnlyList<string> Streams = ["public", "public:local", "hashtag", "hashtag:local"];

    /// <summary>The SSE endpoint of the stream.</summary>
    public Uri StreamUri()
    {
        var path = Stream switch
        {
            "public" => "api/v1/streaming/public",
            "public:local" => "api/v1/streaming/public/local",
            "hashtag" => "api/v1/streaming/hashtag",
            "hashtag:local" => "api/v1/streaming/hashtag/local",
            _ => throw new ArgumentException($"unknown Mastodon stream '{Stream}' (one of {string.Join(", ", Streams)})"),
        };
        if (Stream.StartsWith("hashtag", StringComparison.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(Tag))
            {
                throw new ArgumentException("a hashtag stream needs a tag");
            }

            path += "?tag=" + Uri.EscapeDataString(Tag.TrimStart('#'));
        }

        var root = Instance.GetLeftPart(UriPartial.Authority) + "/";
        return new Uri(new Uri(root), path);
    }
}
