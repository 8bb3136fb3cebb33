namespace Parapet.Analysis.Models;

/// <summary>
/// How much a text reads like a threat, learned from the project's corpus. It knows nothing of targets: the
/// detector decides at whom a threat is aimed. Not thread-safe (it reuses buffers): one per analyzer.
/// </summary>
public sealed class ThreatModel(LinearModel model)
{
    public const int Bits = 21;

    private readonly TextFeatures _features = NewFeatures();
    private readonly HashSet<int> _active = [];

    public double Threshold => model.Threshold;

    /// <summary>The trained weights shipped with Parapet, shared read-only by every analyzer; null before training.</summary>
    public static LinearModel? Shipped => LazyShipped.Value;

    private static readonly Lazy<LinearModel?> LazyShipped = new(() => ModelResources.Load(ModelResources.ThreatFile));

    // Character n-grams memorize the names of the organizations in the corpus; folds by organization score better without them.
    public static TextFeatures NewFeatures() => new(Bits, characterGrams: false);

    public double Score(string text)
    {
        Featurize(text, _features, _active);
        return model.Predict(_active)[0];
    }

    /// <summary>The features the model reads: the words of the text and what the rules' lexicons see in it.</summary>
    public static void Featurize(string text, TextFeatures features, HashSet<int> into)
    {
        features.Extract(EmojiAsWords(text), into);
        ThreatCueFeatures.Add(features, into);
    }

    /// <summary>The words of the last scored text that pushed it most toward "threat", for the analyst.</summary>
    public IReadOnlyList<string> Cues(int count)
    {
        var text = _features.LastText;
        var scored = new List<(double Weight, string Words)>();
        for (var t = 0; t < text.TokenCount; t++)
        {
            scored.Add((model.Weight(0, _features.WordFeature(text[t])), text[t].ToString()));
            if (t + 1 < text.TokenCount)
            {
                scored.Add((model.Weight(0, _features.PairFeature(text[t], text[t + 1])), $"{text[t]} {text[t + 1]}"));
            }
        }

        return [.. scored.Where(s => s.Weight > 0).OrderByDescending(s => s.Weight).Select(s => s.Words).Distinct().Take(count)];
    }

    /// <summary>
    /// The normalizer drops emoji, so "🔫🔫 Amador tomorrow" would reach the model as "Amador tomorrow". Weapon
    /// emoji become the words they stand for; emoji that can mean violence or praise ("💀", "🔥") become words of
    /// their own, for the model to weigh by context.
    /// </summary>
    public static string EmojiAsWords(string text)
    {
        if (text.AsSpan().IndexOfAny(EmojiSearch) < 0)
        {
            return text;
        }

        var words = new System.Text.StringBuilder(text);
        foreach (var (emoji, word) in EmojiWords)
        {
            words.Replace(emoji, word);
        }

        return words.ToString();
    }

    private static readonly (string Emoji, string Word)[] EmojiWords =
    [
        ("🔫", " gun "), ("💣", " bomb "), ("🔪", " knife "), ("🗡", " knife "), ("🪓", " axe "), ("🧨", " dynamite "),
        ("💥", " boom "), ("⚰", " coffin "), ("🪦", " grave "), ("🔥", " emojifire "), ("💀", " emojiskull "),
        ("🩸", " emojiblood "), ("☠", " emojiskull "), ("🎯", " emojitarget "),
    ];

    private static readonly System.Buffers.SearchValues<string> EmojiSearch =
        System.Buffers.SearchValues.Create([.. EmojiWords.Select(e => e.Emoji)], StringComparison.Ordinal);
}
