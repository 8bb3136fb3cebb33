using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parapet.Storage;

/// <summary>
/// Which database the store lives in: a SQLite file (the default) or a PostgreSQL database, chosen by the
/// <c>--db</c> value (a path, or a <c>postgres://</c> URL or <c>Host=…</c> connection string). The SQL is the
/// same for both wherever the two agree; the few places they do not are the members below.
/// </summary>
public abstract class StoreEngine : IDisposable
{
    public static StoreEngine For(string db) =>
        IsPostgres(db) ? new PostgresEngine(db) : new SqliteEngine(db);

    public static bool IsPostgres(string db) => PostgresEngine.Claims(db);

    /// <summary>The store <paramref name="db"/> names, fit to print: never the password.</summary>
    public static string Describe(string db) => IsPostgres(db) ? PostgresEngine.Safe(db) : db;

    /// <summary>What to print: the file, or the server and database without the password.</summary>
    public abstract string Display { get; }

    /// <summary>A pooled connection with the engine's per-connection settings applied.</summary>
    public abstract DbConnection Open();

    /// <summary>The connection that creates and migrates the store, and that the pipeline writes through.</summary>
    internal abstract DbConnection OpenWriter();

    /// <summary>A write transaction that holds its lock from the start, so a read inside it cannot go stale.</summary>
    internal abstract DbTransaction BeginImmediate(DbConnection connection, string lockName);

    /// <summary>
    /// Makes transactions that take the same named lock run one after another from here to their commit.
    /// SQLite needs nothing: its writers already take turns.
    /// </summary>
    internal virtual void Serialize(DbConnection connection, DbTransaction tx, string lockName)
    {
    }

    /// <summary>SQL that is true when the JSON array in <paramref name="column"/> holds <paramref name="parameter"/>.</summary>
    internal abstract string JsonArrayHas(string column, string parameter);

    /// <summary>SQL that is true when <paramref name="haystack"/> contains <paramref name="needle"/>.</summary>
    internal abstract string Contains(string haystack, string needle);

    internal abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>Errors that a retry of the same transaction can get past (a deadlock, a lost connection).</summary>
    internal abstract bool IsTransient(DbException e);

    /// <summary>
    /// How many deletions go to the database in one command. A round trip to a server is what PostgreSQL's
    /// costs; SQLite has none, and binds every parameter of a command to each of its statements.
    /// </summary>
    internal abstract int DeletesPerCommand { get; }

    /// <summary>SQLite keeps one writer connection open; PostgreSQL takes one from its pool per batch, so a restarted server is simply reconnected to.</summary>
    internal abstract bool KeepsWriter { get; }

    internal virtual void Closing(DbConnection writer)
    {
    }

    /// <summary>Closes the engine's pooled connections.</summary>
    public virtual void Dispose()
    {
    }
}

internal sealed class SqliteEngine(string path) : StoreEngine
{
    private readonly string _readers = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private readonly string _writer = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    public override string Display => path;

    internal override bool KeepsWriter => true;

    internal override int DeletesPerCommand => 1;

    /// <summary>
    /// Extra connections to the WAL file for the dashboard: readers never wait for the pipeline's writer, and the
    /// dashboard's own small writes wait their turn through SQLite's busy timeout.
    /// </summary>
    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_readers);
        connection.Open();
        Sql.Execute(connection, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;");
        return connection;
    }

    internal override DbConnection OpenWriter()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_writer);
        connection.Open();
        // secure_delete: a post deleted at its source must not linger in freed pages of the file.
        Sql.Execute(connection, "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
        return connection;
    }

    internal override DbTransaction BeginImmediate(DbConnection connection, string lockName) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    internal override string JsonArrayHas(string column, string parameter) =>
        $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {parameter})";

    internal override string Contains(string haystack, string needle) => $"instr({haystack}, {needle}) > 0";

    internal override IReadOnlyList<(int Version, string Sql)> Migrations => SqliteMigrations.Steps;

    internal override bool IsTransient(DbException e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    internal override void Closing(DbConnection writer)
    {
        // Fold the write-ahead log into the file and empty it, so old page images (deleted posts) leave with it.
        try
        {
            Sql.Execute(writer, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
            // Another reader holds the log; the next checkpoint will do it.
        }
    }
}

internal sealed class PostgresEngine : StoreEngine
{
    private readonly NpgsqlDataSource _source;

    public PostgresEngine(string db)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ToConnectionString(db));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--db: not a PostgreSQL connection string or URL: {e.Message}", nameof(db), e);
        }

        builder.ApplicationName ??= "parapet";
        Display = Describe(builder);
        _source = NpgsqlDataSource.Create(builder);
    }

    public static string Safe(string db)
    {
        try
        {
            return Describe(new NpgsqlConnectionStringBuilder(ToConnectionString(db)));
        }
        catch (ArgumentException)
        {
            return "(a PostgreSQL connection string that does not parse)";
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";

    public override string Display { get; }

    internal override bool KeepsWriter => false;

    internal override int DeletesPerCommand => 100;

    public static bool Claims(string db) =>
        db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || db.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public override DbConnection Open() => _source.OpenConnection();

    internal override DbConnection OpenWriter() => _source.OpenConnection();

    internal override DbTransaction BeginImmediate(DbConnection connection, string lockName)
    {
        var tx = connection.BeginTransaction();
        Serialize(connection, tx, lockName);
        return tx;
    }

    internal override void Serialize(DbConnection connection, DbTransaction tx, string lockName)
    {
        // A lock held to the end of the transaction, by name: what SQLite's one writer gives by the file.
        using var cmd = Sql.Command(connection, tx, "SELECT pg_advisory_xact_lock(hashtext(@name))");
        cmd.Add("name", "parapet:" + lockName);
        cmd.ExecuteNonQuery();
    }

    internal override string JsonArrayHas(string column, string parameter) => $"({column})::jsonb ? ({parameter})";

    internal override string Contains(string haystack, string needle) => $"strpos({haystack}, {needle}) > 0";

    internal override IReadOnlyList<(int Version, string Sql)> Migrations => PostgresMigrations.Steps;

    internal override bool IsTransient(DbException e) =>
        e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: "40P01" or "40001" };

    public override void Dispose() => _source.Dispose();

    /// <summary>Turns <c>postgres://user:password@host:port/db?key=value</c> into Npgsql's keyword form.</summary>
    internal static string ToConnectionString(string db)
    {
        if (!db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(db, UriKind.Absolute, out var uri))
        {
            return db;
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (uri.UserInfo.Split(':', 2) is [_, var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            builder[Uri.UnescapeDataString(key)] = Uri.UnescapeDataString(value);
        }

        return builder.ConnectionString;
    }
}
