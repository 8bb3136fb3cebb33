using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Parapet.Tests.Sources;

/// <summary>An HTTP server on a loopback port (Kestrel), each request handed to the test's handler with its index.</summary>
internal sealed class LoopbackHttp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<IHeaderDictionary> _requests = [];
    private readonly Lock _lock = new();

    private LoopbackHttp(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The headers of every request, in order.</summary>
    public IReadOnlyList<IHeaderDictionary> Requests
    {
        get { lock (_lock) { return [.. _requests]; } }
    }

    public static async Task<LoopbackHttp> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackHttp(app);
        app.Run(async context =>
        {
            int index;
            lock (server._lock)
            {
                index = server._requests.Count;
                server._requests.Add(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            }

            await handler(context, index);
        });
        await app.StartAsync();
        server.BaseUri = new Uri(new Uri(app.Urls.First()).GetLeftPart(UriPartial.Authority).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Streaming responses are cut when the host goes.
        }

        await _app.DisposeAsync();
    }
}
