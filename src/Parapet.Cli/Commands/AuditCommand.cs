using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary><c>parapet audit verify [--db PATH]</c>: walks the audit log's hash chain; exit 1 when a row was edited or deleted.</summary>
internal static class AuditCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--db"], []);
        if (args.Positional is not ["verify"])
        {
            throw new UsageException("usage: parapet audit verify [--db PATH]");
        }

        var db = StoreOption.Resolve(args.Value("--db"), RunCommand.DefaultDb);
        StoreOption.RequireExisting(db);
        // Opening migrates an older store, so the log's tables exist.
        using var store = StoreOption.Open(db, TimeProvider.System);
        var connections = new StoreConnections(store.Engine);
        var problems = new AuditLog(connections, TimeProvider.System).Verify();
        if (problems.Count == 0)
        {
            Console.WriteLine($"audit log intact: {new AuditLog(connections, TimeProvider.System).Count()} entries, hash chain verified");
            return 0;
        }

        Console.WriteLine($"audit log TAMPERED: {problems.Count} problem(s)");
        foreach (var problem in problems)
        {
            Console.WriteLine($"  {problem}");
        }

        return 1;
    }
}
