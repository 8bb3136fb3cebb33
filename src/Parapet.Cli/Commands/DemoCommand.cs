namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet demo</c>: replays the bundled sample stream through the whole pipeline into a fresh SQLite file and
/// shows alerts as they are raised.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Slow enough to watch the alerts arrive, about six seconds for the sample.</summary>
    private const double DefaultLinesPerSecond = 40;

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--speed", "--db"], []);
        var samples = FindSamples();
        var db = args.Value("--db") ?? Path.Combine(".parapet", "demo.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(db))!);
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(file);
        }

        Console.WriteLine($"""
            Parapet demo: replaying {Path.Combine(samples, "demo-stream.jsonl")}
            (fictional organizations; threats, criticism, protest calls, news, sports and chatter).
            Only threats of violence aimed at a watched organization, its sites or its officials raise an alert.

            """);
        return RunCommand.Execute(new RunCommand.RunSettings(
            Watchlist: Path.Combine(samples, "watchlist.yaml"),
            Sources: [$"replay:{Path.Combine(samples, "demo-stream.jsonl")}"],
            Db: db,
            LinesPerSecond: args.Value("--speed") is { } speed ? RunCommand.ParseSpeed(speed) : DefaultLinesPerSecond,
            Once: true,
            Retention: TimeSpan.FromDays(7)), Console.Out);
    }

    private static string FindSamples()
    {
        var samples = RepositoryPaths.Root() is { } root ? Path.Combine(root, "samples") : null;
        return samples is not null && File.Exists(Path.Combine(samples, "demo-stream.jsonl"))
            ? samples
            : throw new UsageException("cannot find the bundled samples/ folder; run the demo from the repository");
    }
}
