using Parapet.Text;

namespace Parapet.Analysis.Threats;

/// <summary>
/// A set of short phrases, folded by <see cref="TextNormalizer"/> so that they meet posts in the same form,
/// looked up by their first word. Entries ending in '*' match any word with that prefix ("amenaz*").
/// </summary>
internal sealed class PhraseSet
{
    private readonly Dictionary<string, List<Phrase>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Phrase>>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<(string Prefix, Phrase Phrase)> _prefixes = [];

    public PhraseSet(params string[] phrases)
    {
        var folded = new NormalizedText();
        foreach (var raw in phrases)
        {
            var wildcard = raw.EndsWith('*');
            TextNormalizer.Normalize(wildcard ? raw[..^1] : raw, folded);
            var words = new string[folded.TokenCount];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = folded[i].ToString();
            }

            var phrase = new Phrase(raw.TrimEnd('*'), words, wildcard);
            if (wildcard && words.Length == 1)
            {
                _prefixes.Add((words[0], phrase));
                continue;
            }

            if (!_byFirstWord.TryGetValue(words[0], out var list))
            {
                _byFirstWord[words[0]] = list = [];
            }

            list.Add(phrase);
        }

        foreach (var list in _byFirstWord.Values)
        {
            // Longest first, so "blow up" wins over "blow".
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }

        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The longest phrase that starts at <paramref name="token"/>, or null.</summary>
    public Phrase? MatchAt(NormalizedText text, int token)
    {
        if (_lookup.TryGetValue(text[token], out var candidates))
        {
            foreach (var phrase in candidates)
            {
                if (phrase.Matches(text, token))
                {
                    return phrase;
                }
            }
        }

        foreach (var (prefix, phrase) in _prefixes)
        {
            if (text[token].StartsWith(prefix, StringComparison.Ordinal))
            {
                return phrase;
            }
        }

        return null;
    }

    /// <summary>The first phrase found in tokens [from, to), as (token index, phrase).</summary>
    public (int Token, Phrase Phrase)? FindIn(NormalizedText text, int from, int to)
    {
        for (var t = Math.Max(0, from); t < Math.Min(to, text.TokenCount); t++)
        {
            if (MatchAt(text, t) is { } phrase)
            {
                return (t, phrase);
            }
        }

        return null;
    }

    public bool Contains(NormalizedText text, int from, int to) => FindIn(text, from, to) is not null;

    internal sealed record Phrase(string Display, string[] Words, bool PrefixLast)
    {
        public int Length => Words.Length;

        public bool Matches(NormalizedText text, int token)
        {
            if (token + Words.Length > text.TokenCount)
            {
                return false;
            }

            for (var i = 0; i < Words.Length; i++)
            {
                var word = text[token + i];
                var ok = PrefixLast && i == Words.Length - 1
                    ? word.StartsWith(Words[i], StringComparison.Ordinal)
                    : word.SequenceEqual(Words[i]);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
