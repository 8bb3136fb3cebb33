using Parapet.Posts;
using Parapet.Watchlists;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet watchlist test W --input F</c>: checks a watchlist (errors, warnings) and shows, per profile, how many
/// posts of F match, a sample of them and the words that matched.
/// </summary>
internal static class WatchlistCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0 || argv[0] != "test")
        {
            throw new UsageException("usage: parapet watchlist test W --input F");
        }

        var args = new CommandLineArgs(argv.Skip(1).ToList(), ["--input"], []);
        var path = args.Positional.Count == 1 ? args.Positional[0] : throw new UsageException("usage: parapet watchlist test W --input F");
        var watchlist = WatchlistFile.Load(path);
        var input = args.Required("--input");
        if (!File.Exists(input))
        {
            throw new UsageException($"cannot read input '{input}': no such file");
        }

        var posts = new List<Post>();
        var report = new LineErrorReport(input, Console.Error);
        using (var stream = File.OpenRead(input))
        {
            JsonLinesReader.Read(stream, (number, line, oversized) =>
            {
                var parsed = oversized ? new ParsedLine(LineKind.Error, Error: "line is over the size limit") : PostLineParser.Parse(line);
                if (parsed.Kind == LineKind.Error)
                {
                    report.Add(number, parsed.Error!);
                }
                else if (parsed.Post is { } post)
                {
                    posts.Add(post);
                }
            });
        }

        report.Finish();
        var results = WatchlistTester.Test(watchlist, posts);
        Console.WriteLine($"{path}: {watchlist.Profiles.Count} profiles tested against {posts.Count:N0} posts of {input}");
        foreach (var r in results)
        {
            Console.WriteLine();
            Console.WriteLine($"{r.ProfileId}: {r.Matches:N0} matching posts");
            foreach (var sample in r.Samples)
            {
                Console.WriteLine($"  {TerminalText.Safe(sample.PostId, 80)}  matched: {TerminalText.Safe(string.Join(", ", sample.MatchedWords), 120)}");
                Console.WriteLine($"    “{TerminalText.Safe(sample.Text, 200)}”");
            }
        }

        return 0;
    }
}

/// <summary>Loads a watchlist for a command and shows its warnings on stderr.</summary>
internal static class WatchlistFile
{
    public static Watchlist Load(string path)
    {
        var watchlist = WatchlistLoader.Load(path);
        foreach (var warning in watchlist.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        return watchlist;
    }
}
