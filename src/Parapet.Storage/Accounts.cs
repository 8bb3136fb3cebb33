using System.Security.Cryptography;
using System.Text;
using System.Data.Common;

namespace Parapet.Storage;

public sealed record Account(long Id, string Name, string Role, string PasswordHash);

/// <summary>Local accounts and their API keys. Passwords arrive hashed; API keys are kept only as a SHA-256.</summary>
public sealed class Accounts(StoreConnections db, TimeProvider time)
{
    public const string ApiKeyPrefix = "pk_";

    public Account? Find(string name)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT id, name, role, password_hash FROM users WHERE name = @name");
        cmd.Add("name", name);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Account(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)) : null;
    }

    public IReadOnlyList<Account> All()
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT id, name, role, password_hash FROM users ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<Account>();
        while (r.Read())
        {
            list.Add(new Account(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return list;
    }

    /// <summary>Creates the account, or replaces its password and role when it exists.</summary>
    public void Upsert(string name, string role, string passwordHash)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            INSERT INTO users(name, password_hash, role, created_at) VALUES (@name, @hash, @role, @now)
            ON CONFLICT(name) DO UPDATE SET password_hash = @hash, role = @role
            """);
        cmd.Add("name", name);
        cmd.Add("hash", passwordHash);
        cmd.Add("role", role);
        cmd.Add("now", time.GetUtcNow().ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
    }

    public void SetPasswordHash(long userId, string passwordHash)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "UPDATE users SET password_hash = @hash WHERE id = @id");
        cmd.Add("hash", passwordHash);
        cmd.Add("id", userId);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Makes a new key for the account and returns it; only its hash is kept, so it is shown once.</summary>
    public string CreateApiKey(long userId, string label)
    {
        var key = ApiKeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using var c = db.Open();
        using var cmd = Sql.Command(c, null,
            "INSERT INTO api_keys(user_id, label, key_hash, created_at) VALUES (@user, @label, @hash, @now)");
        cmd.Add("user", userId);
        cmd.Add("label", label);
        cmd.Add("hash", HashKey(key));
        cmd.Add("now", time.GetUtcNow().ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
        return key;
    }

    public Account? FindByApiKey(string key)
    {
        if (!key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            SELECT u.id, u.name, u.role, u.password_hash FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """);
        cmd.Add("hash", HashKey(key));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Account(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)) : null;
    }

    private static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
