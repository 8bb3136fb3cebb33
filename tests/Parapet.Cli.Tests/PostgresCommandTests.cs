using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>The single-process commands with <c>--db</c> naming a PostgreSQL database instead of a SQLite file.</summary>
public sealed class PostgresCommandTests(PostgresServer postgres) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ProcessResult Parapet(params string[] args) => ParapetProcess.Run(args, timeout: TimeSpan.FromMinutes(3), workingDirectory: _temp.Path);

    private static (List<string> Posts, List<string> Alerts, long Aggregated) Stored(string db)
    {
        using var c = StoreFile.Connect(db);
        return ([.. StoreFile.Column<string>(c, "SELECT key FROM posts ORDER BY key")],
            [.. StoreFile.Column<string>(c, "SELECT post_key || ' ' || severity || ' ' || COALESCE(text, '-') FROM alerts ORDER BY post_key")],
            StoreFile.Scalar<long>(c, "SELECT COALESCE(SUM(posts), 0) FROM aggregates"));
    }

    [Fact]
    public void Run_OnPostgres_StoresWhatItStoresOnSqlite()
    {
        var pg = postgres.NewDatabase();
        var file = _temp.File("parapet.db");

        var onPostgres = ParapetRun.Replay(RepoPaths.DemoStream, pg, _temp.Path);
        var again = ParapetRun.Replay(RepoPaths.DemoStream, pg, _temp.Path);
        var onSqlite = ParapetRun.Replay(RepoPaths.DemoStream, file, _temp.Path);

        Assert.True(onPostgres.ExitCode == 0 && again.ExitCode == 0 && onSqlite.ExitCode == 0, onPostgres + "\n" + again + "\n" + onSqlite);
        Assert.Equal(ParapetRun.NewAlerts(onSqlite), ParapetRun.NewAlerts(onPostgres));
        Assert.Equal(0, ParapetRun.NewAlerts(again));
        var (posts, alerts, aggregated) = Stored(pg);
        Assert.NotEmpty(alerts);
        var expected = Stored(file);
        Assert.Equal(expected.Posts, posts);
        Assert.Equal(expected.Alerts, alerts);
        Assert.Equal(expected.Aggregated, aggregated);
        Assert.Contains($"store postgresql://127.0.0.1:{postgres.Port}/", onPostgres.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersAuditReport_OnPostgres_WorkAsOnAFile()
    {
        var pg = postgres.NewDatabase();

        var add = Parapet("users", "add", "Ana", "--role", "analyst", "--db", pg);
        var key = Parapet("users", "key", "ana", "--db", pg);
        var verify = Parapet("audit", "verify", "--db", pg);
        var report = Parapet("report", "--format", "csv", "--db", pg);

        Assert.True(add.ExitCode == 0 && key.ExitCode == 0 && verify.ExitCode == 0 && report.ExitCode == 0, $"{add}\n{key}\n{verify}\n{report}");
        Assert.Contains("audit log intact: 2 entries", verify.Stdout, StringComparison.Ordinal);
        using (var c = StoreFile.Connect(pg))
        {
            // Editing a row needs the append-only trigger out of the way, as a privileged intruder would.
            foreach (var sql in new[] { "ALTER TABLE audit_log DISABLE TRIGGER USER", "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1" })
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
        }

        var tampered = Parapet("audit", "verify", "--db", pg);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("row 1 was edited", tampered.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PostgresUnreachable_SaysSoInOneLineWithoutThePassword()
    {
        var result = Parapet("run", "--watchlist", RepoPaths.Watchlist, "--source", $"replay:{RepoPaths.DemoStream}", "--once",
            "--db", "postgres://parapet:sekrit-pw@127.0.0.1:1/nowhere?timeout=2");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("parapet: cannot open the store postgresql://127.0.0.1:1/nowhere: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
        Assert.DoesNotContain("sekrit-pw", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
