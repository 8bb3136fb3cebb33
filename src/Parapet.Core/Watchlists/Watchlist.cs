namespace Parapet.Watchlists;

/// <summary>What a profile's name stands for: the organization itself, one of its sites, or one of its officials.</summary>
public enum NameKind
{
    Alias,
    Place,
    Person,
}

/// <summary>One watched organization: the names it goes by, its own sites and its officials in their public role.</summary>
public sealed record WatchProfile
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> Places { get; init; } = [];
    public IReadOnlyList<string> People { get; init; } = [];

    /// <summary>Query expressions (see <see cref="QueryParser"/>); the profile matches when any of them does.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    /// <summary>Phrases that veto a match of this profile where they stand ("Millbrook Bakery").</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>The organization's own public accounts: a reply to, quote of or mention of one matches the profile.</summary>
    public IReadOnlyList<WatchedAccount> Accounts { get; init; } = [];

    public IEnumerable<(string Name, NameKind Kind)> AllNames() =>
        Aliases.Select(a => (a, NameKind.Alias))
            .Concat(Places.Select(p => (p, NameKind.Place)))
            .Concat(People.Select(p => (p, NameKind.Person)));
}

public sealed record Watchlist(IReadOnlyList<WatchProfile> Profiles)
{
    /// <summary>Things that work but are probably not what was meant (a query too broad, one that can never match).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A watchlist that cannot be used, with every problem found (file, line, what is wrong).</summary>
public sealed class WatchlistException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
