using Xunit;

namespace Parapet.Tests.Cli;

public sealed class WatchlistTestCommandTests
{
    [Fact]
    public void WatchlistTest_QueriesAgainstSample_ReportsCountsSamplesAndWarnings()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("w.yaml"), """
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                query: "Eastgate NEAR/3 (processing OR center)"
                exclude: ["Eastgate Mall"]
              - id: broad
                name: Broad
                query: "the"
            """);

        var result = ParapetProcess.Run(["watchlist", "test", temp.File("w.yaml"), "--input", RepoPaths.DemoStream]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("profile 'broad': query too broad", result.Stderr, StringComparison.Ordinal);
        var heaLine = result.StdoutLines.Single(l => l.StartsWith("hea: ", StringComparison.Ordinal));
        var count = int.Parse(heaLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var expected = File.ReadLines(RepoPaths.DemoStream).Count(l =>
            l.Contains("Eastgate Processing Center", StringComparison.OrdinalIgnoreCase));
        Assert.True(count >= expected && expected > 0, $"{count} matches, {expected} posts name the center\n{result}");
        Assert.Contains(result.StdoutLines, l => l.Contains("matched: eastgate", StringComparison.Ordinal));
    }

    [Fact]
    public void WatchlistTest_QueryWithSyntaxError_ExitsTwoWithCaret()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("w.yaml"), """
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                query: "Eastgate AND (center"
            """);

        var result = ParapetProcess.Run(["watchlist", "test", temp.File("w.yaml"), "--input", RepoPaths.DemoStream]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("w.yaml:4: query error at column 14: '(' is never closed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("             ^", result.Stderr, StringComparison.Ordinal);
    }
}
