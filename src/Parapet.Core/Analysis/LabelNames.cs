namespace Parapet.Analysis;

/// <summary>The lowercase names labels have in output, storage and the API.</summary>
public static class LabelNames
{
    public static string ToName(this SentimentLabel label) => label switch
    {
        SentimentLabel.Negative => "negative",
        SentimentLabel.Positive => "positive",
        _ => "neutral",
    };

    public static string ToName(this ThreatSeverity severity) => severity switch
    {
        ThreatSeverity.Imminent => "imminent",
        ThreatSeverity.Credible => "credible",
        _ => "concerning",
    };
}
