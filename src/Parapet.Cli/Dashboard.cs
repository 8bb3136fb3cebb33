using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Server;
using Parapet.Server.Alerts;
using Parapet.Server.Webhooks;

namespace Parapet.Cli;

/// <summary>The dashboard and API, served next to the pipeline and sharing its store, counters and new alerts.</summary>
internal sealed class Dashboard : IDisposable
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private readonly WebApplication _app;
    private Dashboard(WebApplication app, IReadOnlyList<IAlertSink> sinks, IReadOnlyList<string> addresses)
    {
        _app = app;
        Sinks = sinks;
        Addresses = addresses;
    }

    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The sinks the pipeline hands new alerts to: the live queue, and the webhook dispatcher.</summary>
    public IReadOnlyList<IAlertSink> Sinks { get; }

    public static Dashboard Start(string urls, string db, string? watchlistPath, LiveWatchlist? watchlist, IReadOnlyList<IPostSource> sources,
        PipelineMetrics? metrics, TimeProvider time)
    {
        var live = new LiveAlerts();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders()
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            // A failed start (an address in use) is told in one line by the command, not as a host stack trace.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical)
            // Keys live in the user's profile as on any Linux host; the warning says nothing the operator can act on.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddParapetServer(new DashboardOptions
            {
                Db = db,
                WatchlistPath = watchlistPath,
                LiveWatchlist = watchlist,
                // Without a pipeline of its own, the dashboard follows the alerts others store.
                FollowStore = metrics is null,
                Webhooks = new WebhookOptions { DashboardUrl = LinkBase(urls) },
            },
            new PipelineView(sources, metrics, live, time.GetUtcNow()), time);
        var app = builder.Build();
        app.UseParapetServer();
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new CannotRunException($"cannot serve the dashboard at {urls}: {e.Message} (choose another address with --urls)");
        }

        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [urls];
        return new Dashboard(app, [live, app.Services.GetRequiredService<WebhookDispatcher>()], addresses);
    }

    /// <summary>The first address, for links in webhook payloads; none when it names no host a receiver could open.</summary>
    private static string? LinkBase(string urls) =>
        Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out var u) && u.Host is not ("0.0.0.0" or "[::]" or "*" or "+")
            ? u.GetLeftPart(UriPartial.Authority)
            : null;

    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        _app.StopAsync(timeout.Token).GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
