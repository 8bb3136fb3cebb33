using Microsoft.Data.Sqlite;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary><c>parapet users</c>, <c>parapet audit verify</c> and <c>parapet report</c> on a real store file.</summary>
public sealed class DashboardCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ProcessResult Parapet(params string[] args) => ParapetProcess.Run(args, workingDirectory: _temp.Path);

    [Fact]
    public void UsersAdd_NewAdmin_PrintsPasswordAndIsAudited()
    {
        var db = _temp.File("p.db");
        var added = Parapet("users", "add", "alice", "--role", "admin", "--db", db);
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Matches(@"user alice \(admin\) saved in .*; password: \S{16,}", added.Stdout);

        var verify = Parapet("audit", "verify", "--db", db);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("audit log intact: 1 entries", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersAdd_UnknownRole_FailsWithUsage()
    {
        var result = Parapet("users", "add", "bob", "--role", "overlord", "--db", _temp.File("p.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown role 'overlord'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditVerify_EditedAndDeletedRows_Exit1AndNamesThem()
    {
        var db = _temp.File("p.db");
        foreach (var name in new[] { "ann", "ben", "cat", "dan" })
        {
            Assert.Equal(0, Parapet("users", "add", name, "--role", "analyst", "--db", db).ExitCode);
        }

        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
                UPDATE audit_log SET detail = 'viewer' WHERE seq = 2;
                DELETE FROM audit_log WHERE seq = 3;
                """;
            cmd.ExecuteNonQuery();
        }

        var verify = Parapet("audit", "verify", "--db", db);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("row 2 was edited", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("row 3 was deleted", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_AfterDemoReplay_CountsTheAlertsAndMatchedPosts()
    {
        var db = _temp.File("p.db");
        var run = ParapetRun.Replay(RepoPaths.DemoStream, db, _temp.Path);
        Assert.True(run.ExitCode == 0, run.ToString());

        var report = Parapet("report", "--format", "csv", "--db", db);

        Assert.True(report.ExitCode == 0, report.ToString());
        var rows = report.StdoutLines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0], r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ClassifiedSample.Instance.AlertIds.Count, rows["alerts_total"]);
        Assert.Equal(ClassifiedSample.Instance.Matched.Count, rows["posts_matched"]);
        Assert.Equal(0, rows["escalations"]);
        Assert.Contains("| Alerts, total |", Parapet("report", "--db", db).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BadFormat_FailsWithUsage()
    {
        var result = Parapet("report", "--format", "pdf", "--db", _temp.File("none.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format is one of md, csv, html", result.Stderr, StringComparison.Ordinal);
    }
}
