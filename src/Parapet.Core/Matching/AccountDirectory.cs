using System.Collections.Concurrent;
using Parapet.Posts;
using Parapet.Watchlists;

namespace Parapet.Matching;

/// <summary>How a post reached a profile: by naming it, or by pointing at one of its accounts.</summary>
public enum MatchVia : byte
{
    Text,

    /// <summary>A direct reply to a post of the account.</summary>
    Reply,

    Mention,
    Quote,

    /// <summary>A reply further down a thread the account started.</summary>
    Thread,
}

/// <summary>What a profile's account turned out to be, and how reasons name it.</summary>
public sealed record KnownAccount(int Profile, WatchedAccount Account, string Display);

/// <summary>
/// The watchlist's own accounts by the key posts point at them with (a DID, <c>user@host</c>). DIDs and fediverse
/// accounts are known from the start; a handle becomes known when it resolves to a DID, at start-up or through
/// the stream's identity events. Once known, a DID stays bound through later handle changes. Only watched
/// accounts are ever kept here; the accounts of posters are never looked up or remembered.
/// Also remembers the accounts' own recent posts, the context a reply to them answers. Thread-safe.
/// </summary>
public sealed class AccountDirectory
{
    private const int OwnPostCapacity = 10_000;

    private readonly ConcurrentDictionary<string, KnownAccount> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Profile, WatchedAccount Account)> _handles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OwnPost> _ownPosts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _ownPostOrder = new();
    private readonly Lock _bindLock = new();
    private volatile byte[][]? _keyBytes;
    private long _sequence;

    private readonly Watchlist _watchlist;

    public AccountDirectory(Watchlist watchlist)
    {
        _watchlist = watchlist;
        for (var p = 0; p < watchlist.Profiles.Count; p++)
        {
            foreach (var account in watchlist.Profiles[p].Accounts)
            {
                if (account.Kind == AccountKind.Handle)
                {
                    _handles[account.Key] = (p, account);
                }
                else
                {
                    _byKey[account.Key] = new KnownAccount(p, account, account.Display);
                }
            }
        }

        IsEmpty = _byKey.IsEmpty && _handles.Count == 0;
    }

    /// <summary>The place of the next item read, for callers that have no line numbers of their own.</summary>
    public long NextOrder() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// What an earlier directory of the same running pipeline learned, for a watchlist that replaced its own: DIDs
    /// bound to handles this watchlist still lists, the names they go by now, and the still-watched accounts' own posts.
    /// </summary>
    public void CarryFrom(AccountDirectory previous)
    {
        lock (_bindLock)
        {
            Interlocked.Exchange(ref _sequence, Interlocked.Read(ref previous._sequence));
            foreach (var (key, known) in previous._byKey)
            {
                if (known.Account.Kind == AccountKind.Handle && _handles.TryGetValue(known.Account.Key, out var watched)
                    && !_byKey.Values.Any(k => k.Account == watched.Account))
                {
                    _byKey[key] = new KnownAccount(watched.Profile, watched.Account, known.Display);
                }
                else if (known.Account.Kind != AccountKind.Handle && _byKey.TryGetValue(key, out var mine))
                {
                    _byKey[key] = mine with { Display = known.Display };
                }
            }

            _keyBytes = null;
        }

        foreach (var id in previous._ownPostOrder)
        {
            if (previous._ownPosts.TryGetValue(id, out var own) && Find(own.Post.Author) is not null && _ownPosts.TryAdd(id, own))
            {
                _ownPostOrder.Enqueue(id);
            }
        }
    }

    /// <summary>No profile lists an account: nothing to look for in a post's references.</summary>
    public bool IsEmpty { get; }

    /// <summary>Configured handles that no DID is bound to yet.</summary>
    public IReadOnlyList<string> UnresolvedHandles
    {
        get
        {
            var bound = _byKey.Values.Where(k => k.Account.Kind == AccountKind.Handle).Select(k => k.Account.Key).ToHashSet();
            return [.. _handles.Keys.Where(h => !bound.Contains(h)).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Every key (DIDs, <c>user@host</c>) a post may point at a watched account with, as known now, in UTF-8.</summary>
    public IReadOnlyList<byte[]> KeyBytes => _keyBytes ??= [.. _byKey.Keys.Select(k => System.Text.Encoding.UTF8.GetBytes(k))];

    public KnownAccount? Find(string? key)
    {
        if (key is null || _byKey.IsEmpty)
        {
            return null;
        }

        if (_byKey.TryGetValue(key, out var known))
        {
            return known;
        }

        // Mastodon writes accounts as it pleases; the directory keeps them lowercase.
        return key.Contains('@', StringComparison.Ordinal) && _byKey.TryGetValue(key.ToLowerInvariant(), out known) ? known : null;
    }

    /// <summary>
    /// What the stream says a DID's handle is now. Binds a watched handle's DID the first time it is seen, and keeps a
    /// bound DID matching (with its new name in reasons) when its handle changes. Returns what changed, or null.
    /// </summary>
    public string? Observe(string did, string? handle)
    {
        if (IsEmpty || !AccountKeys.IsDid(did))
        {
            return null;
        }

        handle = handle?.Trim().TrimStart('@').ToLowerInvariant();
        lock (_bindLock)
        {
            if (_byKey.TryGetValue(did, out var known))
            {
                if (handle is { Length: > 0 } && known.Display != "@" + handle && handle != "handle.invalid")
                {
                    _byKey[did] = known with { Display = "@" + handle };
                    return $"{known.Display} ({did}) is now @{handle}; still watched for profile '{_watchlist.Profiles[known.Profile].Id}'";
                }

                return null;
            }

            return handle is { Length: > 0 } ? Bind(handle, did) : null;
        }
    }

    /// <summary>A handle's DID found at start-up; ignored when the handle is not watched or is bound already.</summary>
    public string? Resolved(string handle, string did)
    {
        if (!AccountKeys.IsDid(did))
        {
            return null;
        }

        lock (_bindLock)
        {
            return Bind(handle.TrimStart('@').ToLowerInvariant(), did);
        }
    }

    private string? Bind(string handle, string did)
    {
        if (!_handles.TryGetValue(handle, out var watched))
        {
            return null;
        }

        // A handle stands for the first DID it was found to be; one that later claims the same handle is not the organization.
        if (_byKey.Values.Any(k => k.Account == watched.Account))
        {
            return null;
        }

        _byKey[did] = new KnownAccount(watched.Profile, watched.Account, watched.Account.Display);
        _keyBytes = null;
        return $"@{handle} is {did}; watched for profile '{_watchlist.Profiles[watched.Profile].Id}'";
    }

    /// <summary>Keeps a watched account's own post as context for replies to it; other authors' posts are not kept.</summary>
    public bool RememberOwnPost(Post post, long order)
    {
        if (Find(post.Author) is null)
        {
            return false;
        }

        if (_ownPosts.TryGetValue(post.Id, out var existing) && existing.Order <= order && existing.DeletedAt is null)
        {
            _ownPosts[post.Id] = existing with { Post = post };
            return true;
        }

        if (_ownPosts.TryAdd(post.Id, new OwnPost(post, order, null)))
        {
            _ownPostOrder.Enqueue(post.Id);
            while (_ownPostOrder.Count > OwnPostCapacity && _ownPostOrder.TryDequeue(out var oldest))
            {
                _ownPosts.TryRemove(oldest, out _);
            }
        }

        return true;
    }

    /// <summary>The post was deleted at its source: it is context for nothing read after <paramref name="order"/>.</summary>
    public void ForgetOwnPost(string id, long order)
    {
        if (_ownPosts.TryGetValue(id, out var own))
        {
            _ownPosts[id] = own with { DeletedAt = order };
        }
    }

    /// <summary>The account is gone at its source: none of its posts is context for what is read after <paramref name="order"/>.</summary>
    public void ForgetAuthor(string author, long order)
    {
        foreach (var (id, own) in _ownPosts)
        {
            if (own.Post.Author == author && own.DeletedAt is null)
            {
                _ownPosts[id] = own with { DeletedAt = order };
            }
        }
    }

    /// <summary>The watched account's post <paramref name="id"/>, if it was read before <paramref name="order"/> and not deleted since.</summary>
    public Post? OwnPostBefore(string? id, long order) =>
        id is not null && _ownPosts.TryGetValue(id, out var own) && own.Order < order && (own.DeletedAt is not { } d || d > order)
            ? own.Post
            : null;

    private sealed record OwnPost(Post Post, long Order, long? DeletedAt);
}
