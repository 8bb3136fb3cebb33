using Parapet.Text;

namespace Parapet.Analysis.Models;

/// <summary>
/// Hashed features of a post's folded text: words, word pairs and, optionally, character n-grams inside words
/// (which carry misspellings, evasions and Spanish word endings). Feature ids are stable across runs and machines:
/// the hash is FNV-1a over the characters, not <see cref="string.GetHashCode()"/>.
/// </summary>
public sealed class TextFeatures(int bits, bool characterGrams)
{
    private readonly int _mask = (1 << bits) - 1;
    private readonly NormalizedText _text = new();

    public int Dimensions => _mask + 1;

    /// <summary>Fills <paramref name="into"/> with distinct feature ids of <paramref name="text"/>.</summary>
    public void Extract(string text, HashSet<int> into)
    {
        into.Clear();
        TextNormalizer.Normalize(text, _text);
        into.Add(Hash("<bias>"));
        Span<char> buffer = stackalloc char[42];
        for (var t = 0; t < _text.TokenCount; t++)
        {
            var word = _text[t];
            into.Add(Hash("w:", word));
            if (t + 1 < _text.TokenCount && _text.SentenceOf(t + 1) == _text.SentenceOf(t))
            {
                into.Add(Hash("b:", word, _text[t + 1]));
            }

            if (characterGrams && word.Length > 3)
            {
                var padded = buffer[..(Math.Min(word.Length, 40) + 2)];
                padded[0] = '<';
                word[..(padded.Length - 2)].CopyTo(padded[1..]);
                padded[^1] = '>';
                for (var n = 3; n <= 5; n++)
                {
                    for (var i = 0; i + n <= padded.Length; i++)
                    {
                        into.Add(Hash("c:", padded.Slice(i, n)));
                    }
                }
            }
        }
    }

    /// <summary>Adds a named feature that does not come from the words (a lexicon score, a length bucket).</summary>
    public void AddNamed(string name, HashSet<int> into) => into.Add(Hash("n:", name));

    /// <summary>The feature id of one word or word pair, to explain a decision in words.</summary>
    public int WordFeature(ReadOnlySpan<char> word) => Hash("w:", word);

    public int PairFeature(ReadOnlySpan<char> first, ReadOnlySpan<char> second) => Hash("b:", first, second);

    /// <summary>Folded words of the text last given to <see cref="Extract"/>.</summary>
    public NormalizedText LastText => _text;

    private int Hash(ReadOnlySpan<char> prefix, ReadOnlySpan<char> a = default, ReadOnlySpan<char> b = default)
    {
        var h = 2166136261u;
        foreach (var c in prefix)
        {
            h = (h ^ c) * 16777619u;
        }

        foreach (var c in a)
        {
            h = (h ^ c) * 16777619u;
        }

        if (!b.IsEmpty)
        {
            h = (h ^ ' ') * 16777619u;
            foreach (var c in b)
            {
                h = (h ^ c) * 16777619u;
            }
        }

        return (int)(h & (uint)_mask);
    }
}
