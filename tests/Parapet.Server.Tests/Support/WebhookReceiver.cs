using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Parapet.Tests.Server;

/// <summary>One request a receiver got: its headers of interest and its body.</summary>
internal sealed record ReceivedHook(string? Event, string? Delivery, string? Timestamp, string? Signature, string ContentType, string Body);

/// <summary>
/// A webhook receiver on a loopback port (HttpListener): records every POST and answers each with the next status
/// of its script, then with <see cref="ThenStatus"/>.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script;
    private readonly Task _loop;

    public WebhookReceiver(params int[] script)
    {
        _script = new ConcurrentQueue<int>(script);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public int ThenStatus { get; set; } = 200;

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public async Task<ReceivedHook> NextAsync(Func<ReceivedHook, bool> which, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (Received.FirstOrDefault(which) is { } hit)
            {
                return hit;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no matching webhook request within {within.TotalSeconds} s; got {Received.Count}");
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var h = ctx.Request.Headers;
            Received.Enqueue(new ReceivedHook(h["X-Parapet-Event"], h["X-Parapet-Delivery"], h["X-Parapet-Timestamp"], h["X-Parapet-Signature"],
                ctx.Request.ContentType ?? "", body));
            ctx.Response.StatusCode = _script.TryDequeue(out var status) ? status : ThenStatus;
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
