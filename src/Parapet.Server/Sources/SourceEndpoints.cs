using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Parapet.Pipeline;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Sources;

/// <summary><c>/api/sources</c> and the Sources page: each source's state, lag, cursor, reconnects and gaps.</summary>
internal static class SourceEndpoints
{
    public static void MapSources(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/sources").WithTags("Sources").MapGet("/", (PipelineView pipeline, StoreConnections db) => List(pipeline, db))
            .WithName("ListSources");
        routes.MapGet("/sources", SourcesPage).ExcludeFromDescription();
    }

    /// <summary>
    /// A live source reports its own status. A replayed file does not, so it shows what the pipeline knows of it:
    /// its name and the cursor saved in the store.
    /// </summary>
    internal static Ok<IReadOnlyList<SourceStatus>> List(PipelineView pipeline, StoreConnections db)
    {
        var cursors = Cursors(db);
        return TypedResults.Ok<IReadOnlyList<SourceStatus>>([.. pipeline.Sources.Select(s => s is IReportsStatus live
            ? live.Status()
            : new SourceStatus { Name = s.Name, State = "replaying", Cursor = cursors.GetValueOrDefault(s.Name) })]);
    }

    private static Dictionary<string, long?> Cursors(StoreConnections db)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT source, value FROM cursors");
        using var r = cmd.ExecuteReader();
        var d = new Dictionary<string, long?>(StringComparer.Ordinal);
        while (r.Read())
        {
            d[r.GetString(0)] = r.GetInt64(1);
        }

        return d;
    }

    private static IResult SourcesPage(HttpContext ctx, PipelineView pipeline, StoreConnections db)
    {
        var sources = List(pipeline, db).Value!;
        var m = pipeline.Metrics;
        var totals = m is null
            ? Markup.Of($"<p class=\"muted\">No pipeline runs in this process.</p>")
            : Markup.Of($"""<p id="pipeline-totals">Since {Page.Time(pipeline.StartedAt)}: {m.Lines} lines, {m.Posts} posts, {m.Matched} matched, {m.Alerts} new alerts, {m.Deletes} deletions, {m.BadLines} bad lines, {m.SinkFailures} sink failures.</p>""");
        var rows = Markup.Join(sources, s => Markup.Of($"""
            <tr><td>{s.Name}</td><td>{s.State}</td><td>{s.Endpoint ?? ""}</td><td>{s.EventsPerSecond:0.0}</td>
            <td>{(s.Lag is { } lag ? $"{lag.TotalSeconds:0.0} s" : "—")}</td><td>{s.Cursor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"}</td>
            <td>{s.Events}</td><td>{s.Reconnects}</td><td>{s.Gaps}</td><td>{s.Errors}</td><td>{s.LastError ?? ""}</td></tr>
            """));
        return Page.Render(ctx, "Sources", Markup.Of($"""
            {totals}
            <table class="sources">
            <thead><tr><th>Source</th><th>State</th><th>Endpoint</th><th>Events/s</th><th>Lag</th><th>Cursor</th><th>Events</th><th>Reconnects</th><th>Gaps</th><th>Errors</th><th>Last error</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """));
    }
}
