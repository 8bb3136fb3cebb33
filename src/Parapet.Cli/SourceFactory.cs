using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Sources.Jetstream;
using Parapet.Sources.Replay;

namespace Parapet.Cli;

/// <summary>Builds the sources of a <c>run</c> from its <c>--source</c> specs.</summary>
/// <param name="durableCursor">The cursor the store last committed for a source name, for sources that resume.</param>
internal sealed class SourceFactory(double? linesPerSecond, Func<string, long?> durableCursor, ILoggerFactory loggers, TimeProvider time)
{
    public const string Kinds = "replay:FILE, jetstream, jetstream:ws[s]://HOST/subscribe";

    public IPostSource FromSpec(string spec)
    {
        var colon = spec.IndexOf(':');
        var kind = colon < 0 ? spec : spec[..colon];
        var target = colon < 0 ? "" : spec[(colon + 1)..];
        switch (kind)
        {
            case "replay" when target.Length > 0:
                return Replay(target, $"--source {spec}");
            case "replay":
                throw new UsageException("--source replay:FILE needs a file");
            case "jetstream":
                var endpoints = target.Length == 0
                    ? JetstreamOptions.PublicEndpoints
                    : target.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(e => WebSocketUri(e, $"--source {spec}")).ToList();
                return Jetstream(new JetstreamOptions { Endpoints = endpoints });
            default:
                throw new UsageException($"--source {spec}: unknown source kind '{kind}' (supported: {Kinds})");
        }
    }

    internal IPostSource Replay(string file, string where)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"{where}: no such file '{file}'");
        }

        return new ReplaySource(file, linesPerSecond, time);
    }

    internal IPostSource Jetstream(JetstreamOptions options) =>
        new JetstreamSource(JetstreamName(options.Endpoints), options, durableCursor, time, loggers.CreateLogger<JetstreamSource>());

    /// <summary>
    /// The name a Jetstream source's cursor is stored under: one name for the public instances (their cursors are
    /// interchangeable, give or take the rewind), the endpoint list otherwise.
    /// </summary>
    internal static string JetstreamName(IReadOnlyList<Uri> endpoints) =>
        endpoints.SequenceEqual(JetstreamOptions.PublicEndpoints)
            ? "jetstream"
            : "jetstream:" + string.Join(',', endpoints.Select(e => e.ToString()));

    internal static Uri WebSocketUri(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"
            ? uri
            : throw new UsageException($"{where}: '{value}' is not a ws:// or wss:// URL");

    internal static Uri HttpUri(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new UsageException($"{where}: '{value}' is not an http:// or https:// URL");
}
