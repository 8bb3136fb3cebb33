using Parapet.Analysis.Models;
using Parapet.Analysis.Threats;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Text;
using Parapet.Watchlists;

namespace Parapet.Analysis;

/// <summary>A post with the watched names found in it, ready to classify.</summary>
public sealed record MatchedPost(Post Post, NormalizedText Text, IReadOnlyList<EntityMatch> Matches)
{
    /// <summary>The watched account's own post this one replies to, when it was read before.</summary>
    public Post? Parent { get; init; }
}

/// <summary>What Parapet concluded about one post.</summary>
/// <param name="Entities">Ids of the profiles the post mentions, in watchlist order.</param>
/// <param name="Alert">True only when the post mentions a watched entity and threatens it.</param>
public sealed record PostAnalysis(Post Post, IReadOnlyList<string> Entities, SentimentResult Sentiment, ThreatResult Threat, bool Alert)
{
    /// <summary>Ids of the profiles the threat is aimed at; empty unless <see cref="Alert"/>.</summary>
    public IReadOnlyList<string> AlertEntities { get; init; } = [];

    /// <summary>The watched account's own post this one replies to: what the reply answers, for the analyst.</summary>
    public Post? Parent { get; init; }

    /// <summary>How the post reached profiles through their accounts (a reply, quote or mention), in match order.</summary>
    public IReadOnlyList<AccountLink> Links { get; init; } = [];
}

/// <summary>A post reached profile <paramref name="Entity"/> by replying to, quoting or mentioning <paramref name="Account"/>.</summary>
public sealed record AccountLink(string Entity, MatchVia Via, string Account);

/// <summary>
/// Normalize → match → classify. Matching is the cheap stage that rejects most posts, so it reuses one buffer
/// and allocates only for a post that matched (or that the caller wants classified anyway).
/// Not thread-safe: one instance per stage loop.
/// </summary>
public sealed class PostAnalyzer(WatchlistMatcher matcher, ISentimentAnalyzer sentiment, LinearModel? threatModel = null)
{
    private readonly ThreatDetector _threats = new(matcher.Watchlist, threatModel);
    private NormalizedText _scratch = new();
    private readonly List<EntityMatch> _matches = [];

    public Watchlist Watchlist => matcher.Watchlist;

    /// <summary>The watchlist's own accounts, shared by every analyzer of the same matcher.</summary>
    public AccountDirectory Accounts => matcher.Accounts;

    /// <summary>An analyzer with the models shipped in Parapet (rules and VADER alone where none are).</summary>
    public static PostAnalyzer WithShippedModels(WatchlistMatcher matcher) =>
        new(matcher, ModelSentimentAnalyzer.Shipped, ThreatModel.Shipped);

    /// <summary>The post with its matches, or null when it mentions nothing watched and <paramref name="keepUnmatched"/> is false.</summary>
    /// <param name="order">Where the post stands in its input (a line number); by default, after everything read before.</param>
    public MatchedPost? Match(Post post, bool keepUnmatched = false, long? order = null)
    {
        var accounts = matcher.Accounts;
        var at = order ?? accounts.NextOrder();
        if (!accounts.IsEmpty)
        {
            accounts.RememberOwnPost(post, at);
        }

        _matches.Clear();
        TextNormalizer.Normalize(post.Text, _scratch);
        var context = new PostContext(post.Lang, post.Source, post.Text, post.References);
        if (!matcher.Match(_scratch, _matches, context) && !keepUnmatched)
        {
            return null;
        }

        // The matched post keeps the buffer it was normalized into; the next post gets a fresh one.
        var text = _scratch;
        _scratch = new NormalizedText();
        return new MatchedPost(post, text, [.. _matches])
        {
            Parent = accounts.IsEmpty ? null : accounts.OwnPostBefore(post.References?.ReplyParent, at),
        };
    }

    /// <summary>A post deleted at its source is no longer context for what is read after it.</summary>
    public void Deleted(string postId, long? order = null) => matcher.Accounts.ForgetOwnPost(postId, order ?? matcher.Accounts.NextOrder());

    /// <summary>An account gone at its source leaves no post of its own behind as context.</summary>
    public void AccountGone(string author, long? order = null) => matcher.Accounts.ForgetAuthor(author, order ?? matcher.Accounts.NextOrder());

    public PostAnalysis Classify(MatchedPost matched)
    {
        var threat = _threats.Detect(matched.Post.Text, matched.Text, matched.Matches);
        var alert = threat.IsThreat && threat.Targets.Count > 0;
        return new PostAnalysis(matched.Post, EntityIds(matched.Matches), sentiment.Analyze(matched.Post.Text), threat, alert)
        {
            AlertEntities = alert ? [.. threat.Targets.Order().Select(p => Watchlist.Profiles[p].Id)] : [],
            Parent = matched.Parent,
            Links = [.. matched.Matches.Where(m => m.IsAccount).Select(m => new AccountLink(Watchlist.Profiles[m.Profile].Id, m.Via, m.Account!))],
        };
    }

    public PostAnalysis Analyze(Post post) => Classify(Match(post, keepUnmatched: true)!);

    private List<string> EntityIds(IReadOnlyList<EntityMatch> matches)
    {
        var seen = new bool[Watchlist.Profiles.Count];
        foreach (var m in matches)
        {
            seen[m.Profile] = true;
        }

        var ids = new List<string>();
        for (var p = 0; p < seen.Length; p++)
        {
            if (seen[p])
            {
                ids.Add(Watchlist.Profiles[p].Id);
            }
        }

        return ids;
    }
}
