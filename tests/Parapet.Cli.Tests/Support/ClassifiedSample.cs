using System.Text.Json;

namespace Parapet.Tests.Cli;

/// <summary>One output line of <c>parapet classify</c>, kept raw and parsed.</summary>
internal sealed record ClassifiedLine(string Raw, JsonElement Json)
{
    public string Id => Json.GetProperty("id").GetString()!;

    public IReadOnlyList<string> Entities => [.. Json.GetProperty("entities").EnumerateArray().Select(e => e.GetString()!)];

    public bool Alert => Json.GetProperty("alert").GetBoolean();

    public static IReadOnlyList<ClassifiedLine> Parse(IEnumerable<string> lines) =>
        [.. lines.Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return new ClassifiedLine(line, doc.RootElement.Clone());
        })];
}

/// <summary>Runs <c>parapet classify</c>.</summary>
internal static class Classify
{
    public static string[] Args(string input, params string[] extra) =>
        ["classify", "--watchlist", RepoPaths.Watchlist, "--input", input, .. extra];

    public static ProcessResult Run(string input, params string[] extra) => ParapetProcess.Run(Args(input, extra));
}

/// <summary>
/// <c>parapet classify</c> on samples/demo-stream.jsonl, with and without <c>--matched-only</c>, run once for all
/// the tests that compare against it.
/// </summary>
internal sealed class ClassifiedSample
{
    private static readonly Lazy<ClassifiedSample> LazyInstance = new(() => new ClassifiedSample());

    private ClassifiedSample()
    {
        InputPosts = SampleStream.Posts(RepoPaths.DemoStream);
        Full = Classify.Run(RepoPaths.DemoStream);
        MatchedOnly = Classify.Run(RepoPaths.DemoStream, "--matched-only");
        if (Full.ExitCode != 0 || MatchedOnly.ExitCode != 0)
        {
            throw new InvalidOperationException($"classify failed on the demo stream:\n{Full}\n{MatchedOnly}");
        }

        All = ClassifiedLine.Parse(Full.StdoutLines);
        Matched = ClassifiedLine.Parse(MatchedOnly.StdoutLines);
    }

    public static ClassifiedSample Instance => LazyInstance.Value;

    /// <summary>The sample's posts as the test reads them itself.</summary>
    public IReadOnlyList<InputPost> InputPosts { get; }

    public ProcessResult Full { get; }

    public ProcessResult MatchedOnly { get; }

    public IReadOnlyList<ClassifiedLine> All { get; }

    public IReadOnlyList<ClassifiedLine> Matched { get; }

    public IReadOnlySet<string> AlertIds => All.Where(l => l.Alert).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
}
