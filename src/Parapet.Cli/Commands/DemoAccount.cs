using System.Security.Cryptography;
using Parapet.Server.Auth;
using Parapet.Storage;

namespace Parapet.Cli.Commands;

/// <summary>The demo's own account, with a fresh random password each run (the demo's store is new each run too).</summary>
internal static class DemoAccount
{
    public const string Name = "demo";

    public static string Create(string db)
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        using (SqlStore.Open(db, TimeProvider.System))
        {
            // Opening creates and migrates the file.
        }

        SignIn.AddUser(new Accounts(new StoreConnections(db), TimeProvider.System), Name, "admin", password);
        return password;
    }
}
