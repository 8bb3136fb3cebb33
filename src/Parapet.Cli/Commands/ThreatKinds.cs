namespace Parapet.Cli.Commands;

/// <summary>
/// The kinds of non-threat in the threat corpus, in the two groups the targets name: harsh but protected speech,
/// and news and ordinary posts. Evaluation reports each group; training bounds false alerts in each.
/// </summary>
internal static class ThreatKinds
{
    public static readonly HashSet<string> HarshProtected =
    [
        "criticism", "insult_profanity", "protest_boycott", "resign_defund_abolish", "satire_hyperbole",
        "wish_job_loss", "negated_condemn", "know_your_rights", "counter_speech",
        "counter_quote", "counter_ref", "negated", "hateful_non_threat", "profanity", "abuse_nonprotected",
        "counter_speech_quote",
    ];

    public static readonly HashSet<string> NewsAndOrdinary =
    [
        "news_reported", "idiom_sports", "neutral_positive", "co_occurrence", "news", "identity_neutral", "identity_positive",
        "support_violence_victims", "figurative_positive",
    ];
}
