using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Parapet.Server.Auth;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Reports;

/// <summary><c>/api/reports/transparency</c> and the Reports page.</summary>
internal static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/reports").WithTags("Reports");
        api.MapGet("/transparency", Transparency).WithName("TransparencyReport");
        routes.MapGet("/reports", ReportPage).ExcludeFromDescription();
    }

    /// <summary>The last 30 days up to now, unless from/to say otherwise.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Period(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow();
        return (from ?? end.AddDays(-30), end);
    }

    private static Results<Ok<TransparencyCounts>, ValidationProblem> Transparency(HttpContext ctx, AggregateQueries queries, AuditLog audit,
        TimeProvider time, DateTimeOffset? from, DateTimeOffset? to)
    {
        var (f, t) = Period(from, to, time);
        if (f >= t)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to"] });
        }

        audit.Append(ctx.User.Name(), "report.read", detail: $"{f:o}..{t:o}");
        return TypedResults.Ok(queries.Transparency(f, t));
    }

    private static IResult ReportPage(HttpContext ctx, AggregateQueries queries, AuditLog audit, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to)
    {
        // The form sends whole days: "to" means the end of that day.
        var (f, t) = Period(from, to is { TimeOfDay.Ticks: 0 } day ? day.AddDays(1) : to, time);
        if (f >= t)
        {
            (f, t) = Period(null, null, time);
        }

        audit.Append(ctx.User.Name(), "report.read", detail: $"{f:o}..{t:o}");
        var counts = queries.Transparency(f, t);
        return Page.Render(ctx, "Transparency report", Markup.Of($"""
            <form method="get" action="/reports">
            <label>From <input type="date" name="from" value="{f.UtcDateTime:yyyy-MM-dd}"></label>
            <label>To <input type="date" name="to" value="{t.AddMilliseconds(-1).UtcDateTime:yyyy-MM-dd}"></label>
            <button type="submit">Show</button>
            </form>
            <p class="muted">Counts only: no post, author or account is named. The same report comes from
            <code>parapet report --from {f.UtcDateTime:yyyy-MM-dd} --to {t.AddMilliseconds(-1).UtcDateTime:yyyy-MM-dd} --format md|csv|html</code>.</p>
            {TransparencyReport.Table(counts)}
            """));
    }
}
