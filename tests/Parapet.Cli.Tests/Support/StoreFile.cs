using System.Security.Cryptography;
using System.Text;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Parapet.Storage;

namespace Parapet.Tests.Cli;

/// <summary>One string value found in a table of the store.</summary>
internal sealed record StoredString(string Table, string Column, string Value);

/// <summary>Reads a SQLite file that <c>parapet run</c> wrote, after the process has exited.</summary>
internal static class StoreFile
{
    public static SqliteConnection Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("the store was not created", path);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The key a post is stored under: the lowercase hex SHA-256 of its source id.</summary>
    public static string KeyOf(string postId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(postId)));

    public static IReadOnlyList<string> Tables(SqliteConnection connection) =>
        Column<string>(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");

    public static IReadOnlyDictionary<string, long> RowCounts(string path)
    {
        using var connection = Open(path);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables(connection))
        {
            counts[table] = Scalar<long>(connection, $"SELECT COUNT(*) FROM \"{table}\"");
        }

        return counts;
    }

    /// <summary>Every string value of every column of every table.</summary>
    public static IReadOnlyList<StoredString> AllStrings(string path)
    {
        using var connection = Open(path);
        var values = new List<StoredString>();
        foreach (var table in Tables(connection))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    switch (reader.GetValue(i))
                    {
                        case string s:
                            values.Add(new StoredString(table, reader.GetName(i), s));
                            break;
                        case byte[] blob:
                            values.Add(new StoredString(table, reader.GetName(i), Encoding.UTF8.GetString(blob)));
                            break;
                    }
                }
            }
        }

        return values;
    }

    /// <summary>The raw bytes of the database file and of its write-ahead log, when there is one.</summary>
    public static IReadOnlyList<(string File, byte[] Bytes)> RawFiles(string path) =>
        [.. new[] { path, path + "-wal" }.Where(File.Exists).Select(f => (f, File.ReadAllBytes(f)))];

    public static bool RawContains(IReadOnlyList<(string File, byte[] Bytes)> files, string value)
    {
        var needle = Encoding.UTF8.GetBytes(value);
        return files.Any(f => f.Bytes.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>A connection to the store <c>--db</c> names: a SQLite file or a PostgreSQL database.</summary>
    public static DbConnection Connect(string db) => StoreEngine.For(db).Open();

    public static T Scalar<T>(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        var value = cmd.ExecuteScalar()!;
        return value is T typed ? typed : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<T> Column<T>(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        using var reader = cmd.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    /// <summary>Rows as column name → value, with SQL NULL as null.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows(DbConnection connection, string sql,
        params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        using var reader = cmd.ExecuteReader();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }
}
