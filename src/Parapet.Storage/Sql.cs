using System.Data;
using System.Data.Common;

namespace Parapet.Storage;

/// <summary>
/// Commands written once for both engines: parameters are <c>@name</c> in the SQL and typed here, so a null
/// still tells PostgreSQL what it is (SQLite does not mind either way).
/// </summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    public static void Execute(DbConnection connection, string sql, DbTransaction? tx = null)
    {
        using var cmd = Command(connection, tx, sql);
        cmd.ExecuteNonQuery();
    }

    public static void Add(this DbCommand cmd, string name, string? value) => Add(cmd, name, Storable(value), DbType.String);

    /// <summary>
    /// Text as both engines store it. PostgreSQL's text holds neither U+0000 nor half a surrogate pair (its
    /// driver refuses to encode one, and the batch would fail on every retry); SQLite would store the pair's
    /// half as U+FFFD. So no engine is given either: NULs are dropped, and a lone surrogate becomes U+FFFD.
    /// </summary>
    public static string? Storable(string? value)
    {
        if (value is null || !NeedsCleaning(value))
        {
            return value;
        }

        var clean = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else
            {
                clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return clean.ToString();
    }

    private static bool NeedsCleaning(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[++i]))))
            {
                return true;
            }
        }

        return false;
    }

    public static void Add(this DbCommand cmd, string name, long value) => Add(cmd, name, value, DbType.Int64);

    public static void Add(this DbCommand cmd, string name, long? value) => Add(cmd, name, value, DbType.Int64);

    public static void Add(this DbCommand cmd, string name, int value) => Add(cmd, name, value, DbType.Int32);

    public static void Add(this DbCommand cmd, string name, double value) => Add(cmd, name, value, DbType.Double);

    /// <summary>A count or sum, whichever numeric type the engine returns it as (PostgreSQL sums bigints into numeric).</summary>
    public static long Long(object? value) => value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Adds to one of the store's running totals (the transparency report splits them by day).</summary>
    public static void Bump(DbConnection connection, DbTransaction? tx, string name, long n)
    {
        using var cmd = Command(connection, tx,
            "INSERT INTO counters(name, value) VALUES (@name, @n) ON CONFLICT(name) DO UPDATE SET value = counters.value + @n");
        cmd.Add("name", name);
        cmd.Add("n", n);
        cmd.ExecuteNonQuery();
    }

    private static void Add(DbCommand cmd, string name, object? value, DbType type)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }
}
