using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Parapet.Server.Alerts;
using Parapet.Server.Audit;
using Parapet.Server.Auth;
using Parapet.Server.Metrics;
using Parapet.Server.OpenApi;
using Parapet.Server.Overview;
using Parapet.Server.Reports;
using Parapet.Server.Sources;
using Parapet.Server.Watchlists;
using Parapet.Server.Webhooks;
using Parapet.Storage;

namespace Parapet.Server;

/// <summary>How the dashboard is set up. Every default is the one <c>parapet run</c> uses.</summary>
internal sealed record DashboardOptions
{
    /// <summary>The store (a SQLite file or a PostgreSQL connection), already created and migrated by <see cref="SqlStore"/>.</summary>
    public required string Db { get; init; }

    /// <summary>The watchlist file the pipeline runs with; the Watchlists page shows and edits it.</summary>
    public string? WatchlistPath { get; init; }

    /// <summary>The running pipeline's watchlist: a save replaces it at once. Null: a save applies at the next start.</summary>
    public Parapet.Pipeline.LiveWatchlist? LiveWatchlist { get; init; }

    /// <summary>Login attempts per client address per minute; more get 429.</summary>
    public int LoginAttemptsPerMinute { get; init; } = 10;

    public WebhookOptions Webhooks { get; init; } = new();

    /// <summary>
    /// True when the dashboard runs apart from the pipeline (<c>parapet serve</c>): new alerts are read from the
    /// store for the live queue and webhooks, instead of being handed over by the pipeline.
    /// </summary>
    public bool FollowStore { get; init; }
}

/// <summary>
/// The dashboard and REST API: one composition, read top to bottom. The CLI hosts it next to the pipeline; the
/// tests host it in a test server. Both call <see cref="AddParapetServer"/> then <see cref="UseParapetServer"/>.
/// </summary>
internal static class ParapetServer
{
    public static IServiceCollection AddParapetServer(this IServiceCollection services, DashboardOptions options,
        PipelineView pipeline, TimeProvider time)
    {
        var db = new StoreConnections(options.Db);
        services.AddSingleton(options);
        services.AddSingleton(pipeline);
        services.AddSingleton(pipeline.Live);
        services.AddSingleton(time);
        services.AddSingleton(db);
        services.AddSingleton<Accounts>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AlertRecords>();
        services.AddSingleton<AggregateQueries>();
        services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<Triage>();
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService<DailyPostCounter>();
        services.AddSingleton<SpikeAlerts>();
        services.AddSingleton<SpikeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SpikeWatcher>());
        services.AddSingleton(options.Webhooks);
        services.AddSingleton<Storage.Webhooks>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<ITriageListener>(sp => sp.GetRequiredService<WebhookDispatcher>());
        if (options.FollowStore)
        {
            services.AddHostedService<StoreAlertFeed>();
        }

        services.AddAuthentication(o => o.DefaultScheme = "parapet")
            .AddPolicyScheme("parapet", "cookie or API key", o =>
                o.ForwardDefaultSelector = ctx => ApiKeyAuthentication.KeyOf(ctx.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "parapet.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the dashboard is served over HTTPS; a loopback http:// address still works.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            });
        var authorization = services.AddAuthorizationBuilder()
            // Every route needs a signed-in user unless it says otherwise (only /healthz, /login and assets do).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in Roles.PolicyRoles)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "parapet.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginEndpoints.RateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddRouting();
        services.AddProblemDetails();
        services.AddParapetOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        return services;
    }

    public static void UseParapetServer(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ParapetServer).Assembly, "wwwroot"),
            RequestPath = "/assets",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseEndpoints(MapEndpoints);
    }

    public static void MapEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        routes.MapLogin();
        routes.MapOverview();
        routes.MapAlerts();
        routes.MapWatchlists();
        routes.MapSources();
        routes.MapAudit();
        routes.MapReports();
        routes.MapWebhooks();
        routes.MapMetrics();
        // The API's shape is for its clients, as the API is: signed-in sessions and API keys only.
        routes.MapOpenApi(ParapetOpenApi.Route).RequireAuthorization();
    }

    /// <summary>API clients get a status code; people in a browser are sent to the login page.</summary>
    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/metrics")
            || ctx.Request.Path.StartsWithSegments("/openapi") || status == 403)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task SecurityHeaders(HttpContext ctx, Func<Task> next)
    {
        var h = ctx.Response.Headers;
        // Post text is hostile: even if some markup slipped through encoding, no inline script could run.
        h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        return next();
    }
}
