using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Storage;
using Xunit;

[assembly: AssemblyFixture(typeof(Parapet.Tests.PostgresServer))]

namespace Parapet.Tests.Storage;

/// <summary>The store on a SQLite file.</summary>
public sealed class SqliteStoreTests : StoreTests, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parapet-store-");

    public SqliteStoreTests()
    {
        Db = Path.Combine(_dir.FullName, "p.db");
    }

    protected override string Db { get; }

    protected override string TablesSql => "SELECT name FROM sqlite_master WHERE type = 'table'";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}

/// <summary>The same store, the same tests, on a real PostgreSQL server.</summary>
public sealed class PostgresStoreTests(PostgresServer server) : StoreTests
{
    protected override string Db { get; } = server.NewDatabase();

    protected override string TablesSql => "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
}

/// <summary>What the store must do, whichever engine holds it.</summary>
public abstract class StoreTests
{
    private const string Did = "did:plc:abcdefghijklmnopqrstuvwx";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    protected abstract string Db { get; }

    protected abstract string TablesSql { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_SamePostTwice_StoresOnceAndAlertsOnce()
    {
        using var store = SqlStore.Open(Db, _time);
        var threat = Analysis("at://" + Did + "/app.bsky.feed.post/3aaa", alert: true);

        var first = await store.WriteAsync([new StoreOp.Save(threat)], Ct);
        var second = await store.WriteAsync([new StoreOp.Save(threat)], Ct);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(1L, Scalar("SELECT posts FROM aggregates WHERE entity = 'hea'"));
    }

    [Fact]
    public async Task WriteAsync_PostWithoutAlert_KeepsNoAuthorAnywhere()
    {
        using var store = SqlStore.Open(Db, _time);
        var quiet = Analysis($"at://{Did}/app.bsky.feed.post/3bbb", alert: false);
        var loudDid = "did:plc:zzzzzzzzzzzzzzzzzzzzzzzz";
        var loud = Analysis($"at://{loudDid}/app.bsky.feed.post/3ccc", alert: true, author: loudDid);

        await store.WriteAsync([new StoreOp.Save(quiet), new StoreOp.Save(loud)], Ct);

        var everything = AllText();
        Assert.DoesNotContain(everything, v => v.Contains(Did, StringComparison.Ordinal));
        Assert.Contains(everything, v => v.Contains(loudDid, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_DeleteOfAlertedPost_LeavesTombstoneWithoutTextOrAuthor()
    {
        using var store = SqlStore.Open(Db, _time);
        var id = $"at://{Did}/app.bsky.feed.post/3ddd";
        await store.WriteAsync([new StoreOp.Save(Analysis(id, alert: true, author: Did))], Ct);

        await store.WriteAsync([new StoreOp.Delete(id)], Ct);

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts WHERE text IS NULL AND author IS NULL AND uri IS NULL AND post_id IS NULL AND deleted_at IS NOT NULL AND severity = 'imminent'"));
        Assert.DoesNotContain(AllText(), v => v.Contains(Did, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_ReplayAfterDelete_DoesNotBringThePostBack()
    {
        using var store = SqlStore.Open(Db, _time);
        var id = $"at://{Did}/app.bsky.feed.post/3eee";
        var post = Analysis(id, alert: false);
        await store.WriteAsync([new StoreOp.Save(post), new StoreOp.Delete(id)], Ct);

        await store.WriteAsync([new StoreOp.Save(post)], Ct);

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM posts"));
    }

    [Fact]
    public async Task WriteAsync_AccountGone_RemovesThatAuthorsAlertData()
    {
        using var store = SqlStore.Open(Db, _time);
        var other = "did:plc:yyyyyyyyyyyyyyyyyyyyyyyy";
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis($"at://{Did}/app.bsky.feed.post/3fff", alert: true, author: Did)),
            new StoreOp.Save(Analysis($"at://{other}/app.bsky.feed.post/3ggg", alert: true, author: other)),
        ], Ct);

        await store.WriteAsync([new StoreOp.AccountGone(Did)], Ct);

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts WHERE author IS NULL AND deleted_at IS NOT NULL"));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM alerts WHERE author = '{other}'"));
    }

    [Fact]
    public async Task PurgeAsync_AfterRetention_RemovesOnlyPostsWithoutAlerts()
    {
        using var store = SqlStore.Open(Db, _time);
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis("post-old-quiet", alert: false)),
            new StoreOp.Save(Analysis("post-old-alert", alert: true, author: "someone")),
        ], Ct);
        _time.Advance(TimeSpan.FromDays(6));
        await store.WriteAsync([new StoreOp.Save(Analysis("post-new-quiet", alert: false))], Ct);

        var early = await store.PurgeAsync(TimeSpan.FromDays(7), Ct);
        _time.Advance(TimeSpan.FromDays(2));
        var late = await store.PurgeAsync(TimeSpan.FromDays(7), Ct);

