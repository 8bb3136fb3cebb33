using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;
using Parapet.Server.Html;
using Parapet.Storage;

namespace Parapet.Server.Auth;

internal static class LoginEndpoints
{
    public const string RateLimit = "login";

    public static void MapLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", (HttpContext ctx, string? returnUrl) => LoginPage(ctx, returnUrl, null))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimit).ExcludeFromDescription();
        routes.MapPost("/logout", LogoutAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> LoginAsync(HttpContext ctx, [FromForm] string? name, [FromForm] string? password,
        [FromForm] string? returnUrl, SignIn signIn, AuditLog audit)
    {
        var account = name is { Length: > 0 } && password is { Length: > 0 } ? signIn.Check(name, password) : null;
        if (account is null)
        {
            audit.Append(name is { Length: > 0 and <= 64 } ? name : "unknown", "login.failed", detail: ctx.Connection.RemoteIpAddress?.ToString());
            return LoginPage(ctx, returnUrl, "Wrong name or password.", StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(Identity.Claims(account.Name, account.Role), CookieAuthenticationDefaults.AuthenticationScheme);
        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        audit.Append(account.Name, "login", detail: ctx.Connection.RemoteIpAddress?.ToString());
        // Only a local path: a crafted link must not bounce a fresh session to another site.
        var target = returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] is not '/' and not '\\' ? returnUrl : "/";
        return TypedResults.Redirect(target);
    }

    private static async Task<IResult> LogoutAsync(HttpContext ctx, [FromForm] string? unused, AuditLog audit)
    {
        audit.Append(ctx.User.Name(), "logout");
        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect("/login");
    }

    private static IResult LoginPage(HttpContext ctx, string? returnUrl, string? error, int status = 200)
    {
        var message = error is null ? Markup.Empty : Markup.Of($"""<p class="error" role="alert">{error}</p>""");
        return Page.Render(ctx, "Sign in", Markup.Of($"""
            {message}
            <form method="post" action="/login" class="login">
            {Page.Antiforgery(ctx)}
            <input type="hidden" name="returnUrl" value="{returnUrl ?? "/"}">
            <label>Name <input name="name" autocomplete="username" required autofocus></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            """), status: status);
    }
}
