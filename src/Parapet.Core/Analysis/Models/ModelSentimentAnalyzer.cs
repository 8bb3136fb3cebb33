using System.Buffers;
using Parapet.Analysis.Vader;

namespace Parapet.Analysis.Models;

/// <summary>
/// Sentiment from a model trained on labeled tweets (and Spanish examples), with VADER's lexicon scores as
/// extra features. Thread-safe: buffers are per thread.
/// </summary>
public sealed class ModelSentimentAnalyzer(LinearModel model) : ISentimentAnalyzer
{
    /// <summary>
    /// Tweets hold many distinct words and word pairs; at 17 bits their collisions cost about 0.02 of TweetEval val
    /// macro-recall. 20 bits make a model file of about 2.6 MB.
    /// </summary>
    public const int Bits = 20;

    /// <summary>
    /// Emoticons written with punctuation, which the word normalizer drops. Not ":/" or "D:", which every link
    /// and many a "READ:" hold.
    /// </summary>
    private static readonly SearchValues<string> HappyEmoticons =
        SearchValues.Create([":)", ":-)", ":D", ":-D", ";)", ";-)", "=)", ":p", ":P", "<3", "xD", "XD", ":')"], StringComparison.Ordinal);

    private static readonly SearchValues<string> SadEmoticons =
        SearchValues.Create([":(", ":-(", ":'(", "=(", ":-/"], StringComparison.Ordinal);

    [ThreadStatic]
    private static (TextFeatures Features, HashSet<int> Active)? t_buffers;

    /// <summary>The shipped model when there is one, otherwise VADER alone.</summary>
    public static ISentimentAnalyzer Shipped => LazyShipped.Value;

    private static readonly Lazy<ISentimentAnalyzer> LazyShipped = new(() =>
        ModelResources.Load(ModelResources.SentimentFile) is { } m ? new ModelSentimentAnalyzer(m) : VaderSentimentAnalyzer.Shared);

    public static TextFeatures NewFeatures() => new(Bits, characterGrams: false);

    /// <summary>The features a text is classified on: its words and VADER's reading of it.</summary>
    public static void Extract(string text, TextFeatures features, HashSet<int> into)
    {
        features.Extract(text, into);
        var vader = VaderSentimentAnalyzer.Shared.PolarityScores(text);
        var bucket = (int)Math.Round(vader.Compound * 4);
        features.AddNamed($"vader:{bucket}", into);
        if (vader.Positive > 0)
        {
            features.AddNamed("vader:has-positive", into);
        }

        if (vader.Negative > 0)
        {
            features.AddNamed("vader:has-negative", into);
        }

        // Emoji and emphasis carry much of a tweet's tone, and the word normalizer drops both.
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value >= 0x2600 && System.Text.Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.OtherSymbol)
            {
                features.AddNamed($"emoji:{rune.Value:x}", into);
            }
        }

        if (text.Contains('!', StringComparison.Ordinal))
        {
            features.AddNamed("mark:!", into);
        }

        if (text.Contains('?', StringComparison.Ordinal))
        {
            features.AddNamed("mark:?", into);
        }

        if (text.AsSpan().ContainsAny(HappyEmoticons))
        {
            features.AddNamed("emoticon:happy", into);
        }

        if (text.AsSpan().ContainsAny(SadEmoticons))
        {
            features.AddNamed("emoticon:sad", into);
        }

        var shouted = ShoutedWords(text);
        if (shouted > 0)
        {
            features.AddNamed(shouted > 2 ? "caps:many" : "caps", into);
        }
    }

    /// <summary>Words of three or more capital letters ("TOTALLY UNFAIR"), which the normalizer folds to lower case.</summary>
    private static int ShoutedWords(string text)
    {
        var count = 0;
        var run = 0;
        var allUpper = true;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetter(text[i]))
            {
                run++;
                allUpper &= char.IsUpper(text[i]);
                continue;
            }

            count += run >= 3 && allUpper ? 1 : 0;
            run = 0;
            allUpper = true;
        }

        return count;
    }

    public SentimentResult Analyze(string text)
    {
        var (features, active) = t_buffers ??= (NewFeatures(), new HashSet<int>());
        Extract(text, features, active);
        var p = model.Predict(active);
        return SentimentResult.FromScores(p[0], p[1], p[2]);
    }
}