        Assert.Equal(0, early);
        Assert.Equal(1, late);
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM posts"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM posts WHERE alert = 1"));
        Assert.Equal(3L, Scalar("SELECT SUM(posts) FROM aggregates"));
    }

    [Fact]
    public async Task WriteAsync_Cursor_IsReadBackAfterReopening()
    {
        using (var store = SqlStore.Open(Db, _time))
        {
            await store.WriteAsync([new StoreOp.Cursor("jetstream", 1_779_719_009_132_431)], Ct);
        }

        using var reopened = SqlStore.Open(Db, _time);
        Assert.Equal(1_779_719_009_132_431, reopened.GetCursor("jetstream"));
        Assert.Null(reopened.GetCursor("other"));
        Assert.Equal((long)Migrations.Latest, Scalar("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Open_DatabaseFromNewerVersion_FailsWithClearMessage()
    {
        using (SqlStore.Open(Db, _time))
        {
        }

        Execute("INSERT INTO schema_migrations(version, applied_at) VALUES (999, 0)");
        var error = Assert.Throws<InvalidOperationException>(() => SqlStore.Open(Db, _time));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SentimentAggregates_CountPerEntityAndMinute()
    {
        using var store = SqlStore.Open(Db, _time);
        var at = new DateTimeOffset(2026, 11, 20, 10, 30, 15, TimeSpan.Zero);
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis("a", alert: false, created: at, sentiment: SentimentLabel.Negative)),
            new StoreOp.Save(Analysis("b", alert: false, created: at.AddSeconds(20), sentiment: SentimentLabel.Positive)),
            new StoreOp.Save(Analysis("c", alert: false, created: at.AddMinutes(1), sentiment: SentimentLabel.Negative)),
        ], Ct);

        var minute = at.ToUnixTimeMilliseconds() / 60_000;
        Assert.Equal(2L, Scalar($"SELECT posts FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT negative FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT positive FROM aggregates WHERE entity = 'hea' AND minute = {minute}"));
        Assert.Equal(1L, Scalar($"SELECT negative FROM aggregates WHERE entity = 'hea' AND minute = {minute + 1}"));
    }

    [Fact]
    public async Task Triage_Escalate_QueuesTheWebhookDeliveryAndKeepsHistory()
    {
        using var store = SqlStore.Open(Db, _time);
        var db = new StoreConnections(Db);
        var hook = new Webhooks(db, _time).Create("desk", "http://127.0.0.1:9/hook", "generic", [Webhooks.NewAlert, Webhooks.Escalated]);
        var fresh = await store.WriteAsync([new StoreOp.Save(Analysis($"at://{Did}/app.bsky.feed.post/3hhh", alert: true, author: Did))], Ct);
        var alerts = new AlertRecords(db, _time);
        var id = Assert.Single(fresh).AlertId;

        Assert.True(alerts.Apply(id, "ana", "escalate", null));
        Assert.True(alerts.Apply(id, "ana", "escalate", null));
        Assert.False(alerts.Apply(id + 1000, "ana", "acknowledge", null));

        var pending = new Webhooks(db, _time).Pending(new HashSet<long>(), 10);
        Assert.Equal([Webhooks.NewAlert, Webhooks.Escalated], pending.Select(d => d.Event));
        Assert.All(pending, d => Assert.Equal(hook.Id, d.WebhookId));
        Assert.Equal(["escalate", "escalate"], alerts.History(id).Select(e => e.Action));
        Assert.Equal("escalated", alerts.Get(id)!.Status);
        Assert.Single(alerts.List(new AlertFilter { Entity = "hea", Status = "escalated" }));
        Assert.Empty(alerts.List(new AlertFilter { Entity = "other" }));
    }

    [Fact]
    public void AuditLog_AppendsFromSeveralThreads_KeepAnUnbrokenChain()
    {
        using (SqlStore.Open(Db, _time))
        {
        }

        var audit = new AuditLog(new StoreConnections(Db), _time);
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => audit.Append("ana", "alert.read", $"alert {i}", "from\0 the queue"));

        Assert.Empty(audit.Verify());
        Assert.Equal(40, audit.Count());
        Assert.Single(audit.Search("ALERT 17", null, null, 100));
        Assert.ThrowsAny<DbException>(() => Execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"));
    }

    [Fact]
    public void Accounts_NameInAnotherCase_IsTheSameAccount()
    {
        using (SqlStore.Open(Db, _time))
        {
        }

        var accounts = new Accounts(new StoreConnections(Db), _time);
        accounts.Upsert("Alice", "analyst", "hash-1");
        accounts.Upsert("ALICE", "supervisor", "hash-2");

        var alice = Assert.Single(accounts.All());
        Assert.Equal(("Alice", "supervisor", "hash-2"), (alice.Name, alice.Role, alice.PasswordHash));
        var key = accounts.CreateApiKey(accounts.Find("alice")!.Id, "ci");
        Assert.Equal(alice.Id, accounts.FindByApiKey(key)?.Id);
        Assert.Null(accounts.FindByApiKey(key + "0"));
    }

    [Fact]
    public async Task Aggregates_SeriesAndTransparency_CountWhatWasStored()
    {
        using var store = SqlStore.Open(Db, _time);
        var at = _time.GetUtcNow().AddMinutes(-30);
        await store.WriteAsync(
        [
            new StoreOp.Save(Analysis("q1", alert: false, created: at, sentiment: SentimentLabel.Negative)),
            new StoreOp.Save(Analysis("q2", alert: false, created: at.AddMinutes(1), sentiment: SentimentLabel.Neutral)),
            new StoreOp.Save(Analysis("a1", alert: true, author: "someone", created: at)),
            new StoreOp.Delete("q2"),
        ], Ct);
        var queries = new AggregateQueries(new StoreConnections(Db));

        var hour = Assert.Single(queries.Series(at.AddHours(-1), _time.GetUtcNow(), TimeSpan.FromHours(1)));
        // The daily totals are kept by the database's own UTC day; alerts by when the store raised them.
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var daily = queries.Transparency(today.AddDays(-1), today.AddDays(2));
        var raised = queries.Transparency(_time.GetUtcNow().AddHours(-1), _time.GetUtcNow().AddHours(1));

        Assert.Equal(("hea", 3L, 2L, 1L, 0L), (hour.Entity, hour.Posts, hour.Negative, hour.Neutral, hour.Positive));
        Assert.Equal(3, daily.PostsMatched);
        Assert.Equal(1, daily.DeletionsHonoured);
        Assert.Equal(1, raised.AlertsBySeverity["imminent"]);
    }

    [Fact]
    public void SpikeAlerts_SameEntityAndHour_IsOneAlertWithTheHighestCount()
    {
        using (SqlStore.Open(Db, _time))
        {
        }

        var spikes = new SpikeAlerts(new StoreConnections(Db));
        var hour = new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.Zero);

        Assert.True(spikes.Record("hea", hour, 40, 5, 2, 11, _time.GetUtcNow()));
        Assert.False(spikes.Record("hea", hour, 55, 5, 2, 11, _time.GetUtcNow()));
        Assert.False(spikes.Record("hea", hour, 45, 5, 2, 11, _time.GetUtcNow()));

        Assert.Equal(55, Assert.Single(spikes.Since(hour)).Mentions);
    }

    [Fact]
    public async Task WriteAsync_TextWithNulCharacters_IsStoredWithoutThem() =>
        Assert.Equal("I'm going to shoot up the Eastgate office", await StoredAlertTextAsync("I'm going to shoot\0 up the\0\0 Eastgate office"));

    [Fact]
    public async Task WriteAsync_TextWithALoneSurrogate_IsStoredWithAReplacementCharacter() =>
        Assert.Equal("I'm going to shoot up the \ufffdEastgate office", await StoredAlertTextAsync("I'm going to shoot up the \ud800Eastgate office"));

    /// <summary>Stores one alerting post with <paramref name="text"/> and reads the alert's text back.</summary>
    private async Task<string?> StoredAlertTextAsync(string text)
    {
        using var store = SqlStore.Open(Db, _time);
        var post = Analysis("hostile-text", alert: true, author: "someone");
        post = post with { Post = post.Post with { Text = text } };

        Assert.Single(await store.WriteAsync([new StoreOp.Save(post)], Ct));

        return Assert.Single(new AlertRecords(new StoreConnections(Db), _time).List(new AlertFilter())).Text;
    }

    [Fact]
    public async Task WriteAsync_AlertWithAHugeAuthorField_IsStoredAndFoundByIt()
    {
        using var store = SqlStore.Open(Db, _time);
        // Hex of hashes: it does not compress away, as a run of one letter would.
        var author = "feed-author:" + string.Concat(Enumerable.Range(0, 1_000).Select(i => Parapet.Posts.PostKey.Of($"{i}")));

        Assert.Single(await store.WriteAsync([new StoreOp.Save(Analysis("huge", alert: true, author: author))], Ct));
        await store.WriteAsync([new StoreOp.AccountGone(author)], Ct);

        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM alerts WHERE author IS NULL AND deleted_at IS NOT NULL"));
    }

    [Fact]
    public async Task Open_SeveralAtOnceOnANewStore_AppliesEachVersionOnce()
    {
        var opening = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqlStore.Open(Db, _time), Ct)).ToArray();
        var stores = await Task.WhenAll(opening);
        foreach (var store in stores)
        {
            store.Dispose();
        }

        Assert.Equal((long)Migrations.Latest, Scalar("SELECT COUNT(*) FROM schema_migrations"));
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

    private DbConnection Connect() => StoreEngine.For(Db).Open();

    private long Scalar(string sql)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Every string value in every table.</summary>
    private List<string> AllText()
    {
        using var connection = Connect();
        var tables = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = TablesSql;
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
