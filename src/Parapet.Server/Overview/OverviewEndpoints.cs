using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Overview;

/// <summary>
/// <c>/api/aggregates</c> and the Overview page: per-entity mention volume and sentiment share over time. Counts
/// per entity and time bucket only; nothing here can name a post or an author.
/// </summary>
internal static class OverviewEndpoints
{
    public static void MapOverview(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/aggregates").WithTags("Aggregates");
        api.MapGet("/", Series).WithName("GetAggregates");
        api.MapGet("/spikes", SpikeList).WithName("GetSpikes");
        api.MapGet("/spike-alerts", (SpikeAlerts stored, TimeProvider time, int? days) =>
            TypedResults.Ok(stored.Since(time.GetUtcNow().AddDays(-Math.Clamp(days ?? 7, 1, 90))))).WithName("ListSpikeAlerts");
        routes.MapGet("/", OverviewPage).ExcludeFromDescription();
    }

    private static Results<Ok<IReadOnlyList<AggregatePoint>>, ValidationProblem> Series(AggregateQueries queries, TimeProvider time,
        DateTimeOffset? from, DateTimeOffset? to, int? bucketMinutes)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddHours(-24);
        if (start >= end || bucketMinutes is <= 0 or > 10_080)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to; bucket_minutes is 1 to 10080"] });
        }

        return TypedResults.Ok(queries.Series(start, end, TimeSpan.FromMinutes(bucketMinutes ?? 60)));
    }

    private static Ok<IReadOnlyList<Spike>> SpikeList(AggregateQueries queries, TimeProvider time) =>
        TypedResults.Ok(Spikes.Find(queries, time.GetUtcNow()));

    private static IResult OverviewPage(HttpContext ctx, AggregateQueries queries, SpikeAlerts stored, TimeProvider time, int? hours)
    {
        var span = TimeSpan.FromHours(Math.Clamp(hours ?? 24, 1, 24 * 30));
        var now = time.GetUtcNow();
        var bucket = span <= TimeSpan.FromHours(6) ? TimeSpan.FromMinutes(10) : span <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : TimeSpan.FromHours(6);
        var start = Floor(now - span, bucket);
        var series = queries.Series(start, now, bucket);
        var spikes = Spikes.Find(queries, now).ToDictionary(s => s.Entity, StringComparer.Ordinal);
        var cards = series.GroupBy(p => p.Entity).Select(g => Card(g.Key, [.. g], start, now, bucket, spikes.GetValueOrDefault(g.Key))).ToList();
        var ranges = Markup.Join(new[] { 6, 24, 72, 168 }, h => Markup.Of($"""<a href="/?hours={h}">{(h < 48 ? $"{h} h" : $"{h / 24} days")}</a> """));
        var body = cards.Count == 0
            ? Markup.Of($"<p>No mentions of a watched entity in this period yet.</p>")
            : Markup.Of($"""<div class="cards">{Markup.Join(cards)}</div>""");
        var recent = stored.Since(now.AddDays(-7), 20);
        var history = recent.Count == 0
            ? Markup.Empty
            : Markup.Of($"""
                <section id="spike-alerts"><h2>Spike alerts, last 7 days</h2>
                <table><thead><tr><th>Hour (UTC)</th><th>Entity</th><th>Mentions in an hour</th><th>Baseline</th><th>Threshold</th></tr></thead><tbody>
                {Markup.Join(recent, s => Markup.Of($"<tr><td>{Page.Time(s.HourStart)}</td><td>{s.Entity}</td><td>{s.Mentions}</td><td>{s.BaselineMean:0.0} ± {s.BaselineSigma:0.0}</td><td>{s.Threshold:0.0}</td></tr>"))}
                </tbody></table></section>
                """);
        return Page.Render(ctx, "Overview", Markup.Of($"""
            <p class="filters">Last {ranges}<span class="muted">— mentions per entity and their sentiment share; counts only.</span></p>
            {body}
            {history}
            """));
    }

    private static Markup Card(string entity, IReadOnlyList<AggregatePoint> points, DateTimeOffset start, DateTimeOffset end, TimeSpan bucket, Spike? spike)
    {
        var (posts, neg, neu, pos) = (points.Sum(p => p.Posts), points.Sum(p => p.Negative), points.Sum(p => p.Neutral), points.Sum(p => p.Positive));
        var share = (long n) => posts == 0 ? 0 : Math.Round(100.0 * n / posts);
        var marker = spike is null
            ? Markup.Empty
            : Markup.Of($"""<p class="spike" data-spike="{entity}">Spike: {spike.Mentions} mentions in the last hour (baseline {spike.BaselineMean:0.0} ± {spike.BaselineSigma:0.0})</p>""");
        return Markup.Of($"""
            <section class="card" data-entity="{entity}">
            <h2>{entity}</h2>
            {marker}
            <p>{posts} mentions · negative {share(neg)}% · neutral {share(neu)}% · positive {share(pos)}%</p>
            {Chart(points, start, end, bucket)}
            </section>
            """);
    }

    /// <summary>Stacked bars per bucket (negative, neutral, positive), drawn as SVG on the server: no script needed.</summary>
    private static Markup Chart(IReadOnlyList<AggregatePoint> points, DateTimeOffset start, DateTimeOffset end, TimeSpan bucket)
    {
        const double W = 600, H = 140;
        var buckets = Math.Max(1, (int)Math.Ceiling((end - start) / bucket));
        var max = Math.Max(1, points.Max(p => p.Posts));
        var barW = W / buckets;
        var sb = new StringBuilder();
        foreach (var p in points)
        {
            var i = (int)((p.Start - start) / bucket);
            if (i < 0 || i >= buckets)
            {
                continue;
            }

            var x = (i * barW).ToString("0.##", CultureInfo.InvariantCulture);
            var w = Math.Max(1, barW - 1).ToString("0.##", CultureInfo.InvariantCulture);
            var y = H;
            foreach (var (n, cls) in new[] { (p.Negative, "neg"), (p.Neutral, "neu"), (p.Positive, "pos") })
            {
                var h = H * n / max;
                y -= h;
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cls}\" x=\"{x}\" y=\"{y:0.##}\" width=\"{w}\" height=\"{h:0.##}\"></rect>");
            }
        }

        // Only numbers and fixed class names go into this markup, never text from a post.
        return Markup.Of($"""
            <svg class="chart" viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="mentions over time, by sentiment">{new Markup(sb.ToString())}</svg>
            <p class="muted legend"><span class="key neg"></span> negative <span class="key neu"></span> neutral <span class="key pos"></span> positive · peak {max} per {(bucket.TotalHours >= 1 ? $"{bucket.TotalHours} h" : $"{bucket.TotalMinutes} min")}</p>
            """);
    }

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan bucket) => new(t.UtcTicks - t.UtcTicks % bucket.Ticks, TimeSpan.Zero);
}
