namespace Parapet.Text;

/// <summary>
/// A post's text folded into lowercase tokens (see <see cref="TextNormalizer"/>). Reusable: one instance per
/// worker is filled again for every post, so the hot path allocates nothing.
/// </summary>
public sealed class NormalizedText
{
    private char[] _chars = new char[256];
    private Token[] _tokens = new Token[64];

    public int TokenCount { get; private set; }
    public int Length { get; private set; }

    /// <summary>The folded text: tokens separated by single spaces.</summary>
    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, Length);

    public ReadOnlySpan<char> this[int token]
    {
        get
        {
            var t = _tokens[token];
            return _chars.AsSpan(t.Start, t.Length);
        }
    }

    public Token GetToken(int index) => _tokens[index];

    /// <summary>Token index of the sentence each token belongs to (sentence boundaries come from . ! ? and new lines).</summary>
    public int SentenceOf(int token) => _tokens[token].Sentence;

    /// <summary>Whether the token stands inside quotation marks: quoted words are often someone else's.</summary>
    public bool IsQuoted(int token) => _tokens[token].Quoted;

    public override string ToString() => new(Chars);

    internal void Reset()
    {
        TokenCount = 0;
        Length = 0;
    }

    internal void EnsureCapacity(int chars)
    {
        if (_chars.Length < chars)
        {
            Array.Resize(ref _chars, Math.Max(chars, _chars.Length * 2));
        }
    }

    internal Span<char> Buffer => _chars;

    internal void AddToken(int start, int length, int sentence, bool quoted = false, int gap = 1)
    {
        if (TokenCount == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[TokenCount++] = new Token(start, length, sentence, quoted, gap);
        Length = start + length;
    }

    /// <summary>
    /// Joins runs of at least <paramref name="minRun"/> one-letter tokens of one sentence ("k i l l" → "kill"). A
    /// wider gap than the one between the run's letters ends a word: "k i l l  t h e m" is two words.
    /// </summary>
    internal void JoinSingleLetterRuns(int minRun)
    {
        var count = TokenCount;
        var write = 0;
        var outCount = 0;
        var i = 0;
        while (i < count)
        {
            var run = 0;
            while (i + run < count && _tokens[i + run].Length == 1 && char.IsLetter(_chars[_tokens[i + run].Start])
                && _tokens[i + run].Sentence == _tokens[i].Sentence
                && (run == 0 || SameKindNoWider(_tokens[i + run].Gap, RunGap(i, run, count))))
            {
                run++;
            }

            var take = run >= minRun || (run == 2 && SetApart(i, count)) ? run : 1;
            var first = _tokens[i];
            var start = write;
            for (var k = i; k < i + take; k++)
            {
                var t = _tokens[k];
                _chars.AsSpan(t.Start, t.Length).CopyTo(_chars.AsSpan(write));
                write += t.Length;
            }

            // Sentence starts are token indexes, which shift as tokens merge.
            _tokens[outCount++] = new Token(start, write - start, first.Sentence, first.Quoted, first.Gap);
            _chars[write++] = ' ';
            i += take;
        }

        RenumberSentences(count, outCount);
        TokenCount = outCount;
        Length = outCount == 0 ? 0 : write - 1;
    }

    /// <summary>A letter continues a run when what sets it apart is of the same kind (spaces, or punctuation) and no wider.</summary>
    private static bool SameKindNoWider(int gap, int runGap) =>
        gap <= runGap && (gap >= TextNormalizer.PunctuationGap) == (runGap >= TextNormalizer.PunctuationGap);

    /// <summary>The gap between the letters of the run starting at <paramref name="i"/>: its first, or failing that the next one.</summary>
    private int RunGap(int i, int run, int count) =>
        run >= 2 ? _tokens[i + 1].Gap
        : i + 2 < count && _tokens[i + 2].Length == 1 ? _tokens[i + 2].Gap
        : _tokens[i + 1].Gap;

    /// <summary>Two letters closer to each other than to the words around them: "b e" in "w i l l  b e  s h o t".</summary>
    private bool SetApart(int i, int count)
    {
        var inner = _tokens[i + 1].Gap;
        var before = i > 0 ? _tokens[i].Gap : int.MaxValue;
        var after = i + 2 < count ? _tokens[i + 2].Gap : int.MaxValue;
        if (inner >= TextNormalizer.PunctuationGap)
        {
            // "u.p" between spaces: the dot binds closer than any space around it.
            return (i > 0 || i + 2 < count) && before < TextNormalizer.PunctuationGap && after < TextNormalizer.PunctuationGap;
        }

        return (i > 0 || i + 2 < count) && before > inner && after > inner;
    }

    private void RenumberSentences(int before, int after)
    {
        if (before == after)
        {
            return;
        }

        var previous = -1;
        var current = 0;
        for (var i = 0; i < after; i++)
        {
            if (_tokens[i].Sentence != previous)
            {
                previous = _tokens[i].Sentence;
                current = i;
            }

            _tokens[i] = _tokens[i] with { Sentence = current };
        }
    }

    /// <summary>A word: where it stands in the folded text, its sentence, whether it is quoted, and how many characters separated it from the word before.</summary>
    public readonly record struct Token(int Start, int Length, int Sentence, bool Quoted = false, int Gap = 1);
}
