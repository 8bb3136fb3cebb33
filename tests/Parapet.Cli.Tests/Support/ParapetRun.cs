using System.Text.RegularExpressions;

namespace Parapet.Tests.Cli;

/// <summary>Runs <c>parapet run … --once</c> on a replay file.</summary>
internal static partial class ParapetRun
{
    public static string[] Args(string replayFile, string db) =>
        ["run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{replayFile}", "--db", db, "--once"];

    public static ProcessResult Replay(string replayFile, string db, string workingDirectory) =>
        ParapetProcess.Run(Args(replayFile, db), workingDirectory: workingDirectory);

    /// <summary>The first line of each alert the terminal shows: <c>ALERT #n SEVERITY  entities  time</c>.</summary>
    public static IReadOnlyList<string> AlertLines(ProcessResult result) =>
        [.. result.StdoutLines.Where(l => AlertLine().IsMatch(l))];

    /// <summary>The count in the closing summary's "N new alerts", or null when there is no summary.</summary>
    public static int? NewAlerts(ProcessResult result) =>
        NewAlertsSummary().Match(result.Stdout) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^ALERT #\d+ ")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"\b([\d,]+) new alerts\b")]
    private static partial Regex NewAlertsSummary();
}
