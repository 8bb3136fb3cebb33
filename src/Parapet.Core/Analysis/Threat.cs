namespace Parapet.Analysis;

/// <summary>How urgent a threat reads. Ordered from least to most.</summary>
public enum ThreatSeverity
{
    /// <summary>Incitement, conditional intent, wishes of violence, second-person threats.</summary>
    Concerning,

    /// <summary>Explicit first-person intent.</summary>
    Credible,

    /// <summary>Intent with a time, a place or a weapon or means.</summary>
    Imminent,
}

/// <summary>The threat verdict on one post.</summary>
/// <param name="Targets">Indexes of the watchlist profiles the threat is aimed at (empty when it is aimed elsewhere).</param>
public sealed record ThreatResult(bool IsThreat, double Score, ThreatSeverity? Severity, IReadOnlyList<string> Reasons,
    IReadOnlyList<int> Targets)
{
    public static readonly ThreatResult None = new(false, 0, null, [], []);

    public string Label => IsThreat ? "threat" : "none";
}
