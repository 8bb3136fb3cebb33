namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet demo</c>: replays the bundled sample stream through the whole pipeline into a fresh SQLite file and
/// shows alerts as they are raised.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Slow enough to sign in and watch the alerts arrive in the dashboard, about a minute for the sample.</summary>
    private const double DefaultLinesPerSecond = 4;

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--speed", "--db", "--urls"], []);
        var samples = FindSamples();
        var db = args.Value("--db") ?? Path.Combine(".parapet", "demo.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(db))!);
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(file);
        }

        var password = DemoAccount.Create(db);
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
            Once: false,
            Retention: TimeSpan.FromDays(7),
            Urls: args.Value("--urls"),
            OnServing: url => Console.WriteLine($"""

                Open {url} and sign in as {DemoAccount.Name} with password {password}
                (Ctrl-C stops the demo)

                """)), Console.Out);
    }

    private static string FindSamples()
    {
        var samples = RepositoryPaths.Root() is { } root ? Path.Combine(root, "samples") : null;
        return samples is not null && File.Exists(Path.Combine(samples, "demo-stream.jsonl"))
            ? samples
            : throw new UsageException("cannot find the bundled samples/ folder; run the demo from the repository");
    }
}
