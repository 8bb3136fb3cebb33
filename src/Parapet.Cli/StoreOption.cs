using System.Data.Common;
using Parapet.Storage;

namespace Parapet.Cli;

/// <summary>
/// The store a command works on: <c>--db</c>, else the <c>PARAPET_DB</c> environment variable, else the command's
/// default file. A <c>postgres://</c> URL or a <c>Host=…</c> connection string selects PostgreSQL; anything else
/// is a SQLite file. A password is best left out of both and given as <c>PGPASSWORD</c>, which Npgsql reads.
/// </summary>
internal static class StoreOption
{
    public const string Variable = "PARAPET_DB";

    public static string Resolve(string? value, string defaultFile)
    {
        if (value is not null)
        {
            return value;
        }

        return Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : defaultFile;
    }

    /// <summary>Opens the store, creating and migrating it; a store that cannot be opened is one clear line.</summary>
    public static SqlStore Open(string db, TimeProvider time)
    {
        try
        {
            return SqlStore.Open(db, time);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException
            or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new CannotRunException($"cannot open the store {StoreEngine.Describe(db)}: {e.Message}");
        }
    }

    /// <summary>For commands that read a store and must not create an empty one by mistake.</summary>
    public static void RequireExisting(string db)
    {
        if (!StoreEngine.IsPostgres(db) && !File.Exists(db))
        {
            throw new UsageException($"no store at '{db}'");
        }
    }
}
