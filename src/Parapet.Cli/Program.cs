using Parapet.Cli;
using Parapet.Cli.Commands;
using Parapet.Watchlists;

const string usage = """
    parapet — finds threats of violence against watched organizations in public post streams

    usage:
      parapet demo                      replay the bundled sample stream and show alerts live
      parapet run --watchlist W --source SPEC [--source …] [--config FILE] [--db PATH] [--speed N|max] [--once] [--urls URL]
                                        SPEC: replay:FILE, jetstream[:ws(s)://…], rss:URL, mastodon:URL[#TAG]
      parapet ingest --source SPEC [--source …] [--nats URL] [--db PATH]   sources → NATS JetStream (scale-out)
      parapet analyze --watchlist W [--nats URL] [--db PATH] [--workers N]  NATS → match, classify, store
      parapet serve [--db PATH] [--watchlist W] [--urls URL]              dashboard and API alone
      parapet classify --watchlist W --input F|- [--output O] [--matched-only]
      parapet watchlist test W --input F   per profile: matching posts, samples, matched words
      parapet eval [--data DIR]         measure detection on public labeled data
      parapet train [--data DIR]        retrain the threat and sentiment models
      parapet users add NAME --role R [--db PATH] [--password-stdin]   create a dashboard account
      parapet users key NAME [--db PATH]  make an API key for REST clients
      parapet audit verify [--db PATH]  check the audit log's hash chain
      parapet report [--from D] [--to D] [--format md|csv|html] [--db PATH]   transparency report

    see README.md for details.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}

var rest = args[1..];
try
{
    return args[0] switch
    {
        "classify" => ClassifyCommand.Run(rest),
        "run" => RunCommand.Run(rest),
        "ingest" => IngestCommand.Run(rest),
        "analyze" => AnalyzeCommand.Run(rest),
        "serve" => ServeCommand.Run(rest),
        "demo" => DemoCommand.Run(rest),
        "eval" => EvalCommand.Run(rest),
        "train" => TrainCommand.Run(rest),
        "watchlist" => WatchlistCommand.Run(rest),
        "users" => UsersCommand.Run(rest),
        "audit" => AuditCommand.Run(rest),
        "report" => ReportCommand.Run(rest),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"parapet: {e.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(usage);
    return 2;
}
catch (CannotRunException e)
{
    Console.Error.WriteLine($"parapet: {e.Message}");
    return 1;
}
catch (WatchlistException e)
{
    Console.Error.WriteLine("parapet: the watchlist has errors:");
    foreach (var error in e.Errors)
    {
        Console.Error.WriteLine($"  {error}");
    }

    return 2;
}
