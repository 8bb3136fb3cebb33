using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Parapet.Tests;

/// <summary>
/// A Jetstream <c>/subscribe</c> endpoint on a loopback port: a TCP listener that speaks the WebSocket opening
/// handshake (RFC 6455) itself and then hands the connection, as a server-side <see cref="WebSocket"/>, to the test's
/// handler, which decides what the "server" does: stream events, close, stall, refuse with an HTTP status.
/// </summary>
internal sealed class LoopbackJetstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<JetstreamRequest, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _queries = [];
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;

    private LoopbackJetstream(Func<JetstreamRequest, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/subscribe");
        _accepting = AcceptLoopAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>The query string of every connection attempt, in order.</summary>
    public IReadOnlyList<string> Queries
    {
        get { lock (_lock) { return [.. _queries]; } }
    }

    public static Task<LoopbackJetstream> StartAsync(Func<JetstreamRequest, Task> handler) =>
        Task.FromResult(new LoopbackJetstream(handler));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, aborted.Token);
            if (head is null)
            {
                return;
            }

            var (target, headers) = head.Value;
            var q = target.IndexOf('?');
            var query = q < 0 ? "" : target[q..];
            int index;
            lock (_lock)
            {
                index = _queries.Count;
                _queries.Add(query);
            }

            var request = new JetstreamRequest(stream, headers, System.Web.HttpUtility.ParseQueryString(query), index, aborted.Token);
            await _handler(request);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client went away, or the server is stopping.
        }
        finally
        {
            await aborted.CancelAsync();
        }
    }

    private static async Task<(string Target, Dictionary<string, string> Headers)?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. bytes]).Split("\r\n");
        var target = lines[0].Split(' ')[1];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return (target, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}

/// <summary>One connection attempt to <see cref="LoopbackJetstream"/>.</summary>
internal sealed class JetstreamRequest(NetworkStream stream, Dictionary<string, string> headers, NameValueCollection query,
    int index, CancellationToken aborted)
{
    /// <summary>0 for the first connection attempt, 1 for the next…</summary>
    public int Index { get; } = index;

    /// <summary>The <c>cursor</c> query parameter: replay from this <c>time_us</c> on.</summary>
    public long? Cursor => long.TryParse(query["cursor"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;

    public string? WantedCollections => query["wantedCollections"];

    /// <summary>Fires when the server stops.</summary>
    public CancellationToken Aborted { get; } = aborted;

    /// <summary>Refuses the upgrade with an HTTP status, as a proxy or an overloaded instance does.</summary>
    public async Task RefuseAsync(int status, string? retryAfter = null)
    {
        var response = $"HTTP/1.1 {status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n" +
            (retryAfter is null ? "" : $"Retry-After: {retryAfter}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), Aborted);
    }

    public async Task<WebSocket> AcceptAsync()
    {
        var key = headers.GetValueOrDefault("Sec-WebSocket-Key") ?? throw new InvalidOperationException("not a WebSocket request");
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), Aborted);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });
    }

    /// <summary>The events a real instance would send for this request: those at or after the cursor.</summary>
    public IEnumerable<string> Replay(IEnumerable<string> events) =>
        Cursor is { } cursor ? events.Where(e => TimeUs(e) >= cursor) : events;

    public static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    public static async Task CloseAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went first.
        }
    }

    /// <summary>Holds the connection open, sending nothing, until the client gives up on it.</summary>
    public async Task HoldSilentlyAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, Aborted);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    public static long TimeUs(string jetstreamEvent)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(jetstreamEvent);
        return doc.RootElement.GetProperty("time_us").GetInt64();
    }
}
