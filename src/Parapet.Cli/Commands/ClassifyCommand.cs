using System.Diagnostics;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Watchlists;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet classify --watchlist W --input F [--output O] [--matched-only]</c>: one JSON line per post, in
/// input order. Bad lines are reported on stderr with their line number and skipped.
/// </summary>
internal static class ClassifyCommand
{
    public const string Usage = "parapet classify --watchlist W --input F|- [--output O] [--matched-only]";

    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--watchlist", "--input", "--output"], ["--matched-only"]);
        var watchlist = WatchlistFile.Load(args.Required("--watchlist"));
        var inputPath = args.Required("--input");
        var matchedOnly = args.Flag("--matched-only");
        var matcher = WatchlistMatcher.Build(watchlist);
        var classifier = new ParallelClassifier(() => PostAnalyzer.WithShippedModels(matcher), matchedOnly);

        var clock = Stopwatch.StartNew();
        using var input = OpenInput(inputPath);
        using var output = OpenOutput(args.Value("--output"));
        var report = new LineErrorReport(inputPath == "-" ? "stdin" : inputPath, Console.Error);
        var totals = classifier.RunAsync(input, output, report.Add, CancellationToken.None).GetAwaiter().GetResult();
        output.Flush();
        report.Finish();
        Console.Error.WriteLine(
            $"classify: {totals.Lines:N0} lines, {totals.Posts:N0} posts, {totals.Matched:N0} matched, {totals.Alerts:N0} alerts, {report.Count:N0} bad lines skipped, {clock.Elapsed.TotalSeconds:F2} s");
        return 0;
    }

    private static Stream OpenInput(string path)
    {
        if (path == "-")
        {
            return Console.OpenStandardInput();
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read input '{path}': {e.Message}");
        }
    }

    private static Stream OpenOutput(string? path)
    {
        if (path is null or "-")
        {
            return new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        }

        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write output '{path}': {e.Message}");
        }
    }
}
