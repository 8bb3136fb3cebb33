using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet serve [--db PATH] [--watchlist W] [--urls URL]</c>: the dashboard and API alone, on the store the analyze
/// workers write; new alerts reach the live queue and webhooks from the store. Runs until Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--db", "--watchlist", "--urls"], []);
        var db = StoreOption.Resolve(args.Value("--db"), RunCommand.DefaultDb);
        var watchlist = args.Value("--watchlist");
        if (watchlist is not null)
        {
            WatchlistFile.Load(watchlist);
        }

        var time = TimeProvider.System;
        // Creates and migrates the store when the workers have not yet.
        StoreOption.Open(db, time).Dispose();
        using var stop = new Interrupt(Console.Out, "closing the dashboard");
        using var dashboard = Dashboard.Start(args.Value("--urls") ?? Dashboard.DefaultUrls, db, watchlist, null, [], null, time);
        Console.WriteLine($"parapet serve: dashboard at {string.Join(", ", dashboard.Addresses)}; store {StoreEngine.Describe(db)}");
        stop.Token.WaitHandle.WaitOne();
        return 0;
    }
}
