using System.Text.RegularExpressions;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary><c>parapet run</c> called wrongly: exit code 2, a message, and no store created.</summary>
public sealed class RunUsageTests : IDisposable
{
    private static readonly Regex StackTrace = new(@"^\s+at \S+\(", RegexOptions.Multiline);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_UnknownSourceKind_ExitsTwoWithMessage()
    {
        var db = _temp.File("p.db");

        var result = ParapetProcess.Run(
            ["run", "--watchlist", RepoPaths.Watchlist, "--source", "nosuch:x", "--db", db, "--once"], workingDirectory: _temp.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nosuch", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace, result.Stderr);
        Assert.False(File.Exists(db), "a store was created for a run that could not start");
    }

    [Fact]
    public void Run_DashboardAddressInUse_ExitsOneWithOneLineAndNoStackTrace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var result = ParapetProcess.Run(
            ["run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{RepoPaths.DemoStream}", "--db", _temp.File("p.db"), "--urls", url],
            workingDirectory: _temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot serve the dashboard at {url}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--urls", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace, result.Stdout + result.Stderr);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithDashboardSigterm_DrainsAndExitsZero()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}";
        port.Stop();
        using var run = RunningParapet.Start(
            ["run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{RepoPaths.DemoStream}", "--db", _temp.File("p.db"), "--urls", url],
            _temp.Path);
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!run.Output.Contains("every source has ended; still running", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until && !run.HasExited, run.Output);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        run.Terminate();

        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM did not end the run with exit code 0:\n" + run.Output);
    }

    [Fact]
    public void Run_SpeedNotANumber_ExitsTwoWithMessage()
    {
        var db = _temp.File("p.db");

        var result = ParapetProcess.Run(
            ["run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{RepoPaths.DemoStream}", "--db", db, "--once", "--speed", "abc"],
            workingDirectory: _temp.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--speed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("abc", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace, result.Stderr);
        Assert.False(File.Exists(db), "a store was created for a run that could not start");
    }

    [Fact]
    public void Run_MissingReplayFile_ExitsTwoWithMessage()
    {
        var db = _temp.File("p.db");
        var missing = _temp.File("no-such-stream.jsonl");

        var result = ParapetProcess.Run(
            ["run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{missing}", "--db", db, "--once"], workingDirectory: _temp.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace, result.Stderr);
        Assert.False(File.Exists(db), "a store was created for a run that could not start");
    }
}
