using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Nats;
using Parapet.Sources.Jetstream;
using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet analyze --watchlist W [--nats URL] [--db PATH] [--workers N] [--exit-when-idle S] [--handle-service URL|off]</c>: N workers on the
/// stream's shared durable consumer: match, classify, store, then acknowledge. Run as many processes as needed.
/// </summary>
internal static class AnalyzeCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--watchlist", "--db", "--workers", "--exit-when-idle", "--retention-days", "--handle-service", .. ScaleRoles.NatsOptions], []);
        var watchlist = WatchlistFile.Load(args.Required("--watchlist"));
        var workers = args.Value("--workers") is { } w
            ? int.TryParse(w, out var n) && n is > 0 and <= 64 ? n : throw new UsageException($"--workers is 1 to 64, not '{w}'")
            : 1;
        var idle = args.Value("--exit-when-idle") is { } s ? TimeSpan.FromSeconds(ScaleRoles.Seconds("--exit-when-idle", s)) : (TimeSpan?)null;
        var retention = TimeSpan.FromDays(args.Value("--retention-days") is { } d ? ScaleRoles.Seconds("--retention-days", d) : 7);
        var options = ScaleRoles.Options(args);
        var time = TimeProvider.System;
        using var loggers = ScaleRoles.Loggers();
        using var stop = new Interrupt(Console.Out, "finishing the batches in hand");
        using var store = StoreOption.Open(StoreOption.Resolve(args.Value("--db"), RunCommand.DefaultDb), time);
        var matcher = WatchlistMatcher.Build(watchlist);
        if (args.Value("--handle-service") is not "off" && matcher.Accounts.UnresolvedHandles.Count > 0)
        {
            using var http = new HttpClient();
            new HandleResolver(http, RunCommand.ParseHandleService(args.Value("--handle-service")), time, loggers.CreateLogger<HandleResolver>())
                .ResolveAsync(matcher.Accounts, CancellationToken.None).GetAwaiter().GetResult();
        }

        var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        return RunAsync(options, workers, idle, retention, () => PostAnalyzer.WithShippedModels(matcher), store,
            new TerminalAlertSink(Console.Out, color), loggers, time, stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(NatsRoleOptions options, int workers, TimeSpan? idle, TimeSpan retention, Func<PostAnalyzer> analyzers,
        SqlStore store, TerminalAlertSink terminal, ILoggerFactory loggers, TimeProvider time, CancellationToken stop)
    {
        var (connection, js) = await ScaleRoles.ConnectAsync(options, "analyze", loggers, stop).ConfigureAwait(false);
        await using var _ = connection;
        var consumer = await JetStreamSetup.EnsureConsumerAsync(js, options, stop).ConfigureAwait(false);
        var stats = new AnalyzeStats();
        Console.WriteLine($"parapet analyze: {workers} worker(s) on {options.Url} stream {options.Stream}, consumer {options.Consumer}");
        var clock = Stopwatch.StartNew();
        using var purgeStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var purge = PurgeAsync(store, retention, loggers.CreateLogger("Parapet.Analyze"), time, purgeStop.Token);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ =>
                new AnalyzeWorker(consumer, options, analyzers(), store, [terminal], stats, loggers.CreateLogger<AnalyzeWorker>(), time)
                    .RunAsync(idle, stop))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await purgeStop.CancelAsync().ConfigureAwait(false);
        await purge.ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var (storedP50, storedP99, alertP50, alertP99) = stats.Latency();
        Console.WriteLine($"parapet analyze: {stats.Lines:N0} lines, {stats.Posts:N0} posts, {stats.Matched:N0} matched, {stats.Alerts:N0} new alerts, " +
            $"{stats.Bad:N0} bad lines, {stats.StoreFailures:N0} store failures, {stats.Refused:N0} refused, {seconds:F1} s; {(stats.BusyRate is { } r ? $"{r:N0}" : "n/a")} lines/s while busy");
        Console.WriteLine($"parapet analyze: ingest → stored p50 {ScaleRoles.Ms(storedP50)}, p99 {ScaleRoles.Ms(storedP99)}; " +
            $"alerts p50 {ScaleRoles.Ms(alertP50)}, p99 {ScaleRoles.Ms(alertP99)}");
        if (stats.Busy is ({ } first, { } last))
        {
            // For benchmarks that add up several workers: the window this process had work, in Unix milliseconds.
            Console.WriteLine($"parapet analyze: busy {first.ToUnixTimeMilliseconds()}..{last.ToUnixTimeMilliseconds()}");
        }
        return 0;
    }

    private static async Task PurgeAsync(SqlStore store, TimeSpan retention, ILogger logger, TimeProvider time, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await store.PurgeAsync(retention, stop).ConfigureAwait(false);
                }
                catch (System.Data.Common.DbException e)
                {
                    logger.LogWarning("Retention purge failed, trying again in an hour: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
