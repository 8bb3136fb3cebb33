using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Parapet.Tests;

/// <summary>
/// A real PostgreSQL server (the machine's PostgreSQL 15, <c>initdb</c> and <c>pg_ctl</c>) on a private loopback
/// port, with its own data folder and socket folder, run as the <c>postgres</c> user when the tests run as root.
/// One per test assembly; each test takes a database of its own. Stop and Start keep the port and the data, as an
/// operator's restart does; a test that stops the server starts one of its own, as others share the assembly's.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string User = "parapet";
    private readonly string _root;
    private readonly string _data;
    private readonly string _sockets;
    private int _databases;

    public PostgresServer()
    {
        _root = Directory.CreateTempSubdirectory("parapet-pg-").FullName;
        _data = Path.Combine(_root, "data");
        _sockets = Path.Combine(_root, "run");
        Directory.CreateDirectory(_sockets);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root; the postgres user owns the folders instead.
            Run("chown", "-R", "postgres:postgres", _root);
        }

        Tool("initdb", "-D", _data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale");
        Start();
    }

    public int Port { get; }

    /// <summary>A fresh, empty database; the connection string Parapet's <c>--db</c> takes.</summary>
    public string NewDatabase()
    {
        var name = $"parapet_{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE {name}";
        cmd.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Database={database};Timeout=5;Command Timeout=30";

    public void Start() =>
        Tool("pg_ctl", "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), "-o",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
            "start");

    /// <summary>A fast shutdown: open connections are cut, as when the server is restarted under load.</summary>
    public void Stop() => Tool("pg_ctl", "-D", _data, "-w", "-m", "fast", "stop");

    public void Dispose()
    {
        try
        {
            Tool("pg_ctl", "-D", _data, "-w", "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static string Bin =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
              ?? throw new InvalidOperationException("PostgreSQL's server binaries are missing under /usr/lib/postgresql (apt-get install postgresql)")
            : throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)");

    private static void Tool(string name, params string[] args)
    {
        var tool = Path.Combine(Bin, name);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", tool, .. args]);
        }
        else
        {
            Run(tool, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}
