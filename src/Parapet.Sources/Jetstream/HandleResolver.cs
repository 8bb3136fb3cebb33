using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Parapet.Matching;

namespace Parapet.Sources.Jetstream;

/// <summary>
/// Resolves the watchlist's own Bluesky handles to DIDs once, at start-up, with <c>com.atproto.identity.resolveHandle</c>
/// on a public service. Only the few handles the watchlist lists are asked about; posters are never looked up.
/// A handle that does not resolve is a warning: it can still be learned from the stream's identity events.
/// </summary>
public sealed partial class HandleResolver(HttpClient http, Uri service, TimeProvider time, ILogger<HandleResolver> logger)
{
    public static readonly Uri DefaultService = new("https://public.api.bsky.app");

    private static readonly TimeSpan PerHandle = TimeSpan.FromSeconds(10);

    /// <summary>The service as given, or why it cannot be used: HTTPS, or plain HTTP on a loopback address only.</summary>
    public static Uri ParseService(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ArgumentException($"the handle resolution service must be an https:// URL, not '{value}'");
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            throw new ArgumentException($"the handle resolution service must use HTTPS (plain HTTP only on a loopback address), not '{value}'");
        }

        return uri;
    }

    /// <summary>Resolves every handle of <paramref name="accounts"/> not bound yet; returns how many were.</summary>
    public async Task<int> ResolveAsync(AccountDirectory accounts, CancellationToken cancellationToken)
    {
        var resolved = 0;
        foreach (var handle in accounts.UnresolvedHandles)
        {
            var did = await ResolveOneAsync(handle, cancellationToken).ConfigureAwait(false);
            if (did is not null && accounts.Resolved(handle, did) is { } bound)
            {
                resolved++;
                LogResolved(bound);
            }
        }

        return resolved;
    }

    private async Task<string?> ResolveOneAsync(string handle, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{service.AbsoluteUri.TrimEnd('/')}/xrpc/com.atproto.identity.resolveHandle?handle={Uri.EscapeDataString(handle)}");
        using var timeout = new CancellationTokenSource(PerHandle, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.GetAsync(uri, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogFailed(handle, service, $"HTTP {(int)response.StatusCode}{Message(body)}");
                return null;
            }

            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("did", out var did)
                && did.ValueKind == JsonValueKind.String && did.GetString() is { } value && Posts.AccountKeys.IsDid(value))
            {
                return value;
            }

            LogFailed(handle, service, "the answer has no valid \"did\"");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(handle, service, $"no answer within {PerHandle.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException)
        {
            LogFailed(handle, service, e.Message);
        }

        return null;
    }

    /// <summary>The XRPC error's own words: <c>{"error":"InvalidRequest","message":"Unable to resolve handle"}</c>.</summary>
    private static string Message(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m)
                && m.ValueKind == JsonValueKind.String ? $": {m.GetString()}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    [LoggerMessage(LogLevel.Information, "Watched account: {Binding} (resolved at start-up)")]
    private partial void LogResolved(string binding);

    [LoggerMessage(LogLevel.Warning, "Watched account @{Handle} could not be resolved at {Service}: {Problem}; it will match once an identity event names it")]
    private partial void LogFailed(string handle, Uri service, string problem);
}
