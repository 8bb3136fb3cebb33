using System.Buffers;

namespace Parapet.Analysis.Vader;

/// <summary>
/// VADER (Hutto &amp; Gilbert 2014), ported rule for rule from vader-sentiment 1.1.3's
/// <c>SentimentIntensityAnalyzer.polarity_scores</c>, with that package's lexicon. Stateless after construction,
/// so one instance serves every thread.
/// </summary>
public sealed class VaderSentimentAnalyzer : ISentimentAnalyzer
{
    /// <summary>VADER's customary cut-off: compound at or beyond ±0.05 is positive or negative.</summary>
    internal const double LabelThreshold = 0.05;

    /// <summary>Steepness of the compound-to-scores mapping in <see cref="ToSentimentResult"/>.</summary>
    internal const double MappingSteepness = 10;

    // Short posts are the common case; keep their scratch space on the stack and rent only for long ones.
    private const int StackTextLimit = 512;

    private static readonly Lazy<VaderSentimentAnalyzer> SharedInstance =
        new(() => new VaderSentimentAnalyzer(VaderLexicon.LoadEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly VaderLexicon _lexicon;

    internal VaderSentimentAnalyzer(VaderLexicon lexicon) => _lexicon = lexicon;

    /// <summary>The analyzer over the embedded lexicon, which is read on first use.</summary>
    public static VaderSentimentAnalyzer Shared => SharedInstance.Value;

    public SentimentResult Analyze(string text) => ToSentimentResult(PolarityScores(text).Compound);

    public VaderScores PolarityScores(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        char[]? rentedLower = null;
        int[]? rentedOffsets = null;
        double[]? rentedSentiments = null;
        try
        {
            var maxTokens = VaderTokens.MaxCount(text.Length);
            Span<char> lower = text.Length <= StackTextLimit
                ? stackalloc char[StackTextLimit]
                : rentedLower = ArrayPool<char>.Shared.Rent(text.Length);
            Span<int> offsets = maxTokens * 2 <= StackTextLimit / 2
                ? stackalloc int[StackTextLimit / 2]
                : rentedOffsets = ArrayPool<int>.Shared.Rent(maxTokens * 2);
            var tokens = VaderTokens.Split(text, lower, offsets[..maxTokens], offsets.Slice(maxTokens, maxTokens));
            if (tokens.Count == 0)
            {
                return default;
            }

            Span<double> sentiments = tokens.Count <= StackTextLimit / 4
                ? stackalloc double[StackTextLimit / 4]
                : rentedSentiments = ArrayPool<double>.Shared.Rent(tokens.Count);
            sentiments = sentiments[..tokens.Count];

            var capsDifferential = HasCapsDifferential(tokens);
            for (var i = 0; i < tokens.Count; i++)
            {
                var isKindOf = i < tokens.Count - 1 && tokens.Lower(i) is "kind" && tokens.Lower(i + 1) is "of";
                sentiments[i] = isKindOf || VaderRules.IsBooster(tokens.Lower(i))
                    ? 0
                    : SentimentValence(tokens, i, capsDifferential);
            }

            ButCheck(tokens, sentiments);
            return ScoreValence(sentiments, text);
        }
        finally
        {
            if (rentedLower is not null)
            {
                ArrayPool<char>.Shared.Return(rentedLower);
            }

            if (rentedOffsets is not null)
            {
                ArrayPool<int>.Shared.Return(rentedOffsets);
            }

            if (rentedSentiments is not null)
            {
                ArrayPool<double>.Shared.Return(rentedSentiments);
            }
        }
    }

    /// <summary>
    /// Turns VADER's compound into the three scores <see cref="ISentimentAnalyzer"/> reports. They are a softmax
    /// over the logits k(c − t) for positive, k(t − |c|) for neutral and k(−c − t) for negative (c the compound,
    /// t = 0.05, k = 10): positive and neutral logits cross exactly at c = t and negative and neutral at c = −t,
    /// so the largest score always belongs to VADER's threshold label (ties only on the thresholds themselves,
    /// where <see cref="SentimentResult.FromScores"/> picks the same label), and a wordless post still reads
    /// about 0.58 neutral rather than a flat third.
    /// </summary>
    internal static SentimentResult ToSentimentResult(double compound)
    {
        var label = compound >= LabelThreshold ? SentimentLabel.Positive
            : compound <= -LabelThreshold ? SentimentLabel.Negative
            : SentimentLabel.Neutral;

        var positiveLogit = MappingSteepness * (compound - LabelThreshold);
        var neutralLogit = MappingSteepness * (LabelThreshold - Math.Abs(compound));
        var negativeLogit = MappingSteepness * (-compound - LabelThreshold);
        var max = Math.Max(positiveLogit, Math.Max(neutralLogit, negativeLogit));
        var positive = Math.Exp(positiveLogit - max);
        var neutral = Math.Exp(neutralLogit - max);
        var negative = Math.Exp(negativeLogit - max);
        var total = positive + neutral + negative;
        return new SentimentResult(label, negative / total, neutral / total, positive / total);
    }

    private static bool HasCapsDifferential(in VaderTokens tokens)
    {
        var upper = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (VaderRules.IsUpper(tokens[i]))
            {
                upper++;
            }
        }

        // Shouting only stands out when some, but not all, words are in capitals.
        return upper > 0 && upper < tokens.Count;
    }

    private double SentimentValence(in VaderTokens tokens, int index, bool capsDifferential)
    {
        if (!_lexicon.TryGetValence(tokens.Lower(index), out var valence))
        {
            return 0;
        }

        if (capsDifferential && VaderRules.IsUpper(tokens[index]))
        {
            valence += valence > 0 ? VaderRules.CapsIncrement : -VaderRules.CapsIncrement;
        }

        for (var distance = 0; distance < 3; distance++)
        {
            var preceding = index - (distance + 1);
            if (preceding < 0 || _lexicon.Contains(tokens.Lower(preceding)))
            {
                continue;
            }

            // Boosters further from the word count for less.
            var scalar = ScalarIncDec(tokens, preceding, valence, capsDifferential);
            if (distance == 1 && scalar != 0)
            {
                scalar *= 0.95;
            }
            else if (distance == 2 && scalar != 0)
            {
                scalar *= 0.9;
            }

            valence += scalar;
            valence = NeverCheck(tokens, valence, distance, index);
            if (distance == 2)
            {
                valence = IdiomsCheck(tokens, valence, index);
            }
        }

        return LeastCheck(tokens, valence, index);
    }

    private static double ScalarIncDec(in VaderTokens tokens, int index, double valence, bool capsDifferential)
    {
        if (!VaderRules.TryGetBooster(tokens.Lower(index), out var scalar))
        {
            return 0;
        }

        if (valence < 0)
        {
            scalar = -scalar;
        }

        if (capsDifferential && VaderRules.IsUpper(tokens[index]))
        {
            scalar += valence > 0 ? VaderRules.CapsIncrement : -VaderRules.CapsIncrement;
        }

        return scalar;
    }

    /// <summary>
    /// Negation within three words, case-sensitive like the reference. The distance-2 branch keeps the
    /// reference's grouping, which also boosts by 1.25 whenever the word right before is "so" or "this".
    /// </summary>
    private static double NeverCheck(in VaderTokens tokens, double valence, int distance, int index)
    {
        switch (distance)
        {
            case 0:
                if (VaderRules.IsNegation(tokens[index - 1]))
                {
                    valence *= VaderRules.NegationScalar;
                }

                break;
            case 1:
                if (tokens[index - 2] is "never" && IsSoOrThis(tokens[index - 1]))
                {
                    valence *= 1.5;
                }
                else if (VaderRules.IsNegation(tokens[index - 2]))
                {
                    valence *= VaderRules.NegationScalar;
                }

                break;
            case 2:
                if ((tokens[index - 3] is "never" && IsSoOrThis(tokens[index - 2])) || IsSoOrThis(tokens[index - 1]))
                {
                    valence *= 1.25;
                }
                else if (VaderRules.IsNegation(tokens[index - 3]))
                {
                    valence *= VaderRules.NegationScalar;
                }

                break;
        }

        return valence;
    }

    private static bool IsSoOrThis(ReadOnlySpan<char> token) => token is "so" or "this";

    /// <summary>Only reached with index ≥ 3, so every look-back below is in range.</summary>
    private static double IdiomsCheck(in VaderTokens tokens, double valence, int index)
    {
        // The reference tries these windows in this order and stops at the first idiom.
        ReadOnlySpan<(int First, int Length)> behind =
        [
            (index - 1, 2),
            (index - 2, 3),
            (index - 2, 2),
            (index - 3, 3),
            (index - 3, 2),
        ];
        foreach (var (first, length) in behind)
        {
            if (TryMatchPhrase(tokens, first, length, VaderRules.SpecialCaseIdioms, out var idiom))
            {
                valence = idiom;
                break;
            }
        }

        if (tokens.Count - 1 > index && TryMatchPhrase(tokens, index, 2, VaderRules.SpecialCaseIdioms, out var ahead))
        {
            valence = ahead;
        }

        if (tokens.Count - 1 > index + 1 && TryMatchPhrase(tokens, index, 3, VaderRules.SpecialCaseIdioms, out ahead))
        {
            valence = ahead;
        }

        if (TryMatchPhrase(tokens, index - 3, 2, VaderRules.BoosterPhrases, out _)
            || TryMatchPhrase(tokens, index - 2, 2, VaderRules.BoosterPhrases, out _))
        {
            valence += VaderRules.BoosterDecrement;
        }

        return valence;
    }

    private static bool TryMatchPhrase(in VaderTokens tokens, int first, int length, VaderRules.Phrase[] phrases, out double valence)
    {
        foreach (var phrase in phrases)
        {
            if (phrase.Words.Length != length)
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < length && matches; i++)
            {
                matches = tokens[first + i].SequenceEqual(phrase.Words[i]);
            }

            if (matches)
            {
                valence = phrase.Valence;
                return true;
            }
        }

        valence = 0;
        return false;
    }

