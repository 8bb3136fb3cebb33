using System.Buffers;
using System.Collections.Frozen;

namespace Parapet.Analysis.Vader;

/// <summary>
/// The constants and word lists of vader-sentiment 1.1.3 (src/vaderSentiment.js), plus the few JavaScript
/// string semantics its rules depend on.
/// </summary>
internal static class VaderRules
{
    /// <summary>Empirical mean intensity increase from a booster word ("very").</summary>
    public const double BoosterIncrement = 0.293;

    public const double BoosterDecrement = -0.293;

    /// <summary>Empirical mean intensity increase from writing a word in capitals while others are not.</summary>
    public const double CapsIncrement = 0.733;

    public const double NegationScalar = -0.74;

    public const double ExclamationIncrement = 0.292;

    public const double QuestionIncrement = 0.18;

    public const double ManyQuestionsIncrement = 0.96;

    public const int MaxExclamations = 4;

    public const double NormalizationAlpha = 15;

    private static readonly Dictionary<string, double> BoosterTable = new(StringComparer.Ordinal)
    {
        ["absolutely"] = BoosterIncrement, ["amazingly"] = BoosterIncrement, ["awfully"] = BoosterIncrement,
        ["completely"] = BoosterIncrement, ["considerably"] = BoosterIncrement, ["decidedly"] = BoosterIncrement,
        ["deeply"] = BoosterIncrement, ["effing"] = BoosterIncrement, ["enormously"] = BoosterIncrement,
        ["entirely"] = BoosterIncrement, ["especially"] = BoosterIncrement, ["exceptionally"] = BoosterIncrement,
        ["extremely"] = BoosterIncrement, ["fabulously"] = BoosterIncrement, ["flipping"] = BoosterIncrement,
        ["flippin"] = BoosterIncrement, ["fricking"] = BoosterIncrement, ["frickin"] = BoosterIncrement,
        ["frigging"] = BoosterIncrement, ["friggin"] = BoosterIncrement, ["fully"] = BoosterIncrement,
        ["fucking"] = BoosterIncrement, ["greatly"] = BoosterIncrement, ["hella"] = BoosterIncrement,
        ["highly"] = BoosterIncrement, ["hugely"] = BoosterIncrement, ["incredibly"] = BoosterIncrement,
        ["intensely"] = BoosterIncrement, ["majorly"] = BoosterIncrement, ["more"] = BoosterIncrement,
        ["most"] = BoosterIncrement, ["particularly"] = BoosterIncrement, ["purely"] = BoosterIncrement,
        ["quite"] = BoosterIncrement, ["really"] = BoosterIncrement, ["remarkably"] = BoosterIncrement,
        ["so"] = BoosterIncrement, ["substantially"] = BoosterIncrement, ["thoroughly"] = BoosterIncrement,
        ["totally"] = BoosterIncrement, ["tremendously"] = BoosterIncrement, ["uber"] = BoosterIncrement,
        ["unbelievably"] = BoosterIncrement, ["unusually"] = BoosterIncrement, ["utterly"] = BoosterIncrement,
        ["very"] = BoosterIncrement,
        ["almost"] = BoosterDecrement, ["barely"] = BoosterDecrement, ["hardly"] = BoosterDecrement,
        ["just enough"] = BoosterDecrement, ["kind of"] = BoosterDecrement, ["kinda"] = BoosterDecrement,
        ["kindof"] = BoosterDecrement, ["kind-of"] = BoosterDecrement, ["less"] = BoosterDecrement,
        ["little"] = BoosterDecrement, ["marginally"] = BoosterDecrement, ["occasionally"] = BoosterDecrement,
        ["partly"] = BoosterDecrement, ["scarcely"] = BoosterDecrement, ["slightly"] = BoosterDecrement,
        ["somewhat"] = BoosterDecrement, ["sort of"] = BoosterDecrement, ["sorta"] = BoosterDecrement,
        ["sortof"] = BoosterDecrement, ["sort-of"] = BoosterDecrement,
    };

    // A token never contains a space, so the table splits cleanly into words looked up one token at a time and
    // two-word phrases that only the idiom rule compares against a pair of tokens.
    private static readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> BoostersBySpan = BoosterTable
        .Where(pair => !pair.Key.Contains(' ', StringComparison.Ordinal))
        .ToFrozenDictionary(StringComparer.Ordinal)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    public static readonly Phrase[] BoosterPhrases = BoosterTable.Keys
        .Where(key => key.Contains(' ', StringComparison.Ordinal))
        .Select(key => new Phrase(key.Split(' '), BoosterTable[key]))
        .ToArray();

