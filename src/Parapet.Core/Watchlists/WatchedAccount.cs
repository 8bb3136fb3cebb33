using System.Text.RegularExpressions;
using Parapet.Posts;

namespace Parapet.Watchlists;

public enum AccountKind
{
    /// <summary>A Bluesky account by its DID, which never changes.</summary>
    Did,

    /// <summary>A Bluesky account by its handle, which its owner can change: resolved to a DID before it matches.</summary>
    Handle,

    /// <summary>A Mastodon (or other fediverse) account, <c>user@host</c>.</summary>
    Fediverse,
}

/// <summary>One of an organization's own public accounts, as its profile's <c>accounts:</c> lists it.</summary>
/// <param name="Key">The DID, the handle without '@' (lowercase), or <c>user@host</c> (lowercase).</param>
/// <param name="Written">The entry as the watchlist writes it.</param>
public sealed partial record WatchedAccount(AccountKind Kind, string Key, string Written)
{
    /// <summary>How reasons name the account: "@agency.bsky.social", "@agency@mastodon.example", or the DID.</summary>
    public string Display => Kind == AccountKind.Did ? Key : "@" + Key;

    /// <summary>Reads one <c>accounts:</c> entry; null with why when it is none of the accepted forms.</summary>
    public static WatchedAccount? Parse(string written, out string? error)
    {
        error = null;
        var value = written.Trim();
        if (value.StartsWith("did:", StringComparison.Ordinal))
        {
            if (AccountKeys.IsDid(value))
            {
                return new WatchedAccount(AccountKind.Did, value, written);
            }

            error = $"'{written}' is not a valid DID (expected did:method:identifier, e.g. did:plc:…)";
            return null;
        }

        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value, written, out error);
        }

        var bare = value.TrimStart('@');
        if (bare.Contains('@', StringComparison.Ordinal))
        {
            if (value.StartsWith('@') && AccountKeys.Fediverse(bare, null) is { } acct && FediversePattern().IsMatch(acct))
            {
                return new WatchedAccount(AccountKind.Fediverse, acct, written);
            }

            error = $"'{written}' is not a valid fediverse account (expected @user@host)";
            return null;
        }

        if (HandlePattern().IsMatch(bare.ToLowerInvariant()))
        {
            return new WatchedAccount(AccountKind.Handle, bare.ToLowerInvariant(), written);
        }

        error = $"'{written}' is not an account: give a DID (did:plc:…), a Bluesky handle (@agency.bsky.social), "
            + "a fediverse account (@agency@mastodon.example) or a profile URL (https://mastodon.example/@agency)";
        return null;
    }

    private static WatchedAccount? FromUrl(string value, string written, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            error = $"'{written}' is not a valid URL";
            return null;
        }

        // https://bsky.app/profile/<handle or DID>: the address Bluesky shows for an account.
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (uri.Host.Equals("bsky.app", StringComparison.OrdinalIgnoreCase) && segments is ["profile", var who])
        {
            return Parse(Uri.UnescapeDataString(who), out error) is { Kind: not AccountKind.Fediverse } account
                ? account with { Written = written }
                : Fail($"'{written}' does not name a Bluesky account", out error);
        }

        if (AccountKeys.FediverseOfProfileUrl(value) is { } acct && FediversePattern().IsMatch(acct))
        {
            return new WatchedAccount(AccountKind.Fediverse, acct, written);
        }

        return Fail($"'{written}' is not a profile URL (expected https://host/@user or https://bsky.app/profile/<handle>)", out error);
    }

    private static WatchedAccount? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    // The atproto handle syntax: dot-separated labels, at least two, the last not starting with a digit.
    [GeneratedRegex("^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HandlePattern();

    [GeneratedRegex("^[a-z0-9_.-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,}$")]
    private static partial Regex FediversePattern();
}