    private double LeastCheck(in VaderTokens tokens, double valence, int index)
    {
        if (index == 0 || tokens.Lower(index - 1) is not "least" || _lexicon.Contains("least"))
        {
            return valence;
        }

        // "at least" and "very least" are not negations; a sentence-initial "least" always is.
        return index > 1 && tokens.Lower(index - 2) is "at" or "very"
            ? valence
            : valence * VaderRules.NegationScalar;
    }

    /// <summary>A contrastive "but" halves what comes before it and weights what follows by 1.5.</summary>
    private static void ButCheck(in VaderTokens tokens, Span<double> sentiments)
    {
        var butIndex = IndexOf(tokens, "but");
        if (butIndex < 0)
        {
            butIndex = IndexOf(tokens, "BUT");
        }

        if (butIndex < 0)
        {
            return;
        }

        for (var i = 0; i < sentiments.Length; i++)
        {
            if (i < butIndex)
            {
                sentiments[i] *= 0.5;
            }
            else if (i > butIndex)
            {
                sentiments[i] *= 1.5;
            }
        }
    }

    private static int IndexOf(in VaderTokens tokens, string token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].SequenceEqual(token))
            {
                return i;
            }
        }

        return -1;
    }

    private static VaderScores ScoreValence(ReadOnlySpan<double> sentiments, ReadOnlySpan<char> text)
    {
        var sum = 0.0;
        foreach (var sentiment in sentiments)
        {
            sum += sentiment;
        }

        var emphasis = PunctuationEmphasis(text);
        if (sum > 0)
        {
            sum += emphasis;
        }
        else if (sum < 0)
        {
            sum -= emphasis;
        }

        var compound = Normalize(sum);

        var positiveSum = 0.0;
        var negativeSum = 0.0;
        var neutralCount = 0;
        foreach (var sentiment in sentiments)
        {
            // The ±1 offsets put a sentiment-laden word on the same footing as a neutral one, which counts 1.
            if (sentiment > 0)
            {
                positiveSum += sentiment + 1;
            }
            else if (sentiment < 0)
            {
                negativeSum += sentiment - 1;
            }
            else
            {
                neutralCount++;
            }
        }

        if (positiveSum > Math.Abs(negativeSum))
        {
            positiveSum += emphasis;
        }
        else if (positiveSum < Math.Abs(negativeSum))
        {
            negativeSum -= emphasis;
        }

        var total = positiveSum + Math.Abs(negativeSum) + neutralCount;
        return new VaderScores(
            Negative: VaderRules.RoundLikeToFixed(Math.Abs(negativeSum / total), 3),
            Neutral: VaderRules.RoundLikeToFixed(Math.Abs(neutralCount / total), 3),
            Positive: VaderRules.RoundLikeToFixed(Math.Abs(positiveSum / total), 3),
            Compound: VaderRules.RoundLikeToFixed(compound, 4));
    }

    /// <summary>Up to four '!' add emphasis, and so do two or more '?', anywhere in the text.</summary>
    private static double PunctuationEmphasis(ReadOnlySpan<char> text)
    {
        var exclamations = Math.Min(text.Count('!'), VaderRules.MaxExclamations);
        var questions = text.Count('?');
        var questionEmphasis = questions <= 1 ? 0
            : questions <= 3 ? questions * VaderRules.QuestionIncrement
            : VaderRules.ManyQuestionsIncrement;
        return (exclamations * VaderRules.ExclamationIncrement) + questionEmphasis;
    }

    /// <summary>Maps an unbounded valence sum into [-1, 1]; alpha approximates the largest expected sum.</summary>
    private static double Normalize(double score)
    {
        var normalized = score / Math.Sqrt((score * score) + VaderRules.NormalizationAlpha);
        return Math.Clamp(normalized, -1.0, 1.0);
    }
}
