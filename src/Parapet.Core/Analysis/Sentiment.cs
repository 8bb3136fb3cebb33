namespace Parapet.Analysis;

public enum SentimentLabel
{
    Negative,
    Neutral,
    Positive,
}

public sealed record SentimentResult(SentimentLabel Label, double Negative, double Neutral, double Positive)
{
    public static SentimentResult FromScores(double negative, double neutral, double positive)
    {
        var label = negative >= neutral && negative >= positive ? SentimentLabel.Negative
            : positive >= neutral ? SentimentLabel.Positive
            : SentimentLabel.Neutral;
        return new SentimentResult(label, negative, neutral, positive);
    }
}

/// <summary>Scores the sentiment of one post's text. Implementations are thread-safe.</summary>
public interface ISentimentAnalyzer
{
    SentimentResult Analyze(string text);
}
