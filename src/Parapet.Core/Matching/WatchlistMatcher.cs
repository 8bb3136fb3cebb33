using Parapet.Text;
using Parapet.Watchlists;

namespace Parapet.Matching;

/// <summary>A watched name found in a post: which profile, which kind of name, and where (in tokens).</summary>
public readonly record struct EntityMatch(int Profile, NameKind Kind, int TokenStart, int TokenCount);

/// <summary>
/// Finds every watched name in a normalized post with one automaton over words: a trie whose edges are word ids.
/// A token that is not a word of any name is rejected with one hash lookup, so the cost per post depends on
/// the post's length, not on how many names are watched. Names are matched whole-token, which is what makes
/// "HEA" miss "heal" and "Millbrook" miss "Millbrooke".
/// </summary>
public sealed class WatchlistMatcher
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordIds;
    private readonly Dictionary<long, int> _edges;
    private readonly (int Profile, NameKind Kind)[]?[] _outputs;

    private WatchlistMatcher(Watchlist watchlist, Dictionary<string, int> words, Dictionary<long, int> edges,
        (int, NameKind)[]?[] outputs)
    {
        Watchlist = watchlist;
        _wordIds = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _edges = edges;
        _outputs = outputs;
    }

    public Watchlist Watchlist { get; }

    public static WatchlistMatcher Build(Watchlist watchlist)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<long, int>();
        var outputs = new List<List<(int, NameKind)>?> { null };
        var folded = new NormalizedText();

        void Add(ReadOnlySpan<string> tokens, int profile, NameKind kind)
        {
            var node = 0;
            foreach (var token in tokens)
            {
                if (!words.TryGetValue(token, out var wordId))
                {
                    wordId = words.Count;
                    words.Add(token, wordId);
                }

                var key = EdgeKey(node, wordId);
                if (!edges.TryGetValue(key, out var next))
                {
                    next = outputs.Count;
                    outputs.Add(null);
                    edges.Add(key, next);
                }

                node = next;
            }

            var list = outputs[node] ??= [];
            if (!list.Contains((profile, kind)))
            {
                list.Add((profile, kind));
            }
        }

        for (var p = 0; p < watchlist.Profiles.Count; p++)
        {
            foreach (var (name, kind) in watchlist.Profiles[p].AllNames())
            {
                TextNormalizer.Normalize(name, folded);
                var tokens = new string[folded.TokenCount];
                for (var t = 0; t < tokens.Length; t++)
                {
                    tokens[t] = folded[t].ToString();
                }

                if (tokens.Length == 0)
                {
                    continue;
                }

                Add(tokens, p, kind);
                if (tokens.Length > 1)
                {
                    // Hashtags and handles write a name without spaces: #HarborEnforcementAgency.
                    Add([string.Concat(tokens)], p, kind);
                }
            }
        }

        return new WatchlistMatcher(watchlist, words, edges, [.. outputs.Select(o => o?.ToArray())]);
    }

    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="into"/>; returns whether there was one.</summary>
    public bool Match(NormalizedText text, List<EntityMatch> into)
    {
        var found = false;
        for (var start = 0; start < text.TokenCount; start++)
        {
            var node = 0;
            for (var t = start; t < text.TokenCount; t++)
            {
                if (!_wordIds.TryGetValue(text[t], out var wordId) || !_edges.TryGetValue(EdgeKey(node, wordId), out node))
                {
                    break;
                }

                if (_outputs[node] is { } outputs)
                {
                    foreach (var (profile, kind) in outputs)
                    {
                        into.Add(new EntityMatch(profile, kind, start, t - start + 1));
                    }

                    found = true;
                }
            }
        }

        return found;
    }

    private static long EdgeKey(int node, int wordId) => ((long)node << 32) | (uint)wordId;
}
