using Parapet.Analysis.Models;
using Parapet.Matching;
using Parapet.Text;
using Parapet.Watchlists;
using L = Parapet.Analysis.Threats.ThreatLexicon;

namespace Parapet.Analysis.Threats;

/// <summary>
/// The rules first, the model second. The rules read intent, act and target and explain themselves; the model
/// catches threats phrased in ways no rule foresaw. A model-only verdict alerts only for a post that names a
/// watched entity and that the rules did not find aimed at something else.
/// </summary>
public sealed class ThreatDetector(Watchlist watchlist, LinearModel? model)
{
    /// <summary>The model score a post needs when it has no word of violence in it.</summary>
    private const double WithoutViolenceWords = 0.97;

    private readonly RuleThreatDetector _rules = new(watchlist);
    private readonly ThreatModel? _model = model is null ? null : new ThreatModel(model);

    public ThreatResult Detect(string raw, NormalizedText text, IReadOnlyList<EntityMatch> matches)
    {
        var rules = _rules.Detect(text, matches);
        if ((rules.IsThreat && rules.Targets.Count > 0) || _model is null)
        {
            return rules;
        }

        // Counter-speech, a quote the post talks about, or violence it disowns reads like a threat to words alone.
        if (!rules.IsThreat && SaysNoThreat(text))
        {
            return rules;
        }

        var p = _model.Score(raw);
        if (p < _model.Threshold || !ConfidentEnough(raw, text, p))
        {
            return rules;
        }

        if (rules.IsThreat)
        {
            // The rules found the threat and its object, and the object is not watched.
            return rules with { Score = Math.Max(rules.Score, p) };
        }

        var targets = matches.Select(m => m.Profile).Distinct().Order().ToList();
        var reasons = new List<string> { $"reads as a threat (model {p:F2}): \"{string.Join("\", \"", _model.Cues(3))}\"" };
        var severity = ThreatSeverity.Concerning;
        if (L.FirstPersonIntent.Contains(text, 0, text.TokenCount))
        {
            severity = ThreatSeverity.Credible;
        }

        if (L.Time.FindIn(text, 0, text.TokenCount) is { } time)
        {
            severity = ThreatSeverity.Imminent;
            reasons.Add($"time: \"{RuleThreatDetector.Words(text, time.Token, time.Phrase.Length)}\"");
        }

        if (L.Weapons.FindIn(text, 0, text.TokenCount) is { } weapon)
        {
            severity = ThreatSeverity.Imminent;
            reasons.Add($"weapon or means: \"{RuleThreatDetector.Words(text, weapon.Token, weapon.Phrase.Length)}\"");
        }

        if (targets.Count > 0)
        {
            reasons.Add($"aimed at {string.Join(", ", targets.Select(t => $"{watchlist.Profiles[t].Name} ({watchlist.Profiles[t].Id})"))}");
            RuleThreatDetector.ThroughAccount(matches, targets, reasons);
        }

        return new ThreatResult(true, p, severity, reasons, targets);
    }

    /// <summary>
    /// Whether a model score at or above the threshold may raise an alert from the wording alone: not for a post
    /// whose wording says no threat is made (when the rules did not find one), and not without a word of violence unless the score is
    /// near certain.
    /// </summary>
    public static bool ModelMayAlert(string raw, NormalizedText text, double p, bool rulesFoundThreat) =>
        (rulesFoundThreat || !SaysNoThreat(text)) && ConfidentEnough(raw, text, p);

    /// <summary>
    /// The wording itself says no threat is made: counter-speech, violence only inside a quote the post talks about,
    /// or violence every sentence disowns ("I would never…", "no one deserves…").
    /// </summary>
    private static bool SaysNoThreat(NormalizedText text) =>
        RuleThreatDetector.CounterSpeech(text) || RuleThreatDetector.OnlyQuotesViolence(text) || RuleThreatDetector.DisownsViolence(text);

    /// <summary>A word of violence, or a near-certain score.</summary>
    private static bool ConfidentEnough(string raw, NormalizedText text, double p) => p >= WithoutViolenceWords || HasViolenceCue(raw, text);

    /// <summary>Words of violence, or the emoji that stand for them ("🔫 the director").</summary>
    private static bool HasViolenceCue(string raw, NormalizedText text) =>
        L.ViolenceStems.Contains(text, 0, text.TokenCount) || raw.AsSpan().IndexOfAny(ViolentEmoji) >= 0;

    private static readonly System.Buffers.SearchValues<string> ViolentEmoji =
        System.Buffers.SearchValues.Create(["🔫", "💣", "🔪", "🔥", "💀", "⚰", "🪦", "🩸", "💥"], StringComparison.Ordinal);
}
