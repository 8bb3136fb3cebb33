using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Data.Common;

namespace Parapet.Storage;

public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail, string Hash);

/// <summary>
/// The append-only audit log. Each row's hash covers its fields and the previous row's hash, so editing or
/// deleting a row breaks the chain from there on; the row count is kept beside it so cutting off the newest
/// rows shows too. Triggers refuse UPDATE and DELETE, which stops mistakes; the chain is what catches intent.
/// </summary>
public sealed class AuditLog(StoreConnections db, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string CountName = "audit_entries";

    public void Append(string actor, string action, string? target = null, string? detail = null)
    {
        // The hash covers the row as stored.
        (actor, action, target, detail) = (Sql.Storable(actor)!, Sql.Storable(action)!, Sql.Storable(target), Sql.Storable(detail));
        using var c = db.Open();
        // BEGIN IMMEDIATE: two appends never read the same previous hash.
        using var tx = db.Engine.BeginImmediate(c, "audit_log");
        using var last = Sql.Command(c, tx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        var (prevSeq, prevHash) = (0L, Genesis);
        using (var r = last.ExecuteReader())
        {
            if (r.Read())
            {
                (prevSeq, prevHash) = (r.GetInt64(0), r.GetString(1));
            }
        }

        var seq = prevSeq + 1;
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var insert = Sql.Command(c, tx, """
            INSERT INTO audit_log(seq, at, actor, action, target, detail, prev_hash, hash)
            VALUES (@seq, @at, @actor, @action, @target, @detail, @prev, @hash)
            """);
        insert.Add("seq", seq);
        insert.Add("at", at);
        insert.Add("actor", actor);
        insert.Add("action", action);
        insert.Add("target", target);
        insert.Add("detail", detail);
        insert.Add("prev", prevHash);
        insert.Add("hash", HashOf(prevHash, seq, at, actor, action, target, detail));
        insert.ExecuteNonQuery();
        using var count = Sql.Command(c, tx,
            "INSERT INTO counters(name, value) VALUES (@name, 1) ON CONFLICT(name) DO UPDATE SET value = counters.value + 1");
        count.Add("name", CountName);
        count.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>Newest first; <paramref name="query"/> matches actor, action, target or detail.</summary>
    public IReadOnlyList<AuditEntry> Search(string? query, DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, $"""
            SELECT seq, at, actor, action, target, detail, hash FROM audit_log
            WHERE (@q IS NULL OR {db.Engine.Contains("lower(actor || ' ' || action || ' ' || COALESCE(target, '') || ' ' || COALESCE(detail, ''))", "lower(@q)")})
              AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
            ORDER BY seq DESC LIMIT @limit
            """);
        cmd.Add("q", string.IsNullOrWhiteSpace(query) ? null : query.Trim());
        cmd.Add("from", from?.ToUnixTimeMilliseconds());
        cmd.Add("to", to?.ToUnixTimeMilliseconds());
        cmd.Add("limit", Math.Clamp(limit, 1, 10_000));
        using var r = cmd.ExecuteReader();
        var list = new List<AuditEntry>();
        while (r.Read())
        {
            list.Add(new AuditEntry(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2),
                r.GetString(3), Sql.Text(r, 4), Sql.Text(r, 5), r.GetString(6)));
        }

        return list;
    }

    /// <summary>Walks the chain; returns one line per problem found, empty when the log is intact.</summary>
    public static IReadOnlyList<string> Verify(DbConnection c)
    {
        var problems = new List<string>();
        using var cmd = Sql.Command(c, null, "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var (expectedSeq, prevHash, rows) = (1L, Genesis, 0L);
        while (r.Read())
        {
            rows++;
            var seq = r.GetInt64(0);
            if (seq != expectedSeq)
            {
                problems.Add(seq - expectedSeq == 1
                    ? $"row {expectedSeq} was deleted"
                    : $"rows {expectedSeq}..{seq - 1} were deleted");
            }

            var stored = r.GetString(7);
            var computed = HashOf(r.GetString(6), seq, r.GetInt64(1), r.GetString(2), r.GetString(3),
                Sql.Text(r, 4), Sql.Text(r, 5));
            if (computed != stored)
            {
                problems.Add($"row {seq} was edited: its contents no longer match its hash");
            }
            else if (r.GetString(6) != prevHash && seq == expectedSeq)
            {
                problems.Add($"row {seq} does not follow row {seq - 1}: the chain is broken");
            }

            prevHash = stored;
            expectedSeq = seq + 1;
        }

        r.Close();
        using var count = Sql.Command(c, null, "SELECT value FROM counters WHERE name = @name");
        count.Add("name", CountName);
        var written = count.ExecuteScalar() is long n ? n : 0;
        if (written > expectedSeq - 1)
        {
            problems.Add(written - (expectedSeq - 1) == 1
                ? $"row {expectedSeq} (the newest) was deleted"
                : $"rows {expectedSeq}..{written} (the newest) were deleted");
        }
        else if (written != rows && problems.Count == 0)
        {
            problems.Add($"the log holds {rows} rows but {written} were written");
        }

        return problems;
    }

    public long Count()
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT COUNT(*) FROM audit_log");
        return Sql.Long(cmd.ExecuteScalar());
    }

    public IReadOnlyList<string> Verify()
    {
        using var c = db.Open();
        return Verify(c);
    }

    internal static string HashOf(string prevHash, long seq, long at, string actor, string action, string? target, string? detail)
    {
        // A JSON array is an unambiguous encoding: no field can pose as two.
        var body = JsonSerializer.Serialize(new object?[] { prevHash, seq, at, actor, action, target, detail });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }
}
