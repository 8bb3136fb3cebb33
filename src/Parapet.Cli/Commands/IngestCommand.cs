using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parapet.Nats;
using Parapet.Pipeline;
using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet ingest --source SPEC [--source …] [--config FILE] [--nats URL] [--db PATH] [--speed N|max]</c>: reads the
/// sources and publishes every post, deletion and account event to the NATS JetStream stream. Cursors are kept
/// in its own small store; it exits when every source has ended (live sources never do) or at Ctrl-C.
/// </summary>
internal static class IngestCommand
{
    public const string DefaultDb = "parapet-ingest.db";

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--source", "--config", "--db", "--speed", .. ScaleRoles.NatsOptions], []);
        var config = args.Value("--config") is { } file ? RunConfig.Load(file) : null;
        var specs = args.Values("--source").Select(SourceSpec.Parse).Concat(config?.Sources ?? []).ToList();
        if (specs.Count == 0)
        {
            throw new UsageException("give at least one --source, e.g. --source jetstream, or a --config file with 'sources:'");
        }

        var options = ScaleRoles.Options(args);
        var db = StoreOption.Resolve(args.Value("--db"), DefaultDb);
        var time = TimeProvider.System;
        using var loggers = ScaleRoles.Loggers();
        using var stop = new Interrupt(Console.Out, "publishing what was read");
        SqlStore? store = null;
        using var factory = new SourceFactory(RunCommand.ParseSpeed(args.Value("--speed")), name => store?.GetCursor(name), loggers, time);
        var sources = specs.Select(factory.Create).ToList();
        using var opened = StoreOption.Open(db, time);
        store = opened;
        return RunAsync(sources, options, opened, loggers, time, stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(IReadOnlyList<IPostSource> sources, NatsRoleOptions options, SqlStore store,
        ILoggerFactory loggers, TimeProvider time, CancellationToken stop)
    {
        var (connection, js) = await ScaleRoles.ConnectAsync(options, "ingest", loggers, stop).ConfigureAwait(false);
        await using var _ = connection;
        var stats = new IngestStats();
        var publisher = new LinePublisher(js, options,
            (source, cursor, ct) => store.WriteAsync([new StoreOp.Cursor(source, cursor)], ct),
            stats, loggers.CreateLogger<LinePublisher>(), time);
        var lines = Channel.CreateBounded<SourceLine>(new BoundedChannelOptions(4096) { SingleReader = true });
        var logger = loggers.CreateLogger("Parapet.Ingest");
        Console.WriteLine($"parapet ingest: {sources.Count} source(s) → {options.Url} stream {options.Stream}");
        var clock = Stopwatch.StartNew();
        var reading = Task.WhenAll(sources.Select(async s =>
        {
            try
            {
                await s.RunAsync(lines.Writer, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // One failing source never stops the others.
                logger.LogError(e, "Source {Source} failed: {Message}", s.Name, e.Message);
            }
        })).ContinueWith(_ => lines.Writer.Complete(), TaskScheduler.Default);
        // The publisher drains what the sources read, even after Ctrl-C; only NATS being gone for good stops it early.
        await publisher.RunAsync(lines.Reader, CancellationToken.None).ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        Console.WriteLine($"parapet ingest: {stats.Published:N0} published, {stats.Duplicates:N0} duplicates dropped by NATS, " +
            $"{stats.Skipped:N0} lines with nothing to publish, {stats.Bad:N0} bad lines, {stats.Retries:N0} retries, {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
