using System.Data.Common;

namespace Parapet.Storage;

/// <summary>
/// Schema versions, applied in order, each once, each in its own transaction. Both engines have the same
/// versions with the same meaning; each writes them in its own dialect.
/// </summary>
internal static class Migrations
{
    public static int Latest => SqliteMigrations.Steps[^1].Version;

    public static void Apply(StoreEngine engine, DbConnection connection, TimeProvider time)
    {
        foreach (var (step, sql) in engine.Migrations)
        {
            // Lock, then read the version inside: when several processes open a new store at once (analyze
            // workers), one applies each step and the others find it applied.
            using var tx = engine.BeginImmediate(connection, "migrations");
            Sql.Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)", tx);
            using var current = Sql.Command(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            var version = Sql.Long(current.ExecuteScalar());
            if (version > Latest)
            {
                throw new InvalidOperationException(
                    $"the database is at schema version {version}, newer than this build of Parapet knows ({Latest}); upgrade Parapet");
            }

            if (step <= version)
            {
                continue;
            }

            Sql.Execute(connection, sql, tx);
            using var record = Sql.Command(connection, tx, "INSERT INTO schema_migrations(version, applied_at) VALUES (@v, @t)");
            record.Add("v", step);
            record.Add("t", time.GetUtcNow().ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