    public static readonly Phrase[] SpecialCaseIdioms =
    [
        new(["the", "shit"], 3),
        new(["the", "bomb"], 3),
        new(["bad", "ass"], 1.5),
        new(["yeah", "right"], -2),
        new(["cut", "the", "mustard"], 2),
        new(["kiss", "of", "death"], -1.5),
        new(["hand", "to", "mouth"], -2),
    ];

    private static readonly string[] NegationWords =
    [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ];

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NegationsBySpan =
        NegationWords.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>ASCII punctuation, the class the reference strips with <c>REGEX_REMOVE_PUNCTUATION</c>.</summary>
    public static readonly SearchValues<char> Punctuation = SearchValues.Create("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    /// <summary>What JavaScript's <c>\s</c> matches; unlike <see cref="char.IsWhiteSpace(char)"/> it has U+FEFF but not U+0085.</summary>
    public static readonly SearchValues<char> JsWhiteSpace = SearchValues.Create(
        "\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF");

    public static bool TryGetBooster(ReadOnlySpan<char> lowerToken, out double scalar) =>
        BoostersBySpan.TryGetValue(lowerToken, out scalar);

    public static bool IsBooster(ReadOnlySpan<char> lowerToken) => BoostersBySpan.ContainsKey(lowerToken);

    /// <summary>The reference's <c>negated([word])</c>: an exact, case-sensitive list match or any "n't".</summary>
    public static bool IsNegation(ReadOnlySpan<char> token) =>
        NegationsBySpan.Contains(token) || token.Contains("n't", StringComparison.Ordinal);

    /// <summary>
    /// Affixes the reference strips from a token (its <c>PUNC_LIST</c>); anything else, such as "..." or "!!!!",
    /// stays attached and keeps the token out of the lexicon.
    /// </summary>
    public static bool IsStrippableAffix(ReadOnlySpan<char> affix) =>
        affix is "." or "!" or "?" or "," or ";" or ":" or "-" or "'" or "\""
            or "!!" or "!!!" or "??" or "???" or "?!?" or "!?!" or "?!?!" or "!?!?";

    /// <summary>
    /// Lower-cases one UTF-16 unit. Every key the rules compare against is ASCII, and the only non-ASCII unit
    /// whose JavaScript lower case is pure ASCII is the Kelvin sign, which <see cref="char.ToLowerInvariant"/>
    /// also maps to 'k'; so per-unit mapping decides every match exactly as <c>toLowerCase()</c> does.
    /// </summary>
    public static char ToLower(char c) =>
        c < 0x80 ? (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c) : char.ToLowerInvariant(c);

    /// <summary>
    /// Python's <c>str.isupper</c> as the reference emulates it (<c>/^[^a-z]*[A-Z]+[^a-z]*$/</c>): at least one
    /// ASCII capital and no ASCII small letter, so ":)" is not upper case and ":)WORD" is.
    /// </summary>
    public static bool IsUpper(ReadOnlySpan<char> token)
    {
        // A plain loop because MemoryExtensions.ContainsAnyInRange allocated on every call for short tokens.
        var hasCapital = false;
        foreach (var c in token)
        {
            if (char.IsAsciiLetterLower(c))
            {
                return false;
            }

            hasCapital |= char.IsAsciiLetterUpper(c);
        }

        return hasCapital;
    }

    /// <summary>
    /// <c>parseFloat(value.toFixed(digits))</c>: toFixed rounds the exact binary value (so 0.1235 becomes 0.123,
    /// because that double lies just below the midpoint) and breaks true ties away from zero, which
    /// <see cref="Math.Round(double, int, MidpointRounding)"/> does not reproduce.
    /// </summary>
    public static double RoundLikeToFixed(double value, int digits)
    {
        var scale = digits switch
        {
            3 => 1e3,
            4 => 1e4,
            _ => Math.Pow(10, digits),
        };
        var magnitude = Math.Abs(value);
        var scaled = magnitude * scale;

        // The product's rounding error is exactly representable, so scaled + error is the exact product and
        // ties can be told apart from values a hair either side of them.
        var error = Math.FusedMultiplyAdd(magnitude, scale, -scaled);
        var floor = Math.Floor(scaled);
        var fraction = scaled - floor;
        var units = fraction > 0.5 || (fraction == 0.5 && error >= 0) ? floor + 1 : floor;
        if (units == 0)
        {
            // toFixed keeps the sign of a negative value that rounds to zero; -0 only reads badly downstream.
            return 0;
        }

        var rounded = units / scale;
        return value < 0 ? -rounded : rounded;
    }

    /// <summary>A run of consecutive tokens that the rules match as a unit, case-sensitively.</summary>
    internal sealed record Phrase(string[] Words, double Valence);
}
