namespace Parapet.Analysis.Vader;

/// <summary>
/// The reference's <c>SentiText.words_and_emoticons</c>, held as offsets into the caller's text (and into a
/// lower-cased copy of it) so that scoring a post allocates no strings.
/// </summary>
internal readonly ref struct VaderTokens
{
    private readonly ReadOnlySpan<char> _text;
    private readonly ReadOnlySpan<char> _lower;
    private readonly ReadOnlySpan<int> _starts;
    private readonly ReadOnlySpan<int> _lengths;

    private VaderTokens(ReadOnlySpan<char> text, ReadOnlySpan<char> lower, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        _text = text;
        _lower = lower;
        _starts = starts;
        _lengths = lengths;
    }

    public int Count => _starts.Length;

    /// <summary>Upper bound on the token count: a token has at least 2 units and a separator after it.</summary>
    public static int MaxCount(int textLength) => (textLength / 3) + 1;

    /// <summary>The token as written; the rules compare it case-sensitively where the reference does.</summary>
    public ReadOnlySpan<char> this[int index] => _text.Slice(_starts[index], _lengths[index]);

    public ReadOnlySpan<char> Lower(int index) => _lower.Slice(_starts[index], _lengths[index]);

    /// <summary>
    /// Splits on every JavaScript whitespace unit, drops pieces shorter than 2 units, and strips one leading or
    /// trailing affix from <see cref="VaderRules.IsStrippableAffix"/> when what remains is a punctuation-free
    /// word of at least 2 units. That is what the reference's <c>get_words_plus_punc</c> lookup table amounts to:
    /// it maps "p+w" and "w+p" to w for every such word w of the text.
    /// </summary>
    /// <param name="lowerBuffer">At least <paramref name="text"/>.Length units.</param>
    /// <param name="startBuffer">At least <see cref="MaxCount"/> entries; so is <paramref name="lengthBuffer"/>.</param>
    public static VaderTokens Split(ReadOnlySpan<char> text, Span<char> lowerBuffer, Span<int> startBuffer, Span<int> lengthBuffer)
    {
        for (var i = 0; i < text.Length; i++)
        {
            lowerBuffer[i] = VaderRules.ToLower(text[i]);
        }

        var count = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var separator = text[start..].IndexOfAny(VaderRules.JsWhiteSpace);
            var length = separator < 0 ? text.Length - start : separator;
            if (length > 1)
            {
                var (offset, kept) = StripAffix(text.Slice(start, length));
                startBuffer[count] = start + offset;
                lengthBuffer[count] = kept;
                count++;
            }

            start += length + 1;
        }

        return new VaderTokens(text, lowerBuffer[..text.Length], startBuffer[..count], lengthBuffer[..count]);
    }

    private static (int Offset, int Length) StripAffix(ReadOnlySpan<char> token)
    {
        var lead = token.IndexOfAnyExcept(VaderRules.Punctuation);
        if (lead < 0)
        {
            return (0, token.Length);
        }

        var trail = token.Length - 1 - token.LastIndexOfAnyExcept(VaderRules.Punctuation);
        if ((lead == 0) == (trail == 0))
        {
            return (0, token.Length);
        }

        var word = token[lead..^trail];
        var affix = lead > 0 ? token[..lead] : token[^trail..];
        return word.Length > 1 && !word.ContainsAny(VaderRules.Punctuation) && VaderRules.IsStrippableAffix(affix)
            ? (lead, word.Length)
            : (0, token.Length);
    }
}
