using System.Diagnostics;
using System.Text.Json;
using Parapet.Analysis;
using Parapet.Analysis.Vader;
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
        var watchlist = WatchlistLoader.Load(args.Required("--watchlist"));
        var inputPath = args.Required("--input");
        var matchedOnly = args.Flag("--matched-only");
        var analyzer = new PostAnalyzer(WatchlistMatcher.Build(watchlist), VaderSentimentAnalyzer.Shared);

        var clock = Stopwatch.StartNew();
        using var input = OpenInput(inputPath);
        using var output = OpenOutput(args.Value("--output"));
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        var report = new LineErrorReport(inputPath == "-" ? "stdin" : inputPath, Console.Error);
        long lines = 0, posts = 0, matched = 0, alerts = 0;

        JsonLinesReader.Read(input, (number, line, oversized) =>
        {
            lines++;
            if (oversized)
            {
                report.Add(number, $"line is over the {JsonLinesReader.DefaultMaxLineBytes / 1024 / 1024} MiB limit; skipped");
                return;
            }

            var parsed = PostLineParser.Parse(line);
            if (parsed.Kind == LineKind.Error)
            {
                report.Add(number, parsed.Error!);
                return;
            }

            if (parsed.Kind != LineKind.Post)
            {
                return;
            }

            posts++;
            if (analyzer.Match(parsed.Post!, keepUnmatched: !matchedOnly) is not { } candidate)
            {
                return;
            }

            if (candidate.Matches.Count > 0)
            {
                matched++;
            }

            var analysis = analyzer.Classify(candidate);
            alerts += analysis.Alert ? 1 : 0;
            ClassifyOutput.Write(json, analysis);
            json.Flush();
            output.WriteByte((byte)'\n');
            json.Reset();
        });

        json.Flush();
        output.Flush();
        report.Finish();
        Console.Error.WriteLine(
            $"classify: {lines:N0} lines, {posts:N0} posts, {matched:N0} matched, {alerts:N0} alerts, {report.Count:N0} bad lines skipped, {clock.Elapsed.TotalSeconds:F2} s");
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
