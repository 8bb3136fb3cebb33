using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Storage;
using Xunit;

namespace Parapet.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private const string Did = "did:plc:abcdefghijklmnopqrstuvwx";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parapet-store-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private readonly string _db;

    public SqliteStoreTests()
    {
        _db = Path.Combine(_dir.FullName, "p.db");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task WriteAsync_SamePostTwice_StoresOnceAndAlertsOnce()
    {
        using var store = SqlStore.Open(_db, _time);
        var threat = Analysis("at://" + Did + "/app.bsky.feed.post/3aaa", alert: true);

        var first = await store.WriteAsync([new StoreOp.Save(threat)], TestContext.Current.CancellationToken);
        var second = await store.WriteAsync([new StoreOp.Save(threat)], TestContext.Current.CancellationToken);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(1L, Scalar("SELECT posts FROM aggregates WHERE entity = 'hea'"));
    }

    [Fact]
    public async Task WriteAsync_PostWithoutAlert_KeepsNoAuthorAnywhere()
    {
        using var store = SqlStore.Open(_db, _time);
        var quiet = Analysis($"at://{Did}/app.bsky.feed.post/3bbb", alert: false);
        var loudDid = "did:plc:zzzzzzzzzzzzzzzzzzzzzzzz";
        var loud = Analysis($"at://{loudDid}/app.bsky.feed.post/3ccc", alert: true, author: loudDid);

        await store.WriteAsync([new StoreOp.Save(quiet), new StoreOp.Save(loud)], TestContext.Current.CancellationToken);

        var everything = AllText();
        Assert.DoesNotContain(everything, v => v.Contains(Did, StringComparison.Ordinal));
        Assert.Contains(everything, v => v.Contains(loudDid, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_DeleteOfAlertedPost_LeavesTombstoneWithoutTextOrAuthor()
    {
        using var store = SqlStore.Open(_db, _time);
        var id = $"at://{Did}/app.bsky.feed.post/3ddd";
        await store.WriteAsync([new StoreOp.Save(Analysis(id, alert: true, author: Did))], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.Delete(id)], TestContext.Current.CancellationToken);

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts WHERE text IS NULL AND author IS NULL AND uri IS NULL AND post_id IS NULL AND deleted_at IS NOT NULL AND severity = 'imminent'"));
        Assert.DoesNotContain(AllText(), v => v.Contains(Did, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_ReplayAfterDelete_DoesNotBringThePostBack()
    {
        using var store = SqlStore.Open(_db, _time);
        var id = $"at://{Did}/app.bsky.feed.post/3eee";
        var post = Analysis(id, alert: false);
        await store.WriteAsync([new StoreOp.Save(post), new StoreOp.Delete(id)], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.Save(post)], TestContext.Current.CancellationToken);

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM posts"));
    }

    [Fact]
    public async Task WriteAsync_AccountGone_RemovesThatAuthorsAlertData()
    {
        using var store = SqlStore.Open(_db, _time);
        var other = "did:plc:yyyyyyyyyyyyyyyyyyyyyyyy";
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis($"at://{Did}/app.bsky.feed.post/3fff", alert: true, author: Did)),
            new StoreOp.Save(Analysis($"at://{other}/app.bsky.feed.post/3ggg", alert: true, author: other)),
        ], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.AccountGone(Did)], TestContext.Current.CancellationToken);

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts WHERE author IS NULL AND deleted_at IS NOT NULL"));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM alerts WHERE author = '{other}'"));
    }

    [Fact]
    public async Task PurgeAsync_AfterRetention_RemovesOnlyPostsWithoutAlerts()
    {
        using var store = SqlStore.Open(_db, _time);
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis("post-old-quiet", alert: false)),
            new StoreOp.Save(Analysis("post-old-alert", alert: true, author: "someone")),
        ], TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(6));
        await store.WriteAsync([new StoreOp.Save(Analysis("post-new-quiet", alert: false))], TestContext.Current.CancellationToken);

        var early = await store.PurgeAsync(TimeSpan.FromDays(7), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(2));
        var late = await store.PurgeAsync(TimeSpan.FromDays(7), TestContext.Current.CancellationToken);

        Assert.Equal(0, early);
        Assert.Equal(1, late);
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts WHERE alert = 1"));
        Assert.Equal(3L, Scalar("SELECT SUM(posts) FROM aggregates"));
    }

    [Fact]
    public async Task WriteAsync_Cursor_IsReadBackAfterReopening()
    {
        using (var store = SqlStore.Open(_db, _time))
        {
            await store.WriteAsync([new StoreOp.Cursor("jetstream", 1_779_719_009_132_431)], TestContext.Current.CancellationToken);
        }

        using var reopened = SqlStore.Open(_db, _time);
        Assert.Equal(1_779_719_009_132_431, reopened.GetCursor("jetstream"));
        Assert.Null(reopened.GetCursor("other"));
        Assert.Equal((long)Migrations.Latest, Scalar("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Open_DatabaseFromNewerVersion_FailsWithClearMessage()
    {
        using (SqlStore.Open(_db, _time))
        {
        }

        Execute("INSERT INTO schema_migrations(version, applied_at) VALUES (999, 0)");
        var error = Assert.Throws<InvalidOperationException>(() => SqlStore.Open(_db, _time));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SentimentAggregates_CountPerEntityAndMinute()
    {
        using var store = SqlStore.Open(_db, _time);
        var at = new DateTimeOffset(2026, 11, 20, 10, 30, 15, TimeSpan.Zero);
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis("a", alert: false, created: at, sentiment: SentimentLabel.Negative)),
            new StoreOp.Save(Analysis("b", alert: false, created: at.AddSeconds(20), sentiment: SentimentLabel.Positive)),
            new StoreOp.Save(Analysis("c", alert: false, created: at.AddMinutes(1), sentiment: SentimentLabel.Negative)),
        ], TestContext.Current.CancellationToken);

        var minute = at.ToUnixTimeMilliseconds() / 60_000;
        Assert.Equal(2L, Scalar($"SELECT posts FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT negative FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT positive FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT negative FROM aggregates WHERE entity = 'hea' AND minute = {minute + 1}"));
    }

    private static PostAnalysis Analysis(string id, bool alert, string? author = null, DateTimeOffset? created = null,
        SentimentLabel sentiment = SentimentLabel.Negative)
    {
        var post = new Post
        {
            Id = id,
            Text = alert ? "I'm going to shoot up the Eastgate Processing Center tomorrow" : "HEA is a disgrace",
            Author = author,
            Uri = id.StartsWith("at://", StringComparison.Ordinal) ? "https://bsky.app/profile/x/post/y" : null,
            CreatedAt = created,
            Source = "bluesky",
        };
        var threat = alert
            ? new ThreatResult(true, 0.95, ThreatSeverity.Imminent, ["first-person intent"], [0])
            : ThreatResult.None;
        var scores = sentiment switch
        {
            SentimentLabel.Negative => SentimentResult.FromScores(0.8, 0.1, 0.1),
            SentimentLabel.Positive => SentimentResult.FromScores(0.1, 0.1, 0.8),
            _ => SentimentResult.FromScores(0.1, 0.8, 0.1),
        };
        return new PostAnalysis(post, ["hea"], scores, threat, alert) { AlertEntities = alert ? ["hea"] : [] };
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Every string value in every table.</summary>
    private List<string> AllText()
    {
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var values = new List<string>();
        foreach (var table in tables)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is string s)
                    {
                        values.Add(s);
                    }
                }
            }
        }

        return values;
    }
}
