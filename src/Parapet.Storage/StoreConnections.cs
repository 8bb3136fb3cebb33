using Microsoft.Data.Sqlite;

namespace Parapet.Storage;

/// <summary>
/// Extra connections to the store's WAL file for the dashboard: readers never wait for the pipeline's writer,
/// and the dashboard's own small writes wait their turn through SQLite's busy timeout.
/// </summary>
public sealed class StoreConnections(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = path;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        SqliteStore.Execute(connection, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;");
        return connection;
    }

    internal static DateTimeOffset? Time(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    internal static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
