using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parapet.Storage;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class AuditTests : IDisposable
{
    private readonly ParapetFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private void Append(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _factory.Audit.Append("analyst", "alert.read", $"alert:{i}");
        }
    }

    /// <summary>Changes the file the way someone with write access to it could: triggers dropped, row edited.</summary>
    private void Tamper(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_factory.Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Verify_UntouchedLog_IsIntact()
    {
        Append(5);
        Assert.Empty(_factory.Audit.Verify());
    }

    [Fact]
    public void Update_AuditRow_IsRefusedByTheStore()
    {
        Append(1);
        using var c = _factory.Connections.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE audit_log SET actor = 'nobody'";
        var error = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EditedRow_NamesTheRow()
    {
        Append(5);
        Tamper("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3");
        Assert.Equal(["row 3 was edited: its contents no longer match its hash"], _factory.Audit.Verify());
    }

    [Fact]
    public void Verify_DeletedRow_NamesTheRow()
    {
        Append(5);
        Tamper("DELETE FROM audit_log WHERE seq = 2");
        Assert.Equal(["row 2 was deleted"], _factory.Audit.Verify());
    }

    [Fact]
    public void Verify_NewestRowDeleted_IsCaught()
    {
        Append(4);
        Tamper("DELETE FROM audit_log WHERE seq = 4");
        Assert.Equal(["row 4 (the newest) was deleted"], _factory.Audit.Verify());
    }

    [Fact]
    public void Verify_RowRehashedAfterEdit_BreaksTheChainAtTheNextRow()
    {
        Append(4);
        var rows = _factory.Audit.Search(null, null, null, 10).OrderBy(e => e.Seq).ToList();
        var forged = AuditLog.HashOf(rows[0].Hash, 2, rows[1].At.ToUnixTimeMilliseconds(), "forger", rows[1].Action, rows[1].Target, null);
        Tamper($"UPDATE audit_log SET actor = 'forger', hash = '{forged}' WHERE seq = 2");
        Assert.Equal(["row 3 does not follow row 2: the chain is broken"], _factory.Audit.Verify());
    }

    [Fact]
    public async Task VerifyApi_AfterTampering_ReportsIt()
    {
        Append(3);
        using var client = _factory.WithApiKey("auditor");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);
        Assert.True(before.GetProperty("intact").GetBoolean());

        Tamper("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 1");

        var after = await client.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);
        Assert.False(after.GetProperty("intact").GetBoolean());
        Assert.Contains("row 1 was edited", after.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchApi_Query_FindsMatchingEntriesOnly()
    {
        _factory.Audit.Append("analyst", "alert.read", "alert:41");
        _factory.Audit.Append("analyst", "alert.read", "alert:42");
        using var client = _factory.WithApiKey("admin");
        var found = await client.GetFromJsonAsync<JsonElement>("/api/audit?q=alert:42", TestContext.Current.CancellationToken);
        Assert.Equal(["alert:42"], found.EnumerateArray().Select(e => e.GetProperty("target").GetString()));
    }
}
