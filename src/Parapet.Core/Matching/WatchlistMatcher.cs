using Parapet.Posts;
using Parapet.Text;
using Parapet.Watchlists;

namespace Parapet.Matching;

/// <summary>
/// A watched name found in a post: which profile, which kind of name, and where (in tokens). A match through one of
/// the profile's accounts (a reply, quote or mention) stands at no token: <see cref="TokenStart"/> is -1.
/// </summary>
public readonly record struct EntityMatch(int Profile, NameKind Kind, int TokenStart, int TokenCount)
{
    public MatchVia Via { get; init; }

    /// <summary>How reasons name the account a reply, quote or mention points at ("@agency.bsky.social").</summary>
    public string? Account { get; init; }

    public bool IsAccount => Via != MatchVia.Text;

    /// <summary>"reply to @agency's post", "mention of @agency": how the post reached the profile without naming it.</summary>
    public string? Describe() => Via switch
    {
        MatchVia.Reply => $"reply to {Account}'s post",
        MatchVia.Thread => $"reply in {Account}'s thread",
        MatchVia.Quote => $"quote of {Account}'s post",
        MatchVia.Mention => $"mention of {Account}",
        _ => null,
    };
}

/// <summary>What a query filter can ask of a post besides its words; read only when a filter asks.</summary>
/// <param name="References">What the post replies to, quotes and mentions; matched against the profiles' accounts.</param>
public readonly record struct PostContext(string? Lang, string? Source, string? Text, PostReferences? References = null)
{
    public bool HasLink => Text is { } t && (t.Contains("http://", StringComparison.OrdinalIgnoreCase)
        || t.Contains("https://", StringComparison.OrdinalIgnoreCase) || t.Contains("www.", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Finds every watched name in a normalized post with one automaton over words: a trie whose edges are word ids.
/// A token that is not a word of any name is rejected with one hash lookup, so the cost per post depends on
/// the post's length, not on how many names are watched. Names are matched whole-token, which is what makes
/// "HEA" miss "heal" and "Millbrook" miss "Millbrooke".
/// Query terms and exclusions live in the same automaton; a profile's query is evaluated only for a post in
/// which one of its terms was found, so queries cost almost nothing on the posts they cannot match.
/// Thread-safe: it holds no per-post state.
/// </summary>
public sealed class WatchlistMatcher
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordIds;
    private readonly Dictionary<long, int> _edges;
    private readonly Output[]?[] _outputs;
    private readonly Output[]?[] _waiting;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _stems;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _waitingStems;
    private readonly int _shortestStem;
    private readonly int _longestStem;
    private readonly CompiledQuery[] _queries;
    private readonly int[] _queryOfTerm;
    private readonly bool _hasExcludes;
    private readonly bool[] _triggers;

    private WatchlistMatcher(Watchlist watchlist, Builder b)
    {
        Watchlist = watchlist;
        _wordIds = b.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        _edges = b.Edges;
        // A term that cannot wake its query on its own waits apart, unexpanded, until a trigger term wakes it.
        _outputs = [.. b.Outputs.Select(o => o?.Where(x => x.Role != Role.Term || b.Triggers[x.Term]).ToArray() is { Length: > 0 } a ? a : null)];
        _waiting = [.. b.Outputs.Select(o => o?.Where(x => x.Role == Role.Term && !b.Triggers[x.Term]).ToArray() is { Length: > 0 } a ? a : null)];
        _stems = Split(b.Stems, b.Triggers, trigger: true);
        _waitingStems = Split(b.Stems, b.Triggers, trigger: false);
        _shortestStem = b.Stems.Count == 0 ? int.MaxValue : b.Stems.Keys.Min(k => k.Length);
        _longestStem = b.Stems.Count == 0 ? 0 : b.Stems.Keys.Max(k => k.Length);
        _queries = [.. b.Queries];
        _queryOfTerm = [.. b.QueryOfTerm];
        _hasExcludes = b.HasExcludes;
        _triggers = [.. b.Triggers];
        Accounts = new AccountDirectory(watchlist);
    }

    public Watchlist Watchlist { get; }

    /// <summary>The profiles' own accounts, which handle resolution and identity events add to while running.</summary>
    public AccountDirectory Accounts { get; }

    private static Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> Split(Dictionary<string, List<int>> stems, List<bool> triggers, bool trigger) =>
        stems.Select(s => (s.Key, Terms: s.Value.Where(t => triggers[t] == trigger).ToArray()))
            .Where(s => s.Terms.Length > 0)
            .ToDictionary(s => s.Key, s => s.Terms, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    public static WatchlistMatcher Build(Watchlist watchlist)
    {
        var b = new Builder();
        for (var p = 0; p < watchlist.Profiles.Count; p++)
        {
            var profile = watchlist.Profiles[p];
            foreach (var (name, kind) in profile.AllNames())
            {
                b.AddName(name, new Output(Role.Name, p, kind, -1), compactForm: true);
            }

            foreach (var phrase in profile.Excludes)
            {
                b.AddName(phrase, new Output(Role.Exclude, p, NameKind.Alias, -1), compactForm: false);
                b.HasExcludes = true;
            }

            foreach (var query in profile.Queries)
            {
                b.AddQuery(p, QueryParser.Parse(query));
            }
        }

        return new WatchlistMatcher(watchlist, b);
    }

    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="into"/>; returns whether there was one.</summary>
    public bool Match(NormalizedText text, List<EntityMatch> into) => Match(text, into, default);

    public bool Match(NormalizedText text, List<EntityMatch> into, PostContext context)
    {
        var before = into.Count;
        List<Hit>? hits = null;
        List<Hit>? excludes = null;
        List<Hit>? waiting = null;
        for (var start = 0; start < text.TokenCount; start++)
        {
            var node = 0;
            for (var t = start; t < text.TokenCount; t++)
            {
                if (!_wordIds.TryGetValue(text[t], out var wordId) || !_edges.TryGetValue(EdgeKey(node, wordId), out node))
                {
                    break;
                }

                if (_waiting[node] is not null)
                {
                    (waiting ??= []).Add(new Hit(node, start, t + 1));
                }

                if (_outputs[node] is not { } outputs)
                {
                    continue;
                }

                foreach (var o in outputs)
                {
                    switch (o.Role)
                    {
                        case Role.Name:
                            into.Add(new EntityMatch(o.Profile, o.Kind, start, t - start + 1));
                            break;
                        case Role.Term:
                            (hits ??= []).Add(new Hit(o.Term, start, t + 1));
                            break;
                        default:
                            (excludes ??= []).Add(new Hit(o.Profile, start, t + 1));
                            break;
                    }
                }
            }

            if (_longestStem > 0)
            {
                FindStems(text[start], start, ref hits, ref waiting);
            }
        }

        if (excludes is not null)
        {
            Veto(into, before, ref hits, excludes);
        }

        if (hits is not null)
        {
            EvaluateQueries(text, hits, waiting, excludes, into, context);
        }

        if (context.References is { } references && !Accounts.IsEmpty)
        {
            MatchAccounts(references, into);
        }

        return into.Count > before;
    }

    /// <summary>A reply to, quote of or mention of a watched account matches its profile even when the text names nothing.</summary>
    private void MatchAccounts(PostReferences references, List<EntityMatch> into)
    {
        void Add(string? key, MatchVia via)
        {
            if (Accounts.Find(key) is not { } known)
            {
                return;
            }

            // One match per profile and way: a reply to the agency that also mentions it is a reply and a mention.
            foreach (var m in into)
            {
                if (m.Profile == known.Profile && m.Via == via)
                {
                    return;
                }
            }

            into.Add(new EntityMatch(known.Profile, NameKind.Alias, -1, 0) { Via = via, Account = known.Display });
        }

        Add(references.ReplyParentAuthor ?? AccountKeys.DidOfAtUri(references.ReplyParent), MatchVia.Reply);
        var root = references.ReplyRootAuthor ?? AccountKeys.DidOfAtUri(references.ReplyRoot);
        if (Accounts.Find(root) is { } rootAccount
            && !into.Any(m => m.Profile == rootAccount.Profile && m.Via == MatchVia.Reply))
        {
            Add(root, MatchVia.Thread);
        }

        Add(references.QuotedAuthor ?? AccountKeys.DidOfAtUri(references.Quoted), MatchVia.Quote);
        foreach (var mention in references.Mentions)
        {
            Add(mention, MatchVia.Mention);
        }
    }

    private void FindStems(ReadOnlySpan<char> word, int position, ref List<Hit>? hits, ref List<Hit>? waiting)
    {
        for (var length = _shortestStem; length <= Math.Min(_longestStem, word.Length); length++)
        {
            if (_stems.TryGetValue(word[..length], out var terms))
            {
                foreach (var term in terms)
                {
                    (hits ??= []).Add(new Hit(term, position, position + 1));
                }
            }

            if (_waitingStems.TryGetValue(word[..length], out _))
            {
                // Remembered by its length, negated, so the evaluator can look the stem up again if woken.
                (waiting ??= []).Add(new Hit(-length, position, position + 1));
            }
        }
    }

    /// <summary>An exclusion removes the profile's names and query words that stand inside it.</summary>
    private void Veto(List<EntityMatch> into, int before, ref List<Hit>? hits, List<Hit> excludes)
    {
        bool Inside(int profile, int start, int end) =>
            excludes.Any(x => x.Id == profile && x.Start <= start && end <= x.End);

        for (var i = into.Count - 1; i >= before; i--)
        {
            var m = into[i];
            if (Inside(m.Profile, m.TokenStart, m.TokenStart + m.TokenCount))
            {
                into.RemoveAt(i);
            }
        }

        hits?.RemoveAll(h => Inside(_queries[_queryOfTerm[h.Id]].Profile, h.Start, h.End));
    }

    private void EvaluateQueries(NormalizedText text, List<Hit> hits, List<Hit>? waiting, List<Hit>? excludes, List<EntityMatch> into,
        PostContext context)
    {
        // Only a hit on a query's trigger terms (one of which must be present for it to hold) wakes it, so a
        // common word shared by many queries ("office") neither expands nor evaluates them all.
        var woken = new Dictionary<int, List<Hit>>();
        foreach (var hit in hits)
        {
            var query = _queryOfTerm[hit.Id];
            if (!woken.TryGetValue(query, out var own))
            {
                woken[query] = own = [];
            }

            own.Add(hit);
        }

        if (waiting is not null)
        {
            AddWaiting(text, waiting, excludes, woken);
        }

        foreach (var (query, own) in woken)
        {
            var compiled = _queries[query];
            if (compiled.Holds(compiled.Root, own, context))
            {
                foreach (var hit in own)
                {
                    into.Add(new EntityMatch(compiled.Profile, NameKind.Alias, hit.Start, hit.End - hit.Start));
                }
            }
        }
    }

    /// <summary>Adds the waiting terms found in the post to the queries they belong to, if those are awake.</summary>
    private void AddWaiting(NormalizedText text, List<Hit> waiting, List<Hit>? excludes, Dictionary<int, List<Hit>> woken)
    {
        foreach (var w in waiting)
        {
            IEnumerable<int> terms = w.Id >= 0
                ? _waiting[w.Id]!.Select(o => o.Term)
                : _waitingStems.TryGetValue(text[w.Start][..(-w.Id)], out var stemTerms) ? stemTerms : [];
            foreach (var term in terms)
            {
                var query = _queryOfTerm[term];
                if (woken.TryGetValue(query, out var own)
                    && !(excludes is not null && excludes.Any(x => x.Id == _queries[query].Profile && x.Start <= w.Start && w.End <= x.End)))
                {
                    own.Add(new Hit(term, w.Start, w.End));
                }
            }
        }
    }

    private static long EdgeKey(int node, int wordId) => ((long)node << 32) | (uint)wordId;

    private enum Role : byte
    {
        Name,
        Term,
        Exclude,
    }

    private readonly record struct Output(Role Role, int Profile, NameKind Kind, int Term);

    /// <summary>A query term (or, for exclusions, a profile) found at tokens [Start, End).</summary>
    private readonly record struct Hit(int Id, int Start, int End);

    /// <summary>One query of one profile, with its terms numbered as the automaton reports them.</summary>
    private sealed class CompiledQuery(int profile, QueryNode root, Dictionary<QueryNode.Term, int> termIds)
    {
        public int Profile { get; } = profile;
        public QueryNode Root { get; } = root;

        public bool Holds(QueryNode node, List<Hit> hits, PostContext context) => node switch
        {
            QueryNode.Term t => hits.Any(h => h.Id == termIds[t]),
            QueryNode.And a => Holds(a.Left, hits, context) && Holds(a.Right, hits, context),
            QueryNode.Or o => Holds(o.Left, hits, context) || Holds(o.Right, hits, context),
            QueryNode.Not n => !Holds(n.Operand, hits, context),
            QueryNode.Near n => Near(n, hits),
            QueryNode.Filter f => f.Field switch
            {
                "lang" => context.Lang is { } lang && lang.StartsWith(f.Value, StringComparison.OrdinalIgnoreCase),
                "source" => string.Equals(context.Source, f.Value, StringComparison.OrdinalIgnoreCase),
                _ => context.HasLink,
            },
            _ => false,
        };

        /// <summary>Some occurrence of each side with at most n words between them (left first, if ordered).</summary>
        private bool Near(QueryNode.Near near, List<Hit> hits)
        {
            var left = Positions(near.Left, hits);
            var right = Positions(near.Right, hits);
            foreach (var l in left)
            {
                foreach (var r in right)
                {
                    if ((r.Start >= l.End && r.Start - l.End <= near.Distance)
                        || (!near.Ordered && l.Start >= r.End && l.Start - r.End <= near.Distance))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private List<Hit> Positions(QueryNode node, List<Hit> hits)
        {
            var ids = node.Terms().Select(t => termIds[t]).ToHashSet();
            return [.. hits.Where(h => ids.Contains(h.Id))];
        }
    }

    private sealed class Builder
    {
        private readonly NormalizedText _folded = new();

        public Dictionary<string, int> Words { get; } = new(StringComparer.Ordinal);
        public Dictionary<long, int> Edges { get; } = [];
        public List<List<Output>?> Outputs { get; } = [null];
        public Dictionary<string, List<int>> Stems { get; } = new(StringComparer.Ordinal);
        public List<CompiledQuery> Queries { get; } = [];
        public List<int> QueryOfTerm { get; } = [];
        public List<bool> Triggers { get; } = [];
        public bool HasExcludes { get; set; }

        public void AddName(string name, Output output, bool compactForm)
        {
            TextNormalizer.Normalize(name, _folded);
            var tokens = new string[_folded.TokenCount];
            for (var t = 0; t < tokens.Length; t++)
            {
                tokens[t] = _folded[t].ToString();
            }

            if (tokens.Length == 0)
            {
                return;
            }

            Add(tokens, output);
            if (compactForm && tokens.Length > 1)
            {
                // Hashtags and handles write a name without spaces: #HarborEnforcementAgency.
                Add([string.Concat(tokens)], output);
            }
        }

        public void AddQuery(int profile, QueryNode root)
        {
            var index = Queries.Count;
            var ids = new Dictionary<QueryNode.Term, int>(ReferenceEqualityComparer.Instance);
            foreach (var term in root.Terms())
            {
                var id = QueryOfTerm.Count;
                QueryOfTerm.Add(index);
                ids[term] = id;
                if (term.Prefix)
                {
                    if (!Stems.TryGetValue(term.Words[0], out var list))
                    {
                        Stems[term.Words[0]] = list = [];
                    }

                    list.Add(id);
                }
                else
                {
                    Add(term.Words, new Output(Role.Term, profile, NameKind.Alias, id));
                }
            }

            var triggers = Trigger(root) ?? [.. root.Terms()];
            foreach (var term in root.Terms())
            {
                Triggers.Add(triggers.Contains(term));
            }

            Queries.Add(new CompiledQuery(profile, root, ids));
        }

        /// <summary>Terms of which at least one is present whenever the query holds; null if none must be.</summary>
        private static HashSet<QueryNode.Term>? Trigger(QueryNode node)
        {
            switch (node)
            {
                case QueryNode.Term t:
                    return new HashSet<QueryNode.Term>(ReferenceEqualityComparer.Instance) { t };
                case QueryNode.Or o when Trigger(o.Left) is { } l && Trigger(o.Right) is { } r:
                    l.UnionWith(r);
                    return l;
                case QueryNode.And a:
                    return Cheaper(Trigger(a.Left), Trigger(a.Right));
                case QueryNode.Near n:
                    return Cheaper(Trigger(n.Left), Trigger(n.Right));
                default:
                    return null;
            }
        }

        /// <summary>The side that wakes the query least often: fewer terms, fewer wildcards, longer phrases.</summary>
        private static HashSet<QueryNode.Term>? Cheaper(HashSet<QueryNode.Term>? a, HashSet<QueryNode.Term>? b)
        {
            if (a is null || b is null)
            {
                return a ?? b;
            }

            // Without word frequencies: common and short words are frequent, long stems about as rare as words.
            static double Cost(HashSet<QueryNode.Term> s) => s.Sum(t =>
            {
                var first = t.Words[0];
                var cost = QueryParser.IsCommonWord(first) && t.Words.Length == 1 ? 100.0
                    : t.Prefix ? 6.0 / Math.Max(1, first.Length - 2)
                    : first.Length <= 3 ? 3.0 : 1.0;
                return cost / t.Words.Length;
            });
            return Cost(a) <= Cost(b) ? a : b;
        }

        private void Add(ReadOnlySpan<string> tokens, Output output)
        {
            var node = 0;
            foreach (var token in tokens)
            {
                if (!Words.TryGetValue(token, out var wordId))
                {
                    wordId = Words.Count;
                    Words.Add(token, wordId);
                }

                var key = EdgeKey(node, wordId);
                if (!Edges.TryGetValue(key, out var next))
                {
                    next = Outputs.Count;
                    Outputs.Add(null);
                    Edges.Add(key, next);
                }

                node = next;
            }

            var list = Outputs[node] ??= [];
            if (!list.Contains(output))
            {
                list.Add(output);
            }
        }
    }
}
