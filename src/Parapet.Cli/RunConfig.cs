using System.Globalization;
using Parapet.Sources.Jetstream;
using Parapet.Sources.Mastodon;
using Parapet.Sources.Rss;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parapet.Cli;

/// <summary>
/// A <c>parapet run --config FILE</c> file (YAML): the watchlist, the store and the sources of a run. Paths are
/// relative to the file. Options given on the command line win over the file.
/// </summary>
internal sealed record RunConfig(string? Watchlist, string? Db, double? RetentionDays, IReadOnlyList<SourceSpec> Sources)
{
    private static readonly string[] TopKeys = ["watchlist", "db", "retention_days", "sources", "handle_service"];
    private static readonly string[] JetstreamKeys = ["endpoints", "stall_seconds", "rewind_seconds"];
    private static readonly string[] MastodonKeys = ["instance", "stream", "tag", "token", "token_env", "stall_seconds"];
    private static readonly string[] RssKeys = ["url", "interval_seconds"];
    private static readonly string[] ReplayKeys = ["file"];

    /// <summary>Where the watchlist's Bluesky handles are resolved at start-up; "off" resolves none.</summary>
    public string? HandleService { get; init; }

    public static RunConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config {path}: {e.Message}");
        }

        var reader = new Reader(path);
        var config = reader.Read(text);
        return reader.Errors.Count > 0
            ? throw new UsageException($"the config file has errors:\n  {string.Join("\n  ", reader.Errors)}")
            : config;
    }

    private sealed class Reader(string path)
    {
        private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(path))!;

        public List<string> Errors { get; } = [];

        public RunConfig Read(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                Errors.Add($"{path}:{e.Start.Line}: {e.Message}");
                return Empty();
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Errors.Add($"{path}: expected a mapping with a 'sources:' list");
                return Empty();
            }

            CheckKeys(root, TopKeys, "the file");
            var sources = new List<SourceSpec>();
            if (Child(root, "sources") is YamlSequenceNode list)
            {
                foreach (var item in list)
                {
                    if (Source(item) is { } spec)
                    {
                        sources.Add(spec);
                    }
                }
            }
            else if (Child(root, "sources") is { } other)
            {
                Error(other, "'sources' must be a list, e.g. '- jetstream: {}'");
            }

            var watchlist = Scalar(root, "watchlist");
            var db = Scalar(root, "db");
            var handleService = Scalar(root, "handle_service");
            if (handleService is not null && handleService != "off")
            {
                try
                {
                    HandleResolver.ParseService(handleService);
                }
                catch (ArgumentException e)
                {
                    Error(Child(root, "handle_service")!, e.Message);
                }
            }

            return new RunConfig(
                watchlist is null ? null : Relative(watchlist),
                db is null ? null : Parapet.Storage.StoreEngine.IsPostgres(db) ? db : Relative(db),
                Number(root, "retention_days", positive: true),
                sources)
            {
                HandleService = handleService,
            };
        }

        private SourceSpec? Source(YamlNode item)
        {
            if (item is not YamlMappingNode { Children.Count: 1 } map || map.Children.First().Key is not YamlScalarNode { Value: { } kind })
            {
                Error(item, "each source is one of 'jetstream:', 'mastodon:', 'rss:' or 'replay:' with its settings");
                return null;
            }

            var body = map.Children.First().Value as YamlMappingNode;
            if (body is null && map.Children.First().Value is not YamlScalarNode { Value: null or "" })
            {
                Error(item, $"the settings of '{kind}' must be a mapping ('{{}}' for the defaults)");
                return null;
            }

            body ??= new YamlMappingNode();
            var where = $"{path}:{item.Start.Line}";
            try
            {
                return kind switch
                {
                    "jetstream" => Jetstream(body, where),
                    "mastodon" => Mastodon(body, where),
                    "rss" => Rss(body, where),
                    "replay" => Replay(body, where),
                    _ => throw new UsageException($"{where}: unknown source kind '{kind}' (jetstream, mastodon, rss or replay)"),
                };
            }
            catch (UsageException e)
            {
                Errors.Add(e.Message);
                return null;
            }
        }

        private SourceSpec.Jetstream Jetstream(YamlMappingNode body, string where)
        {
            CheckKeys(body, JetstreamKeys, "jetstream");
            var options = new JetstreamOptions();
            if (Child(body, "endpoints") is YamlSequenceNode endpoints)
            {
                options = options with
                {
                    Endpoints = [.. endpoints.OfType<YamlScalarNode>().Select(e => SourceSpec.WebSocketUri(e.Value ?? "", where))],
                };
                if (options.Endpoints.Count == 0)
                {
                    throw new UsageException($"{where}: 'endpoints' is empty; leave it out for the public instances");
                }
            }
            else if (Child(body, "endpoints") is { } other)
            {
                Error(other, "'endpoints' must be a list of ws:// or wss:// URLs");
            }

            if (Number(body, "stall_seconds", positive: true) is { } stall)
            {
                options = options with { StallTimeout = TimeSpan.FromSeconds(stall) };
            }

            if (Number(body, "rewind_seconds", positive: false) is { } rewind)
            {
                options = options with { Rewind = TimeSpan.FromSeconds(rewind) };
            }

            return new SourceSpec.Jetstream(options);
        }

        private SourceSpec.Mastodon Mastodon(YamlMappingNode body, string where)
        {
            CheckKeys(body, MastodonKeys, "mastodon");
            var instance = SourceSpec.HttpUri(Scalar(body, "instance") ?? throw new UsageException($"{where}: mastodon needs 'instance: https://…'"), where);
            var stream = Scalar(body, "stream") ?? (Scalar(body, "tag") is null ? "public" : "hashtag");
            if (!MastodonOptions.Streams.Contains(stream))
            {
                throw new UsageException($"{where}: 'stream: {stream}' is not one of {string.Join(", ", MastodonOptions.Streams)}");
            }

            var tag = Scalar(body, "tag");
            if (stream.StartsWith("hashtag", StringComparison.Ordinal) && tag is null)
            {
                throw new UsageException($"{where}: 'stream: {stream}' needs a 'tag:'");
            }

            var token = Scalar(body, "token");
            var variable = Scalar(body, "token_env");
            if (token is not null && variable is not null)
            {
                throw new UsageException($"{where}: give 'token' or 'token_env', not both");
            }

            if (variable is not null)
            {
                token = Environment.GetEnvironmentVariable(variable)
                    ?? throw new UsageException($"{where}: the environment variable {variable} (token_env) is not set");
            }

            var options = new MastodonOptions
            {
                Instance = instance,
                Stream = stream,
                Tag = tag is null ? null : SourceSpec.ValidTag(tag, where),
                AccessToken = token ?? Environment.GetEnvironmentVariable(SourceSpec.DefaultTokenVariable),
            };
            if (Number(body, "stall_seconds", positive: true) is { } stall)
            {
                options = options with { StallTimeout = TimeSpan.FromSeconds(stall) };
            }

            return new SourceSpec.Mastodon(options);
        }

        private SourceSpec.Rss Rss(YamlMappingNode body, string where)
        {
            CheckKeys(body, RssKeys, "rss");
            var url = SourceSpec.HttpUri(Scalar(body, "url") ?? throw new UsageException($"{where}: rss needs 'url: https://…'"), where);
            var options = new FeedOptions { Url = url };
            if (Number(body, "interval_seconds", positive: true) is { } interval)
            {
                options = options with { Interval = TimeSpan.FromSeconds(interval) };
            }

            return new SourceSpec.Rss(options);
        }

        private SourceSpec.Replay Replay(YamlMappingNode body, string where)
        {
            CheckKeys(body, ReplayKeys, "replay");
            var file = Scalar(body, "file") ?? throw new UsageException($"{where}: replay needs 'file: PATH'");
            return new SourceSpec.Replay(SourceSpec.ExistingFile(Relative(file), where));
        }

        private string Relative(string file) => Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(_folder, file));

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private string? Scalar(YamlMappingNode map, string key)
        {
            switch (Child(map, key))
            {
                case null:
                    return null;
                case YamlScalarNode { Value: { Length: > 0 } value }:
                    return value;
                case var node:
                    Error(node, $"'{key}' must be a single value");
                    return null;
            }
        }

        private double? Number(YamlMappingNode map, string key, bool positive)
        {
            if (Scalar(map, key) is not { } text)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && (positive ? n > 0 : n >= 0))
            {
                return n;
            }

            Error(Child(map, key)!, $"'{key}' must be a {(positive ? "positive" : "non-negative")} number, not '{text}'");
            return null;
        }

        private void CheckKeys(YamlMappingNode map, string[] known, string what)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is YamlScalarNode { Value: { } name } && !known.Contains(name))
                {
                    Error(key, $"unknown key '{name}' in {what} (known: {string.Join(", ", known)})");
                }
            }
        }

        private void Error(YamlNode node, string message) => Errors.Add($"{path}:{node.Start.Line}: {message}");

        private static RunConfig Empty() => new(null, null, null, []);
    }
}
