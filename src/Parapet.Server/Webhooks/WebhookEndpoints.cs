using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Parapet.Server.Auth;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Webhooks;

internal sealed record WebhookRequest(string Url, string? Label, string? Format, IReadOnlyList<string>? Events);

/// <summary>A webhook as the API lists it; the secret appears only in the answer to its creation.</summary>
internal sealed record WebhookDto(long Id, string Label, string Url, string Format, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string? Secret);

internal sealed record WebhookQueue(long Pending, IReadOnlyList<WebhookDto> Webhooks, IReadOnlyList<DeadLetter> DeadLetters);

/// <summary><c>/api/webhooks</c> and the Webhooks page (admins): add and remove webhooks, see and resend dead letters.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.Policies.ManageWebhooks);
        api.MapGet("/", List).WithName("ListWebhooks");
        api.MapPost("/", Create).WithName("CreateWebhook");
        api.MapDelete("/{id:long}", Delete).WithName("DeleteWebhook");
        api.MapPost("/dead-letters/{id:long}/retry", Retry).WithName("RetryDeadLetter");

        var pages = routes.MapGroup("/webhooks").RequireAuthorization(Roles.Policies.ManageWebhooks).ExcludeFromDescription();
        pages.MapGet("/", (HttpContext ctx, Storage.Webhooks webhooks) => Render(ctx, webhooks, null, null));
        pages.MapPost("/", CreateForm);
        pages.MapPost("/{id:long}/delete", (HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit) =>
            Render(ctx, webhooks, Remove(ctx, id, webhooks, audit) ? "Webhook removed." : "No such webhook.", null));
        pages.MapPost("/dead-letters/{id:long}/retry", (HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit) =>
            Render(ctx, webhooks, Resend(ctx, id, webhooks, audit) ? "Queued again." : "That dead letter cannot be resent (its webhook or alert is gone).", null));
    }

    private static Ok<WebhookQueue> List(Storage.Webhooks webhooks) =>
        TypedResults.Ok(new WebhookQueue(webhooks.PendingCount(), [.. webhooks.All().Select(w => Dto(w, withSecret: false))], webhooks.DeadLetters()));

    private static Results<Created<WebhookDto>, ValidationProblem> Create(HttpContext ctx, WebhookRequest request, Storage.Webhooks webhooks, AuditLog audit)
    {
        if (Validate(request) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var hook = Add(ctx, request, webhooks, audit);
        return TypedResults.Created($"/api/webhooks/{hook.Id}", Dto(hook, withSecret: true));
    }

    private static Results<NoContent, NotFound> Delete(HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit) =>
        Remove(ctx, id, webhooks, audit) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Accepted, NotFound> Retry(HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit) =>
        Resend(ctx, id, webhooks, audit) ? TypedResults.Accepted((string?)null) : TypedResults.NotFound();

    internal static Dictionary<string, string[]>? Validate(WebhookRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(r.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.UserInfo.Length > 0)
        {
            errors["url"] = ["an absolute http:// or https:// address, without a user name or password in it"];
        }

        if (r.Format is { } f && !Storage.Webhooks.Formats.Contains(f))
        {
            errors["format"] = [$"format is one of {string.Join(", ", Storage.Webhooks.Formats)}"];
        }

        if (r.Events is { } events && (events.Count == 0 || events.Any(e => !Storage.Webhooks.Events.Contains(e))))
        {
            errors["events"] = [$"events are one or more of {string.Join(", ", Storage.Webhooks.Events)}"];
        }

        if (r.Label is { Length: > 100 })
        {
            errors["label"] = ["a label has at most 100 characters"];
        }

        return errors.Count == 0 ? null : errors;
    }

    private static Webhook Add(HttpContext ctx, WebhookRequest r, Storage.Webhooks webhooks, AuditLog audit)
    {
        var hook = webhooks.Create(r.Label?.Trim() ?? "", r.Url, r.Format ?? "generic", r.Events is { Count: > 0 } e ? [.. e.Distinct()] : Storage.Webhooks.Events);
        audit.Append(ctx.User.Name(), "webhook.create", $"webhook:{hook.Id}", $"{hook.Format} to {WebhookDispatcher.Host(hook.Url)} on {string.Join(", ", hook.Events)}");
        return hook;
    }

    private static bool Remove(HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit)
    {
        if (!webhooks.Delete(id))
        {
            return false;
        }

        audit.Append(ctx.User.Name(), "webhook.delete", $"webhook:{id}");
        return true;
    }

    private static bool Resend(HttpContext ctx, long id, Storage.Webhooks webhooks, AuditLog audit)
    {
        if (!webhooks.Retry(id))
        {
            return false;
        }

        audit.Append(ctx.User.Name(), "webhook.retry", $"dead-letter:{id}");
        return true;
    }

    private static WebhookDto Dto(Webhook w, bool withSecret) =>
        new(w.Id, w.Label, w.Url, w.Format, w.Events, w.CreatedAt, withSecret ? w.Secret : null);

    private static IResult CreateForm(HttpContext ctx, Storage.Webhooks webhooks, AuditLog audit, IFormCollection form)
    {
        var events = form["events"].OfType<string>().ToList();
        var request = new WebhookRequest(form["url"].ToString(), form["label"].ToString(), form["format"].ToString() is { Length: > 0 } f ? f : null,
            events);
        if (Validate(request) is { } errors)
        {
            return Render(ctx, webhooks, "Not added: " + string.Join("; ", errors.Values.SelectMany(v => v)), null, StatusCodes.Status400BadRequest);
        }

        var hook = Add(ctx, request, webhooks, audit);
        return Render(ctx, webhooks, "Webhook added. Copy its secret now: it is not shown again.", hook.Secret);
    }

    private static IResult Render(HttpContext ctx, Storage.Webhooks webhooks, string? message, string? secret, int status = 200)
    {
        var hooks = webhooks.All();
        var letters = webhooks.DeadLetters();
        var note = message is null ? Markup.Empty : Markup.Of($"""<p class="notice" role="status">{message}</p>""");
        var shown = secret is null ? Markup.Empty : Markup.Of($"""<p>Signing secret: <code id="webhook-secret">{secret}</code></p>""");
        var list = hooks.Count == 0
            ? Markup.Of($"""<p class="muted">No webhooks yet.</p>""")
            : Markup.Of($"""
                <table id="webhooks"><thead><tr><th>#</th><th>Label</th><th>Address</th><th>Format</th><th>Events</th><th>Added</th><th></th></tr></thead><tbody>
                {Markup.Join(hooks, w => Markup.Of($"""<tr><td>{w.Id}</td><td>{w.Label}</td><td><code>{w.Url}</code></td><td>{w.Format}</td><td>{string.Join(", ", w.Events)}</td><td>{Page.Time(w.CreatedAt)}</td><td><form method="post" action="/webhooks/{w.Id}/delete">{Page.Antiforgery(ctx)}<button type="submit">Remove</button></form></td></tr>"""))}
                </tbody></table>
                """);
        var dead = letters.Count == 0
            ? Markup.Of($"""<p class="muted">No dead letters.</p>""")
            : Markup.Of($"""
                <table id="dead-letters"><thead><tr><th>#</th><th>Webhook</th><th>Event</th><th>Alert</th><th>Attempts</th><th>Last error</th><th>Failed</th><th></th></tr></thead><tbody>
                {Markup.Join(letters, d => Markup.Of($"""<tr><td>{d.Id}</td><td>{d.WebhookId}</td><td>{d.Event}</td><td>{(d.AlertId is { } a ? Markup.Of($"<a href=\"/alerts/{a}\">#{a}</a>") : Markup.Empty)}</td><td>{d.Attempts}</td><td>{d.LastError}</td><td>{Page.Time(d.FailedAt)}</td><td><form method="post" action="/webhooks/dead-letters/{d.Id}/retry">{Page.Antiforgery(ctx)}<button type="submit">Resend</button></form></td></tr>"""))}
                </tbody></table>
                """);
        return Page.Render(ctx, "Webhooks", Markup.Of($"""
            {note}
            {shown}
            <p class="muted">Each new alert and each escalation is posted as JSON, signed with HMAC-SHA256 (see docs/webhooks.md). {webhooks.PendingCount()} deliveries waiting.</p>
            {list}
            <h2>Add a webhook</h2>
            <form method="post" action="/webhooks" class="webhook-form">
            {Page.Antiforgery(ctx)}
            <label>Address <input name="url" type="url" required placeholder="https://hooks.example.org/parapet"></label>
            <label>Label <input name="label" maxlength="100"></label>
            <label>Format <select name="format"><option value="generic">generic JSON</option><option value="slack">Slack-compatible</option></select></label>
            <fieldset><legend>Events</legend>
            <label><input type="checkbox" name="events" value="alert.new" checked> new alert</label>
            <label><input type="checkbox" name="events" value="alert.escalated" checked> escalation</label>
            </fieldset>
            <p><button type="submit">Add webhook</button></p>
            </form>
            <h2>Dead letters</h2>
            <p class="muted">Deliveries that failed every attempt. They hold no post text; a resend builds the payload from the alert as it is now.</p>
            {dead}
            """), status: status);
    }
}
