using Microsoft.Extensions.Logging;
using Parapet.Pipeline;
using Parapet.Sources.Jetstream;
using Parapet.Sources.Mastodon;
using Parapet.Sources.Replay;
using Parapet.Sources.Rss;

namespace Parapet.Cli;

/// <summary>One source of a <c>run</c>, from a <c>--source</c> spec or the <c>sources:</c> of a config file, checked but not started.</summary>
internal abstract record SourceSpec
{
    public const string Forms = "replay:FILE, jetstream, jetstream:ws[s]://HOST/subscribe[,…], rss:http[s]://FEED, mastodon:https://INSTANCE[#TAG]";

    /// <summary>The environment variable a Mastodon access token is read from when none is configured.</summary>
    public const string DefaultTokenVariable = "PARAPET_MASTODON_TOKEN";

    public sealed record Replay(string File) : SourceSpec;

    public sealed record Jetstream(JetstreamOptions Options) : SourceSpec;

    public sealed record Mastodon(MastodonOptions Options) : SourceSpec;

    public sealed record Rss(FeedOptions Options) : SourceSpec;

    public static SourceSpec Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        var kind = colon < 0 ? spec : spec[..colon];
        var target = colon < 0 ? "" : spec[(colon + 1)..];
        var where = $"--source {spec}";
        switch (kind)
        {
            case "replay" when target.Length > 0:
                return new Replay(ExistingFile(target, where));
            case "replay":
                throw new UsageException("--source replay:FILE needs a file");
            case "jetstream" when target.Length == 0:
                return new Jetstream(new JetstreamOptions());
            case "jetstream":
                return new Jetstream(new JetstreamOptions
                {
                    Endpoints = [.. target.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(e => WebSocketUri(e, where))],
                });
            case "rss":
                return new Rss(new FeedOptions { Url = HttpUri(target, where) });
            case "mastodon":
                var hash = target.IndexOf('#');
                var instance = HttpUri(hash < 0 ? target : target[..hash], where);
                var tag = hash < 0 ? null : target[(hash + 1)..];
                return new Mastodon(new MastodonOptions
                {
                    Instance = instance,
                    Stream = tag is null ? "public" : "hashtag",
                    Tag = tag is null ? null : ValidTag(tag, where),
                    AccessToken = Environment.GetEnvironmentVariable(DefaultTokenVariable),
                });
            default:
                throw new UsageException($"{where}: unknown source kind '{kind}' (supported: {Forms})");
        }
    }

    internal static string ExistingFile(string file, string where) =>
        File.Exists(file) ? file : throw new UsageException($"{where}: no such file '{file}'");

    internal static Uri WebSocketUri(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"
            ? uri
            : throw new UsageException($"{where}: '{value}' is not a ws:// or wss:// URL");

    internal static Uri HttpUri(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new UsageException($"{where}: '{value}' is not an http:// or https:// URL");

    internal static string ValidTag(string tag, string where)
    {
        tag = tag.TrimStart('#');
        return tag.Length > 0 && tag.All(c => char.IsLetterOrDigit(c) || c == '_')
            ? tag
            : throw new UsageException($"{where}: '#{tag}' is not a hashtag (letters, digits and _)");
    }
}

/// <summary>Starts the sources of a <c>run</c>.</summary>
/// <param name="durableCursor">The cursor the store last committed for a source name, for sources that resume.</param>
internal sealed class SourceFactory(double? linesPerSecond, Func<string, long?> durableCursor, ILoggerFactory loggers, TimeProvider time)
    : IDisposable
{
    // One client for every HTTP source: connections are pooled per host and refreshed so DNS changes are seen.
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    })
    {
        // Each source times its own requests; a stream must not be cut at a fixed age.
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "Parapet" } },
    });

    public IPostSource Create(SourceSpec spec) => spec switch
    {
        SourceSpec.Replay r => new ReplaySource(r.File, linesPerSecond, time),
        SourceSpec.Jetstream j => new JetstreamSource(JetstreamName(j.Options.Endpoints), j.Options, durableCursor, time,
            loggers.CreateLogger<JetstreamSource>()),
        SourceSpec.Rss r => new RssSource($"rss:{r.Options.Url}", r.Options, _http.Value, time, loggers.CreateLogger<RssSource>()),
        SourceSpec.Mastodon m => new MastodonSource(MastodonName(m.Options), m.Options, _http.Value, time, loggers.CreateLogger<MastodonSource>()),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown source"),
    };

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    /// <summary>
    /// The name a Jetstream source's cursor is stored under: one name for the public instances (their cursors are
    /// interchangeable, give or take the rewind), the endpoint list otherwise.
    /// </summary>
    internal static string JetstreamName(IReadOnlyList<Uri> endpoints) =>
        endpoints.SequenceEqual(JetstreamOptions.PublicEndpoints)
            ? "jetstream"
            : "jetstream:" + string.Join(',', endpoints.Select(e => e.ToString()));

    internal static string MastodonName(MastodonOptions o) =>
        $"mastodon:{o.Instance.Host}/{o.Stream}" + (o.Tag is null ? "" : $"#{o.Tag}");
}
