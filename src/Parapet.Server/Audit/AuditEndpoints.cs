using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Parapet.Server.Auth;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Audit;

/// <summary>Verification result of the audit chain.</summary>
internal sealed record AuditVerification(bool Intact, IReadOnlyList<string> Problems);

/// <summary><c>/api/audit</c> and the Audit page: search the log, check its chain.</summary>
internal static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Roles.Policies.ReadAudit);
        api.MapGet("/", Search).WithName("SearchAudit");
        api.MapGet("/verify", Verify).WithName("VerifyAudit");
        routes.MapGet("/audit", Page_).RequireAuthorization(Roles.Policies.ReadAudit).ExcludeFromDescription();
    }

    private static Ok<IReadOnlyList<AuditEntry>> Search(AuditLog audit, string? q, DateTimeOffset? from, DateTimeOffset? to, int? limit) =>
        TypedResults.Ok(audit.Search(q, from, to, limit ?? 500));

    private static Ok<AuditVerification> Verify(AuditLog audit)
    {
        var problems = audit.Verify();
        return TypedResults.Ok(new AuditVerification(problems.Count == 0, problems));
    }

    private static IResult Page_(HttpContext ctx, AuditLog audit, string? q)
    {
        var problems = audit.Verify();
        var entries = audit.Search(q, null, null, 500);
        var chain = problems.Count == 0
            ? Markup.Of($"""<p class="notice" id="chain">The hash chain is intact.</p>""")
            : Markup.Of($"""<div class="error" id="chain" role="alert"><p>The audit log has been tampered with:</p><ul>{Markup.Join(problems, p => Markup.Of($"<li>{p}</li>"))}</ul></div>""");
        return Page.Render(ctx, "Audit log", Markup.Of($"""
            {chain}
            <form method="get" action="/audit"><label>Search <input name="q" value="{q ?? ""}" placeholder="user, action, alert:12"></label> <button type="submit">Search</button></form>
            <table class="audit">
            <thead><tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th><th>Hash</th></tr></thead>
            <tbody>
            {Markup.Join(entries, e => Markup.Of($"<tr><td>{e.Seq}</td><td>{Page.Time(e.At)}</td><td>{e.Actor}</td><td>{e.Action}</td><td>{e.Target ?? ""}</td><td>{e.Detail ?? ""}</td><td class=\"muted\"><code>{e.Hash[..12]}</code></td></tr>"))}
            </tbody>
            </table>
            """));
    }
}
