using Parapet.Analysis.Vader;

namespace Parapet.Analysis.Models;

/// <summary>
/// Sentiment from a model trained on labeled tweets (and Spanish examples), with VADER's lexicon scores as
/// extra features. Thread-safe: buffers are per thread.
/// </summary>
public sealed class ModelSentimentAnalyzer(LinearModel model) : ISentimentAnalyzer
{
    public const int Bits = 17;

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
    }

    public SentimentResult Analyze(string text)
    {
        var (features, active) = t_buffers ??= (NewFeatures(), new HashSet<int>());
        Extract(text, features, active);
        var p = model.Predict(active);
        return SentimentResult.FromScores(p[0], p[1], p[2]);
    }
}
