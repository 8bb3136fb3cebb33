namespace Parapet.Posts;

/// <summary>A public post, as every source hands it to the pipeline.</summary>
public sealed record Post
{
    /// <summary>The source's own id: an <c>at://</c> URI, a status URL, a feed item id. The idempotency key.</summary>
    public required string Id { get; init; }
    public required string Text { get; init; }
    public string? Lang { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The author's identifier at the source. Kept only on posts that raise an alert.</summary>
    public string? Author { get; init; }
    public string? Uri { get; init; }
    /// <summary>Which kind of source produced it: replay, bluesky, mastodon, rss.</summary>
    public string Source { get; init; } = "replay";
    /// <summary>A new version of a post the source sent before (a Bluesky record update, a Mastodon edit).</summary>
    public bool Edited { get; init; }
}
