using Parapet.Matching;
using Parapet.Watchlists;

namespace Parapet.Pipeline;

/// <summary>
/// The watchlist a running pipeline matches with, replaceable while it runs (a watchlist saved on the dashboard).
/// Each replacement gets the next generation; the pipeline switches between two posts, never within one.
/// </summary>
public sealed class LiveWatchlist(Watchlist initial)
{
    private readonly Lock _gate = new();
    private volatile Snapshot _current = new(initial, WatchlistMatcher.Build(initial), 0);

    public Watchlist Current => _current.Watchlist;

    public WatchlistMatcher Matcher => _current.Matcher;

    public long Generation => _current.Generation;

    public void Replace(Watchlist next)
    {
        var matcher = WatchlistMatcher.Build(next);
        lock (_gate)
        {
            _current = new Snapshot(next, matcher, _current.Generation + 1);
        }
    }

    private sealed record Snapshot(Watchlist Watchlist, WatchlistMatcher Matcher, long Generation);
}
