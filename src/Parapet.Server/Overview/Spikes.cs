using Parapet.Storage;

namespace Parapet.Server.Overview;

/// <summary>An aggregate spike alert: one entity's mentions in the last hour against its own baseline. It names no post.</summary>
internal sealed record Spike(string Entity, DateTimeOffset HourStart, long Mentions, double BaselineMean, double BaselineSigma, double Threshold);

/// <summary>
/// Last hour's mention count per entity against the hourly counts of the week before it: a spike when it
/// exceeds mean + k·σ and a floor, so a quiet entity's first few mentions are not a spike.
/// </summary>
internal static class Spikes
{
    public const double K = 3;
    public const long MinMentions = 5;
    public static readonly TimeSpan Baseline = TimeSpan.FromDays(7);

    public static IReadOnlyList<Spike> Find(AggregateQueries queries, DateTimeOffset now)
    {
        var hourStart = now.AddHours(-1);
        var series = queries.Series(hourStart - Baseline, now, TimeSpan.FromMinutes(1));
        var hours = (int)Baseline.TotalHours;
        var spikes = new List<Spike>();
        foreach (var entity in series.GroupBy(p => p.Entity))
        {
            var baseline = new long[hours];
            long last = 0;
            foreach (var point in entity)
            {
                if (point.Start >= hourStart)
                {
                    last += point.Posts;
                }
                else
                {
                    var h = (int)((point.Start - (hourStart - Baseline)).TotalHours);
                    baseline[Math.Clamp(h, 0, hours - 1)] += point.Posts;
                }
            }

            var mean = baseline.Average();
            var sigma = Math.Sqrt(baseline.Select(v => (v - mean) * (v - mean)).Sum() / hours);
            var threshold = Math.Max(mean + K * sigma, MinMentions);
            if (last > threshold)
            {
                spikes.Add(new Spike(entity.Key, hourStart, last, Math.Round(mean, 2), Math.Round(sigma, 2), Math.Round(threshold, 2)));
            }
        }

        return spikes;
    }
}
