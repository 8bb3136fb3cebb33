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
    /// <summary>What the post answers, quotes and mentions, where the source says; null for a post that does none of it.</summary>
    public PostReferences? References { get; init; }
}

/// <summary>
/// The accounts and posts a post points at. Accounts are named by their stable key at the source: a DID on Bluesky,
/// <c>user@host</c> on Mastodon (see <see cref="AccountKeys"/>). Only compared with the watchlist's own accounts, never stored.
/// </summary>
public sealed record PostReferences
{
    /// <summary>The post this one replies to: an <c>at://</c> URI or a Mastodon status id.</summary>
    public string? ReplyParent { get; init; }
    public string? ReplyParentAuthor { get; init; }
    /// <summary>The first post of the thread.</summary>
    public string? ReplyRoot { get; init; }
    public string? ReplyRootAuthor { get; init; }
    /// <summary>The post this one quotes (a Bluesky record embed).</summary>
    public string? Quoted { get; init; }
    public string? QuotedAuthor { get; init; }
    /// <summary>Accounts mentioned: DIDs from richtext mention facets, Mastodon <c>user@host</c>.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    public bool IsEmpty => ReplyParent is null && ReplyParentAuthor is null && ReplyRoot is null && ReplyRootAuthor is null
        && Quoted is null && QuotedAuthor is null && Mentions.Count == 0;
}

/// <summary>How accounts are written down so the same account compares equal wherever it was read.</summary>
public static class AccountKeys
{
    /// <summary>The DID of an <c>at://did/collection/rkey</c> URI, or null when the URI names none.</summary>
    public static string? DidOfAtUri(string? uri)
    {
        if (uri is null || !uri.StartsWith("at://did:", StringComparison.Ordinal))
        {
            return null;
        }

        var end = uri.IndexOf('/', 5);
        var did = end < 0 ? uri[5..] : uri[5..end];
        return IsDid(did) ? did : null;
    }

    /// <summary><c>did:method:identifier</c>, the shape every DID has.</summary>
    public static bool IsDid(string value)
    {
        if (!value.StartsWith("did:", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = value.IndexOf(':', 4);
        if (colon <= 4 || colon == value.Length - 1)
        {
            return false;
        }

        for (var i = 4; i < colon; i++)
        {
            if (value[i] is < 'a' or > 'z')
            {
                return false;
            }
        }

        foreach (var c in value.AsSpan(colon + 1))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '%'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A Mastodon account as <c>user@host</c>, lowercase; a local <c>acct</c> gets the instance's host.</summary>
    public static string? Fediverse(string? acct, string? instanceHost)
    {
        if (string.IsNullOrWhiteSpace(acct))
        {
            return null;
        }

        acct = acct.Trim().TrimStart('@');
        var at = acct.IndexOf('@', StringComparison.Ordinal);
        if (at == 0 || at == acct.Length - 1)
        {
            return null;
        }

        if (at < 0)
        {
            return instanceHost is null ? null : $"{acct}@{instanceHost}".ToLowerInvariant();
        }

        return acct.ToLowerInvariant();
    }

    /// <summary><c>https://host/@user</c> as <c>user@host</c>; null for any other URL.</summary>
    public static string? FediverseOfProfileUrl(string? url)
    {
        if (!System.Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.StartsWith("/@", StringComparison.Ordinal) || path.Length < 3 || path.IndexOf('/', 1) >= 0)
        {
            return null;
        }

        // "/@user@other.host" is how an instance shows a remote account.
        var user = path[2..];
        return user.Contains('@', StringComparison.Ordinal) ? Fediverse(user, null) : Fediverse(user, uri.Host);
    }
}
