using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Parapet.Server.Auth;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary>The live queue and the alert page with its triage form.</summary>
internal static class AlertPages
{
    public static void MapAlertPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("/alerts").RequireAuthorization(Roles.Policies.ReadAlerts).ExcludeFromDescription();
        pages.MapGet("/", Queue);
        pages.MapGet("/{id:long}", Detail);
        pages.MapPost("/{id:long}/triage", TriageForm).RequireAuthorization(Roles.Policies.Triage);
    }

    private static IResult Queue(HttpContext ctx, AlertRecords alerts, AuditLog audit, string? status)
    {
        if (status is not null and not "all" && !AlertRecords.Statuses.Contains(status))
        {
            status = null;
        }

        var list = alerts.List(new AlertFilter { Status = status is "all" ? null : status, Limit = 200 });
        var shown = status is null ? list.Where(a => a.Status != "dismissed").ToList() : list;
        audit.Append(ctx.User.Name(), "alerts.list", detail: $"{shown.Count} alerts, queue page{(status is null ? "" : $", status {status}")}");
        var filters = Markup.Join(new[] { (string?)null, "open", "acknowledged", "escalated", "dismissed", "all" },
            s => Markup.Of($"""<a href="/alerts{(s is null ? "" : "?status=" + s)}"{(s == status ? Markup.Of($" aria-current=\"true\"") : Markup.Empty)}>{s ?? "active"}</a> """));
        var rows = Markup.Join(StoryGroups.Group(shown), g => Row(g.Lead, g.Count));
        return Page.Render(ctx, "Alerts", Markup.Of($"""
            <p class="filters">{filters}<span id="live-state" class="live" data-state="connecting">connecting…</span></p>
            <table class="alerts" id="queue">
            <thead><tr><th>#</th><th>Raised</th><th>Severity</th><th>Entity</th><th>Post</th><th>Reasons</th><th>Status</th></tr></thead>
            <tbody>
            {rows}
            </tbody>
            </table>
            <p class="empty" id="queue-empty"{(shown.Count == 0 ? Markup.Empty : Markup.Of($" hidden"))}>No alerts here yet.</p>
            """), script: "alerts.js");
    }

    internal static Markup Row(AlertRecord a, int storySize = 1)
    {
        var story = storySize > 1 ? Markup.Of($"""<span class="story" title="near-duplicate posts grouped as one story">+{storySize - 1} similar</span>""") : Markup.Empty;
        var text = a.Text is null ? Markup.Of($"""<em>deleted at its source</em>""") : Markup.Of($"{Clip(a.Text, 280)}");
        var link = AlertDto.SafeLink(a.Uri) is { } uri ? Markup.Of($""" <a class="source" href="{uri}" rel="noopener noreferrer nofollow" target="_blank">source</a>""") : Markup.Empty;
        return Markup.Of($"""
            <tr data-id="{a.Id}" class="sev-{a.Severity}">
            <td><a href="/alerts/{a.Id}">#{a.Id}</a></td>
            <td>{Page.Time(a.RaisedAt)}</td>
            <td><span class="severity {a.Severity}">{a.Severity}</span></td>
            <td>{string.Join(", ", a.Entities)}</td>
            <td class="post"><span class="text">{text}</span>{link} {story}</td>
            <td><ul class="reasons">{Markup.Join(a.Reasons, r => Markup.Of($"<li>{r}</li>"))}</ul></td>
            <td class="status">{a.Status}{(a.Assignee is null ? Markup.Empty : Markup.Of($" · {a.Assignee}"))}</td>
            </tr>
            """);
    }

    private static IResult Detail(HttpContext ctx, long id, AlertRecords alerts, AuditLog audit, Accounts accounts, string? error)
    {
        if (alerts.Get(id) is not { } a)
        {
            return Page.Render(ctx, "No such alert", Markup.Of($"<p>Alert #{id} does not exist.</p>"), status: 404);
        }

        audit.Append(ctx.User.Name(), "alert.read", $"alert:{id}");
        var history = alerts.History(id);
        var canTriage = Page.Allowed(ctx.User, Roles.Policies.Triage);
        var people = accounts.All().Where(u => u.Role is not Roles.Viewer and not Roles.Auditor).Select(u => u.Name).ToList();
        var form = canTriage ? TriageForms(ctx, a, people) : Markup.Of($"<p>Your role can read this alert, not triage it.</p>");
        var problem = error is null ? Markup.Empty : Markup.Of($"""<p class="error" role="alert">{error}</p>""");
        var link = AlertDto.SafeLink(a.Uri) is { } uri ? Markup.Of($"""<a href="{uri}" rel="noopener noreferrer nofollow" target="_blank">{uri}</a>""") : Markup.Of($"—");
        return Page.Render(ctx, $"Alert #{a.Id}", Markup.Of($"""
            {problem}
            <dl class="alert-detail sev-{a.Severity}">
            <dt>Severity</dt><dd><span class="severity {a.Severity}">{a.Severity}</span> (score {a.Score:0.000})</dd>
            <dt>Status</dt><dd id="status">{a.Status}{(a.DismissReason is null ? Markup.Empty : Markup.Of($" — {a.DismissReason}"))}</dd>
            <dt>Assigned to</dt><dd id="assignee">{a.Assignee ?? "nobody"}</dd>
            <dt>Entity</dt><dd>{string.Join(", ", a.Entities)}</dd>
            <dt>Post</dt><dd class="post" id="post-text">{(a.Text is null ? Markup.Of($"<em>deleted at its source {Page.Time(a.DeletedAt)}</em>") : Markup.Of($"{a.Text}"))}</dd>
            {(a.ContextText is null ? Markup.Empty : Markup.Of($"<dt>In reply to</dt><dd class=\"post context\" id=\"context-text\">{a.ContextText}</dd>"))}
            <dt>Author</dt><dd>{a.Author ?? "—"}</dd>
            <dt>Link</dt><dd>{link}</dd>
            <dt>Posted</dt><dd>{Page.Time(a.PostCreatedAt)}</dd>
            <dt>Raised</dt><dd>{Page.Time(a.RaisedAt)}</dd>
            <dt>Why</dt><dd><ul class="reasons">{Markup.Join(a.Reasons, r => Markup.Of($"<li>{r}</li>"))}</ul></dd>
            </dl>
            {form}
            <h2>History</h2>
            <ol class="history" id="history">
            {Markup.Join(history, e => Markup.Of($"<li><time>{Page.Time(e.At)}</time> <strong>{e.Actor}</strong> {e.Action}{(e.Detail is null ? Markup.Empty : Markup.Of($": <span class=\"detail\">{e.Detail}</span>"))}</li>"))}
            </ol>
            <p><a href="/alerts">Back to the queue</a></p>
            """));
    }

    private static Markup TriageForms(HttpContext ctx, AlertRecord a, IReadOnlyList<string> people)
    {
        var token = Page.Antiforgery(ctx);
        Markup Button(string action, string label) => Markup.Of($"""
            <form method="post" action="/alerts/{a.Id}/triage">{token}<input type="hidden" name="action" value="{action}"><button type="submit" name="do" value="{action}">{label}</button></form>
            """);
        var reasons = Markup.Join(AlertRecords.DismissReasons, r => Markup.Of($"""<option value="{r}">{r.Replace('-', ' ')}</option>"""));
        var assignees = Markup.Join(people, p => Markup.Of($"""<option value="{p}"{(p == a.Assignee ? Markup.Of($" selected") : Markup.Empty)}>{p}</option>"""));
        return Markup.Of($"""
            <section class="triage" aria-label="Triage">
            {(a.Status == "open" ? Button("acknowledge", "Acknowledge") : Markup.Empty)}
            {(a.Status != "escalated" ? Button("escalate", "Escalate") : Markup.Empty)}
            {(a.Status is "dismissed" or "escalated" or "acknowledged" ? Button("reopen", "Reopen") : Markup.Empty)}
            <form method="post" action="/alerts/{a.Id}/triage">{token}<input type="hidden" name="action" value="assign">
            <label>Assign to <select name="detail">{assignees}</select></label> <button type="submit">Assign</button></form>
            <form method="post" action="/alerts/{a.Id}/triage">{token}<input type="hidden" name="action" value="dismiss">
            <label>Dismiss as <select name="detail" id="dismiss-reason">{reasons}</select></label> <button type="submit">Dismiss</button></form>
            <form method="post" action="/alerts/{a.Id}/triage" class="note">{token}<input type="hidden" name="action" value="note">
            <label>Note <textarea name="detail" rows="2" maxlength="{Triage.MaxNoteLength}"></textarea></label> <button type="submit">Add note</button></form>
            </section>
            """);
    }

    private static IResult TriageForm(HttpContext ctx, long id, [FromForm] string? action, [FromForm] string? detail, Triage triage)
    {
        return triage.Apply(ctx.User.Name(), id, action, detail) switch
        {
            Triage.Outcome.Done => TypedResults.Redirect($"/alerts/{id}"),
            Triage.Outcome.Invalid(_, var message) => TypedResults.Redirect($"/alerts/{id}?error={Uri.EscapeDataString(message)}"),
            _ => TypedResults.NotFound(),
        };
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
