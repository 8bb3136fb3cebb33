namespace Parapet.Sources.Live;

/// <summary>
/// Exponential backoff with jitter: attempt n waits a random time between half and all of
/// <c>min(Max, Initial × 2^(n-1))</c>. The jitter keeps many clients cut off together from coming back together;
/// the lower half-bound keeps a retry from firing at once.
/// </summary>
public sealed record Backoff
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Max { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan Delay(int attempt, Random random)
    {
        var ceiling = Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        ceiling = Math.Min(ceiling, Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}
