using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parapet.Server.Auth;
using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary><c>/api/alerts</c>: list, filter, get, triage, the live stream and the export. Every read is audited.</summary>
internal static class AlertsApi
{
    public static void MapAlerts(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Roles.Policies.ReadAlerts);
        api.MapGet("/", List).WithName("ListAlerts");
        api.MapGet("/{id:long}", Get).WithName("GetAlert");
        api.MapGet("/{id:long}/history", History).WithName("GetAlertHistory");
        api.MapPost("/{id:long}/triage", Triage).WithName("TriageAlert").RequireAuthorization(Roles.Policies.Triage);
        api.MapGet("/stream", Stream).WithName("StreamAlerts").ExcludeFromDescription();
        api.MapGet("/export", Export).WithName("ExportAlerts").RequireAuthorization(Roles.Policies.Export);

        routes.MapAlertPages();
    }

    internal static Results<Ok<IReadOnlyList<AlertDto>>, ValidationProblem> List(HttpContext ctx, AlertRecords alerts, AuditLog audit,
        string? status, string? severity, string? entity, long? after, int? limit)
    {
        if (Validate(status, severity) is { } problem)
        {
            return problem;
        }

        var list = alerts.List(new AlertFilter { Status = status, Severity = severity, Entity = entity, AfterId = after, Limit = limit ?? 200 });
        audit.Append(ctx.User.Name(), "alerts.list", detail: Describe(list.Count, status, severity, entity));
        return TypedResults.Ok<IReadOnlyList<AlertDto>>([.. list.Select(AlertDto.From)]);
    }

    internal static Results<Ok<AlertDto>, NotFound> Get(HttpContext ctx, long id, AlertRecords alerts, AuditLog audit)
    {
        if (alerts.Get(id) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        audit.Append(ctx.User.Name(), "alert.read", $"alert:{id}");
        return TypedResults.Ok(AlertDto.From(alert));
    }

    internal static Results<Ok<IReadOnlyList<AlertEvent>>, NotFound> History(HttpContext ctx, long id, AlertRecords alerts, AuditLog audit)
    {
        if (alerts.Get(id) is null)
        {
            return TypedResults.NotFound();
        }

        audit.Append(ctx.User.Name(), "alert.history", $"alert:{id}");
        return TypedResults.Ok(alerts.History(id));
    }

    internal static Results<Ok<AlertDto>, NotFound, ValidationProblem> Triage(HttpContext ctx, long id, TriageRequest request,
        Triage triage)
    {
        return triage.Apply(ctx.User.Name(), id, request.Action, request.Detail) switch
        {
            Triage.Outcome.Done(var alert) => TypedResults.Ok(AlertDto.From(alert)),
            Triage.Outcome.Invalid(var field, var message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }),
            _ => TypedResults.NotFound(),
        };
    }

    /// <summary>
    /// Server-sent events: one <c>alert</c> event per new alert, and a comment every 15 s so a dead connection is
    /// noticed. Headers go out at once, so the browser knows it is live before the first alert.
    /// </summary>
    private static async Task Stream(HttpContext ctx, LiveAlerts live, AuditLog audit, IOptions<JsonOptions> json)
    {
        var user = ctx.User.Name();
        var token = ctx.RequestAborted;
        using var subscription = live.Subscribe();
        audit.Append(user, "alerts.stream");
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await ctx.Response.WriteAsync(": live\n\n", token).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(token).ConfigureAwait(false);
        try
        {
            while (!token.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(token);
                beat.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await subscription.Reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await ctx.Response.WriteAsync(": beat\n\n", token).ConfigureAwait(false);
                    await ctx.Response.Body.FlushAsync(token).ConfigureAwait(false);
                    continue;
                }

                while (subscription.Reader.TryRead(out var alert))
                {
                    audit.Append(user, "alert.read", $"alert:{alert.Id}", "live queue");
                    var data = JsonSerializer.Serialize(alert, json.Value.SerializerOptions);
                    await ctx.Response.WriteAsync($"event: alert\nid: {alert.Id}\ndata: {data}\n\n", token).ConfigureAwait(false);
                }

                await ctx.Response.Body.FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser went away or the server is stopping.
        }
    }

    private static IResult Export(HttpContext ctx, AlertRecords alerts, AuditLog audit, IOptions<JsonOptions> json,
        string? format, string? status, string? severity, string? entity)
    {
        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is csv or json"] });
        }

        if (Validate(status, severity) is { } problem)
        {
            return problem;
        }

        var list = alerts.List(new AlertFilter { Status = status, Severity = severity, Entity = entity, Limit = 100_000 });
        var dtos = list.Select(AlertDto.From).ToList();
        audit.Append(ctx.User.Name(), "alerts.export", detail: $"{format ?? "json"}; {Describe(dtos.Count, status, severity, entity)}");
        if (format == "csv")
        {
            return TypedResults.File(Encoding.UTF8.GetBytes(Csv(dtos)), "text/csv; charset=utf-8", "alerts.csv");
        }

        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(dtos, json.Value.SerializerOptions), "application/json", "alerts.json");
    }

    internal static string Csv(IReadOnlyList<AlertDto> alerts)
    {
        var sb = new StringBuilder("id,raised_at,status,severity,score,entities,reasons,text,uri,author,assignee,dismiss_reason,deleted\r\n");
        foreach (var a in alerts)
        {
            string[] cells =
            [
                a.Id.ToString(CultureInfo.InvariantCulture), a.RaisedAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), a.Status,
                a.Severity, a.Score.ToString(CultureInfo.InvariantCulture), string.Join(';', a.Entities), string.Join(" | ", a.Reasons),
                a.Text ?? "", a.Uri ?? "", a.Author ?? "", a.Assignee ?? "", a.DismissReason ?? "", a.Deleted ? "true" : "false",
            ];
            sb.AppendJoin(',', cells.Select(CsvCell)).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>Quotes a cell, and defuses text a spreadsheet would run as a formula.</summary>
    internal static string CsvCell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.StartsWith('\'') ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static ValidationProblem? Validate(string? status, string? severity)
    {
        if (status is not null && !AlertRecords.Statuses.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"status is one of {string.Join(", ", AlertRecords.Statuses)}"] });
        }

        return severity is not null && !AlertRecords.Severities.Contains(severity)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["severity"] = [$"severity is one of {string.Join(", ", AlertRecords.Severities)}"] })
            : null;
    }

    private static string Describe(int count, string? status, string? severity, string? entity) =>
        $"{count} alerts" + (status is null ? "" : $", status {status}") + (severity is null ? "" : $", severity {severity}") + (entity is null ? "" : $", entity {entity}");
}
