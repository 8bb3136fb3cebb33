using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Pipeline;
using Parapet.Sources.Jetstream;
using Parapet.Storage;
using Parapet.Watchlists;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet run --watchlist W --source SPEC [--source …] [--config FILE] [--db PATH] [--speed N|max] [--once]</c>: the live pipeline.
/// Without <c>--once</c> it keeps running after the sources end, until Ctrl-C.
/// </summary>
internal static class RunCommand
{
    public const string DefaultDb = "parapet.db";

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--watchlist", "--source", "--db", "--speed", "--retention-days", "--config", "--urls", "--handle-service"], ["--once"]);
        var config = args.Value("--config") is { } file ? RunConfig.Load(file) : null;
        var configured = config?.Sources ?? [];
        var settings = new RunSettings(
            Watchlist: args.Value("--watchlist") ?? config?.Watchlist ?? throw new UsageException("option --watchlist is required (or 'watchlist:' in the --config file)"),
            Sources: args.Values("--source").Count > 0 || configured.Count > 0 ? args.Values("--source")
                : throw new UsageException("give at least one --source, e.g. --source replay:posts.jsonl, or a --config file with 'sources:'"),
            Db: StoreOption.Resolve(args.Value("--db") ?? config?.Db, DefaultDb),
            LinesPerSecond: ParseSpeed(args.Value("--speed")),
            Once: args.Flag("--once"),
            Retention: TimeSpan.FromDays(args.Value("--retention-days") is { } days ? ParseDays(days) : config?.RetentionDays ?? 7),
            Urls: args.Value("--urls"))
        {
            Configured = configured,
            HandleService = args.Value("--handle-service") ?? config?.HandleService,
        };
        return Execute(settings, Console.Out);
    }

    internal sealed record RunSettings(string Watchlist, IReadOnlyList<string> Sources, string Db, double? LinesPerSecond,
        bool Once, TimeSpan Retention, string? Urls = null, Action<string>? OnServing = null)
    {
        /// <summary>Sources from a config file, run alongside the <c>--source</c> specs.</summary>
        public IReadOnlyList<SourceSpec> Configured { get; init; } = [];

        /// <summary>Where the watchlist's Bluesky handles are resolved at start-up (default the public AppView); "off" for none.</summary>
        public string? HandleService { get; init; }
    }

    internal static int Execute(RunSettings settings, TextWriter terminal)
    {
        var watchlist = WatchlistFile.Load(settings.Watchlist);
        var handleService = settings.HandleService is "off" ? null : ParseHandleService(settings.HandleService);
        var time = TimeProvider.System;
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));
        // Sources are checked before the store is created; they read their cursors from it once running.
        SqlStore? opened = null;
        var specs = settings.Sources.Select(SourceSpec.Parse).Concat(settings.Configured).ToList();
        using var factory = new SourceFactory(settings.LinesPerSecond, name => opened?.GetCursor(name), loggerFactory, time);
        var sources = specs.Select(factory.Create).ToList();
        var logger = loggerFactory.CreateLogger<PostPipeline>();
        using var store = StoreOption.Open(settings.Db, time);
        opened = store;
        using var metrics = new PipelineMetrics();
        // --once is a batch run: it exits when drained, so there is no dashboard to serve.
        // A watchlist saved on the dashboard is matched with from the next post, without a restart.
        var live = new LiveWatchlist(watchlist);
        using var dashboard = settings.Once ? null
            : Dashboard.Start(settings.Urls ?? Dashboard.DefaultUrls, settings.Db, settings.Watchlist, live, sources, metrics, time);
        if (handleService is not null && live.Matcher.Accounts.UnresolvedHandles.Count > 0)
        {
            using var http = new HttpClient();
            var resolver = new HandleResolver(http, handleService, time, loggerFactory.CreateLogger<HandleResolver>());
            resolver.ResolveAsync(live.Matcher.Accounts, CancellationToken.None).GetAwaiter().GetResult();
        }

        var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        var pipeline = new PostPipeline(sources, () => PostAnalyzer.WithShippedModels(live.Matcher), store,
            [new TerminalAlertSink(terminal, color), .. dashboard?.Sinks ?? []], metrics, logger, time,
            new PipelineOptions { Retention = settings.Retention, WatchlistGeneration = () => live.Generation });

        using var stop = new Interrupt(terminal, "draining the pipeline");
        terminal.WriteLine($"parapet: watching {watchlist.Profiles.Count} profiles from {settings.Watchlist}; store {store.Display}");
        if (dashboard is not null)
        {
            terminal.WriteLine($"parapet: dashboard at {string.Join(", ", dashboard.Addresses)}");
            settings.OnServing?.Invoke(dashboard.Addresses[0]);
        }

        var clock = Stopwatch.StartNew();
        pipeline.RunAsync(stop.Token).GetAwaiter().GetResult();
        terminal.WriteLine(
            $"parapet: {metrics.Lines:N0} lines, {metrics.Posts:N0} posts, {metrics.Matched:N0} matched, {metrics.Alerts:N0} new alerts, " +
            $"{metrics.Deletes:N0} deletions, {metrics.BadLines:N0} bad lines skipped, {clock.Elapsed.TotalSeconds:F1} s" +
            (metrics.Refused > 0 ? $"; {metrics.Refused:N0} store operations refused (see the log)" : ""));
        if (!settings.Once && !stop.Token.IsCancellationRequested)
        {
            terminal.WriteLine("parapet: every source has ended; still running (Ctrl-C to stop, or pass --once to exit here)");
            stop.Token.WaitHandle.WaitOne();
        }

        return 0;
    }

    internal static Uri ParseHandleService(string? value)
    {
        try
        {
            return value is null ? HandleResolver.DefaultService : HandleResolver.ParseService(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--handle-service: {e.Message}");
        }
    }

    internal static double? ParseSpeed(string? value)
    {
        if (value is null or "max")
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"--speed must be a positive number of lines per second or 'max', not '{value}'");
    }

    private static double ParseDays(string? value)
    {
        if (value is null)
        {
            return 7;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"--retention-days must be a positive number, not '{value}'");
    }
}
