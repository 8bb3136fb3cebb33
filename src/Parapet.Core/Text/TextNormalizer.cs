using System.Globalization;
using System.Text;

namespace Parapet.Text;

/// <summary>
/// Folds text so that a watchlist name and a post meet in one form: compatibility forms (NFKD), case,
/// diacritics, zero-width and other format characters, leetspeak inside words, look-alike letters from
/// Cyrillic and Greek, and letters spelled out with spaces ("k i l l"). Everything that is not a letter or a
/// digit separates tokens, so hashtags and mentions become plain words.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Runs of at least this many single-letter tokens are joined ("k i l l" → "kill").</summary>
    private const int SpacedLetterRun = 3;

    /// <summary>What one punctuation character adds to the gap between two tokens; a space adds 1.</summary>
    internal const int PunctuationGap = 1000;

    [ThreadStatic]
    private static StringBuilder? t_scratch;

    public static string Normalize(string text)
    {
        var result = new NormalizedText();
        Normalize(text, result);
        return result.ToString();
    }

    public static void Normalize(ReadOnlySpan<char> text, NormalizedText into)
    {
        into.Reset();
        if (!IsAscii(text))
        {
            text = DecomposeByTable(text) is { } folded ? folded.AsSpan(0, t_length) : DecomposeByIcu(text);
        }

        into.EnsureCapacity(text.Length + 1);
        var buffer = into.Buffer;
        var write = 0;
        var sentence = 0;
        var pendingBoundary = false;
        var singleLetters = false;
        var quoted = false;
        var gap = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(c, text, i))
            {
                // Punctuation is counted apart from spaces, so "a b.u.l.l.e.t" joins the dotted letters and not the "a".
                gap += char.IsWhiteSpace(c) ? 1 : PunctuationGap;
                // A dot ends a sentence only before a space or the end: "H.E.A." is one name, "4.5" one number.
                // Nor does the dot of a title: "Dr. Velloway" is one name.
                if (c is '!' or '?' or '\n' or ';' or '¡' or '¿'
                    || (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])) && !AfterTitle(into, text, i)))
                {
                    pendingBoundary = true;
                }

                quoted = QuoteState(text, i, quoted);

                i++;
                continue;
            }

            if (pendingBoundary && into.TokenCount > 0)
            {
                sentence = into.TokenCount;
            }

            pendingBoundary = false;

            var end = i;
            var hasLatin = false;
            var allConfusable = true;
            while (end < text.Length && (IsIgnorable(text[end]) || IsWordChar(text[end], text, end)))
            {
                var ch = text[end];
                if (char.IsLetter(ch))
                {
                    hasLatin |= ch < 0x250;
                    allConfusable &= ch < 0x250 || FoldConfusable(ch) != char.ToLowerInvariant(ch);
                }

                end++;
            }

            var foldLookalike = hasLatin || allConfusable;
            var start = write;
            var afterLetter = false;
            for (var k = i; k < end; k++)
            {
                var ch = text[k];
                if (!IsIgnorable(ch))
                {
                    // Digits are leet only after a letter ("k1ll", "sh00t", "vo55"), never in "9am" or "2nd".
                    // A doubled "1" inside a word is "ll" far more often than "ii": "bu11et", "ki11".
                    buffer[write++] = ch == '1' && afterLetter && ((k + 1 < end && text[k + 1] == '1') || (k > i && text[k - 1] == '1'))
                        ? 'l'
                        : Fold(ch, afterLetter, foldLookalike);
                    afterLetter |= char.IsLetter(ch);
                }
            }

            if (write > start)
            {
                into.AddToken(start, write - start, sentence, quoted, gap);
                gap = 0;
                singleLetters |= write - start == 1;
                buffer[write++] = ' ';
            }

            i = end;
        }

        if (singleLetters)
        {
            into.JoinSingleLetterRuns(SpacedLetterRun);
        }
    }

    /// <summary>Tracks quotation marks; an apostrophe inside a word ("don't") is not one.</summary>
    private static bool QuoteState(ReadOnlySpan<char> text, int i, bool quoted)
    {
        var c = text[i];
        switch (c)
        {
            case '"' or '«' or '»' or '“' or '”' or '„':
                return c switch
                {
                    '“' or '«' or '„' => true,
                    '”' or '»' => false,
                    _ => !quoted,
                };
            case '\'' or '‘' or '’':
                var before = i > 0 && char.IsLetterOrDigit(text[i - 1]);
                var after = i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
                if (before && after)
                {
                    return quoted;
                }

                return after ? true : before ? false : quoted;
            case '\n':
                return false;
            default:
                return quoted;
        }
    }

    private static bool IsAscii(ReadOnlySpan<char> text) => System.Text.Ascii.IsValid(text);

    /// <summary>
    /// The same result as <see cref="DecomposeByIcu"/> for text written in the scripts of the table (Latin, Greek,
    /// Cyrillic, Arabic, Hebrew, general punctuation) and emoji, without a call into ICU per post. Null when the
    /// text has anything else.
    /// </summary>
    private static char[]? DecomposeByTable(ReadOnlySpan<char> text)
    {
        var table = FoldTable.Value;
        var buffer = t_chars is { } b && b.Length >= text.Length + 1 ? b : t_chars = new char[Math.Max(256, text.Length * 2)];
        var write = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                buffer[write++] = c;
            }
            else if (c < TableEnd)
            {
                var folded = table[c];
                if (folded == NeedsIcu)
                {
                    return null;
                }

                if (folded != Dropped)
                {
                    buffer[write++] = folded;
                }
            }
            else if (char.IsHighSurrogate(c) && c is >= '\uD83C' and <= '\uD83E' && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Emoji and pictographs: neither letters nor digits, so a separator like any other.
                buffer[write++] = ' ';
                i++;
            }
            else
            {
                return null;
            }
        }

        buffer[write] = '\0';
        t_length = write;
        return buffer;
    }

    /// <summary>Both ways of decomposing, for checking that the table agrees with ICU.</summary>
    internal static (string? Table, string Icu) DecomposeBothWays(string text) =>
        (DecomposeByTable(text) is { } folded ? new string(folded, 0, t_length) : null, DecomposeByIcu(text));

    private const char TableEnd = '\u2070';
    private const char NeedsIcu = '\uFFFF';
    private const char Dropped = '\0';

    [ThreadStatic]
    private static char[]? t_chars;

    [ThreadStatic]
    private static int t_length;

    /// <summary>Titles written with a dot that does not end a sentence.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Titles = new HashSet<string>(
        ["dr", "dra", "mr", "mrs", "ms", "prof", "sr", "sra", "srta", "lic", "supt", "gov", "sen", "rep", "capt", "sgt", "lt",
         "rev", "fr", "ing"], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The dot at <paramref name="i"/> closes a title the last word was ("Dr.", "Sra.").</summary>
    private static bool AfterTitle(NormalizedText into, ReadOnlySpan<char> text, int i) =>
        i > 0 && char.IsLetter(text[i - 1]) && into.TokenCount > 0 && Titles.Contains(into[into.TokenCount - 1]);

    /// <summary>NFKD minus combining marks of each character below <see cref="TableEnd"/>, computed once.</summary>
    private static readonly Lazy<char[]> FoldTable = new(() =>
    {
        var table = new char[TableEnd];
        for (var c = '\u0080'; c < TableEnd; c++)
        {
            if (char.IsSurrogate(c))
            {
                table[c] = NeedsIcu;
                continue;
            }

            var folded = DecomposeByIcu(c.ToString());
            table[c] = folded.Length switch
            {
                0 => Dropped,
                1 when folded[0] != Dropped && folded[0] != NeedsIcu => folded[0],
                _ => NeedsIcu,
            };
        }

        return table;
    });

    private static string DecomposeByIcu(ReadOnlySpan<char> text)
    {
        string decomposed;
        try
        {
            decomposed = text.ToString().Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalized; drop them and try again.
            var cleaned = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsSurrogate(c))
                {
                    cleaned.Append(c);
                }
            }

            decomposed = cleaned.ToString().Normalize(NormalizationForm.FormKD);
        }

        var sb = t_scratch ??= new StringBuilder();
        sb.Clear();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Zero-width and other invisible format characters vanish without splitting a word.</summary>
    private static bool IsIgnorable(char c) =>
        c >= 0x80 && (c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u180E'
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    private static bool IsWordChar(char c, ReadOnlySpan<char> text, int index)
    {
        if (c < 0x80)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                return true;
            }

            // Leet symbols count as letters only inside a word: "k!ll", "$hoot", "b@stards" but not "@handle".
            return c is '@' or '$' or '!' or '|'
                && index > 0 && char.IsAsciiLetterOrDigit(text[index - 1])
                && index + 1 < text.Length && char.IsAsciiLetter(text[index + 1]);
        }

        return char.IsLetterOrDigit(c);
    }

    private static char Fold(char c, bool leet, bool lookalike)
    {
        if (c < 0x80)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return (char)(c | 0x20);
            }

            if (leet)
            {
                return c switch
                {
                    '0' => 'o',
                    '1' or '!' or '|' => 'i',
                    '3' => 'e',
                    '4' or '@' => 'a',
                    '5' or '$' => 's',
                    '7' => 't',
                    '8' => 'b',
                    '9' => 'g',
                    _ => c,
                };
            }

            return c;
        }

        var lower = char.ToLowerInvariant(c);
        return lookalike ? FoldConfusable(lower) : lower;
    }

    /// <summary>Cyrillic and Greek letters that render like Latin ones.</summary>
    private static char FoldConfusable(char c) => char.ToLowerInvariant(c) switch
    {
        'а' => 'a', 'в' => 'b', 'е' => 'e', 'ё' => 'e', 'к' => 'k', 'м' => 'm', 'н' => 'h', 'о' => 'o', 'р' => 'p',
        'с' => 'c', 'т' => 't', 'у' => 'y', 'х' => 'x', 'і' => 'i', 'ј' => 'j', 'ѕ' => 's', 'һ' => 'h', 'ԁ' => 'd',
        'ԛ' => 'q', 'ԝ' => 'w', 'ɡ' => 'g', 'ı' => 'i',
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'η' => 'n', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ο' => 'o', 'ρ' => 'p',
        'τ' => 't', 'υ' => 'u', 'χ' => 'x', 'ς' => 's',
        var other => other,
    };
}
