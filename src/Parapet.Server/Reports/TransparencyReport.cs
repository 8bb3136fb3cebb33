using System.Globalization;
using System.Text;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Reports;

/// <summary>The transparency report as Markdown, CSV or HTML: counts only, the same numbers in every format.</summary>
internal static class TransparencyReport
{
    public static readonly IReadOnlyList<string> Formats = ["md", "csv", "html"];

    public static IReadOnlyList<(string Metric, long Value)> Rows(TransparencyCounts c) =>
    [
        ("posts_seen", c.PostsSeen),
        ("posts_matched", c.PostsMatched),
        .. c.AlertsBySeverity.Select(kv => ($"alerts_{kv.Key}", kv.Value)),
        ("alerts_total", c.AlertsBySeverity.Values.Sum()),
        ("escalations", c.Escalations),
        .. c.DismissalsByReason.Select(kv => ($"dismissals_{kv.Key.Replace('-', '_')}", kv.Value)),
        ("deletions_honoured", c.DeletionsHonoured),
        ("posts_purged", c.PostsPurged),
    ];

    public static string Render(TransparencyCounts c, string format) => format switch
    {
        "md" => Markdown(c),
        "csv" => Csv(c),
        "html" => HtmlDocument(c),
        _ => throw new ArgumentException($"format is one of {string.Join(", ", Formats)}", nameof(format)),
    };

    private static string Period(TransparencyCounts c) =>
        $"{c.From.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {c.To.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";

    private static string Markdown(TransparencyCounts c)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Parapet transparency report\n\nPeriod: {Period(c)}. Counts only; no post, author or account is named.\n\n");
        sb.Append("| What | Count |\n| --- | ---: |\n");
        foreach (var (label, value) in Labeled(c))
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {label} | {value} |\n");
        }

        return sb.ToString();
    }

    private static string Csv(TransparencyCounts c)
    {
        var sb = new StringBuilder("metric,value,from,to\r\n");
        foreach (var (metric, value) in Rows(c))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{metric},{value},{c.From.UtcDateTime:o},{c.To.UtcDateTime:o}\r\n");
        }

        return sb.ToString();
    }

    public static Markup Table(TransparencyCounts c) => Markup.Of($"""
        <table class="report" id="report">
        <thead><tr><th>What</th><th>Count</th></tr></thead>
        <tbody>{Markup.Join(Labeled(c), r => Markup.Of($"<tr><td>{r.Label}</td><td>{r.Value}</td></tr>"))}</tbody>
        </table>
        """);

    private static string HtmlDocument(TransparencyCounts c) => Markup.Of($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Parapet transparency report</title></head>
        <body>
        <h1>Parapet transparency report</h1>
        <p>Period: {Period(c)}. Counts only; no post, author or account is named.</p>
        {Table(c)}
        </body></html>
        """).Value;

    private static IEnumerable<(string Label, long Value)> Labeled(TransparencyCounts c)
    {
        yield return ("Posts seen", c.PostsSeen);
        yield return ("Posts that mention a watched entity", c.PostsMatched);
        foreach (var (severity, n) in c.AlertsBySeverity)
        {
            yield return ($"Alerts, {severity}", n);
        }

        yield return ("Alerts, total", c.AlertsBySeverity.Values.Sum());
        yield return ("Escalations", c.Escalations);
        foreach (var (reason, n) in c.DismissalsByReason)
        {
            yield return ($"Dismissed as {reason.Replace('-', ' ')}", n);
        }

        yield return ("Deletions at source honoured", c.DeletionsHonoured);
        yield return ("Posts purged after retention", c.PostsPurged);
    }
}
