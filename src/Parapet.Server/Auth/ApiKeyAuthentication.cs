using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parapet.Storage;

namespace Parapet.Server.Auth;

/// <summary>REST clients send <c>Authorization: Bearer pk_…</c> or <c>X-Api-Key: pk_…</c>.</summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, Accounts accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static string? KeyOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        if (request.Headers["X-Api-Key"] is [{ Length: > 0 } key])
        {
            return key;
        }

        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (accounts.FindByApiKey(key) is not { } account)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API key"));
        }

        var identity = new ClaimsIdentity(Identity.Claims(account.Name, account.Role), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

internal static class Identity
{
    public static IEnumerable<Claim> Claims(string name, string role) => [new(ClaimTypes.Name, name), new(ClaimTypes.Role, role)];

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
