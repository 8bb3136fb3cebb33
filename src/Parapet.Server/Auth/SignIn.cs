using Microsoft.AspNetCore.Identity;
using Parapet.Storage;

namespace Parapet.Server.Auth;

/// <summary>Checks a name and password against the local accounts, upgrading old hashes as it goes.</summary>
internal sealed class SignIn(Accounts accounts, IPasswordHasher<string> hasher)
{
    public const int MinPasswordLength = 12;

    public Account? Check(string name, string password)
    {
        if (accounts.Find(name) is not { } account)
        {
            // Same work as a real check, so a wrong name takes as long as a wrong password.
            hasher.VerifyHashedPassword(name, DummyHash.Value, password);
            return null;
        }

        switch (hasher.VerifyHashedPassword(account.Name, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
                accounts.SetPasswordHash(account.Id, hasher.HashPassword(account.Name, password));
                return account;
            default:
                return null;
        }
    }

    /// <summary>Creates or updates an account; the password rules are checked here, for the CLI and any page.</summary>
    public static void AddUser(Accounts accounts, string name, string role, string password)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.Any(char.IsControl))
        {
            throw new ArgumentException("a user name is 1 to 64 printable characters");
        }

        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"unknown role '{role}' (roles: {string.Join(", ", Roles.All)})");
        }

        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"a password has at least {MinPasswordLength} characters");
        }

        accounts.Upsert(name.Trim(), role, new PasswordHasher<string>().HashPassword(name.Trim(), password));
    }

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<string>().HashPassword("", Guid.NewGuid().ToString()));
}
