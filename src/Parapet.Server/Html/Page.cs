using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Parapet.Server.Auth;

namespace Parapet.Server.Html;

/// <summary>The frame every page shares: navigation, the signed-in user, and the anti-forgery field for forms.</summary>
internal static class Page
{
    private static readonly (string Href, string Label, string? Policy)[] Nav =
    [
        ("/", "Overview", null),
        ("/alerts", "Alerts", Roles.Policies.ReadAlerts),
        ("/watchlists", "Watchlists", null),
        ("/sources", "Sources", null),
        ("/audit", "Audit", Roles.Policies.ReadAudit),
        ("/reports", "Reports", null),
        ("/webhooks", "Webhooks", Roles.Policies.ManageWebhooks),
    ];

    public static IResult Render(HttpContext ctx, string title, Markup body, string? script = null, int status = 200)
    {
        var user = ctx.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var nav = signedIn
            ? Markup.Join(Nav.Where(n => n.Policy is null || Allowed(user, n.Policy)),
                n => Markup.Of($"""<a href="{n.Href}"{(IsCurrent(ctx, n.Href) ? Markup.Of($" aria-current=\"page\"") : Markup.Empty)}>{n.Label}</a>"""))
            : Markup.Empty;
        var who = signedIn
            ? Markup.Of($"""<form method="post" action="/logout" class="logout">{Antiforgery(ctx)}<span>{user.Name()} ({user.FindFirstValue(ClaimTypes.Role)})</span> <button type="submit">Sign out</button></form>""")
            : Markup.Empty;
        var scripts = script is null ? Markup.Empty : Markup.Of($"""<script src="/assets/{script}" defer></script>""");
        var html = Markup.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Parapet</title>
            <link rel="stylesheet" href="/assets/parapet.css">
            {scripts}
            </head>
            <body>
            <header><strong class="brand">Parapet</strong><nav>{nav}</nav>{who}</header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        return TypedResults.Content(html.Value, "text/html; charset=utf-8", statusCode: status);
    }

    public static Markup Antiforgery(HttpContext ctx)
    {
        var tokens = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        return Markup.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    public static bool Allowed(ClaimsPrincipal user, string policy) =>
        Roles.PolicyRoles.TryGetValue(policy, out var roles) && roles.Any(user.IsInRole);

    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static bool IsCurrent(HttpContext ctx, string href) =>
        href == "/" ? ctx.Request.Path == "/" : ctx.Request.Path.StartsWithSegments(href);
}
