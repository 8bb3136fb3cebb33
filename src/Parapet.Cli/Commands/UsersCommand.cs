using System.Security.Cryptography;
using Parapet.Server.Auth;
using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>
/// <c>parapet users add NAME --role R [--db PATH] [--password-stdin]</c> creates (or resets) a local account;
/// <c>parapet users key NAME [--label L] [--db PATH]</c> makes an API key for it.
/// </summary>
internal static class UsersCommand
{
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = new CommandLineArgs(argv, ["--role", "--db", "--label"], ["--password-stdin"]);
        if (args.Positional is not [var verb, var name])
        {
            throw new UsageException("usage: parapet users add NAME --role ROLE [--db PATH] [--password-stdin] | parapet users key NAME [--label L] [--db PATH]");
        }

        // Opening creates and migrates the store.
        using var store = StoreOption.Open(StoreOption.Resolve(args.Value("--db"), RunCommand.DefaultDb), TimeProvider.System);
        var db = store.Display;
        var connections = new StoreConnections(store.Engine);
        var accounts = new Accounts(connections, TimeProvider.System);
        var audit = new AuditLog(connections, TimeProvider.System);
        switch (verb)
        {
            case "add":
                var role = args.Required("--role");
                var generated = !args.Flag("--password-stdin");
                var password = generated
                    ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y')
                    : Console.In.ReadLine() ?? "";
                try
                {
                    SignIn.AddUser(accounts, name, role, password);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException(e.Message);
                }

                audit.Append("cli", "user.add", name, role);
                Console.WriteLine(generated
                    ? $"user {name} ({role}) saved in {db}; password: {password}"
                    : $"user {name} ({role}) saved in {db}");
                return 0;
            case "key":
                if (accounts.Find(name) is not { } account)
                {
                    throw new UsageException($"no user '{name}' in {db}");
                }

                var key = accounts.CreateApiKey(account.Id, args.Value("--label") ?? "cli");
                audit.Append("cli", "apikey.create", name, args.Value("--label") ?? "cli");
                Console.WriteLine($"API key for {name} (shown once; send it as 'Authorization: Bearer KEY'):");
                Console.WriteLine(key);
                return 0;
            default:
                throw new UsageException($"unknown users command '{verb}' (add, key)");
        }
    }
}
