using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Storage;
using Xunit;

namespace Parapet.Tests.Storage;

/// <summary>The watched organization's own post an alerting reply answers, kept with the alert and gone when either is deleted.</summary>
public sealed class AlertContextTests : IDisposable
{
    private const string AgencyDid = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d";
    private const string PosterDid = "did:plc:q235v55g5unth4zjjdpacfdr";
    private static readonly string ParentId = $"at://{AgencyDid}/app.bsky.feed.post/3p";
    private static readonly string ReplyId = $"at://{PosterDid}/app.bsky.feed.post/3r";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parapet-store-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private readonly string _db;

    public AlertContextTests() => _db = Path.Combine(_dir.FullName, "p.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private static PostAnalysis Reply(Post? parent) =>
        new(new Post { Id = ReplyId, Text = "you're dead", Author = PosterDid, Source = "bluesky" }, ["hea"],
            new SentimentResult(SentimentLabel.Negative, 0.8, 0.2, 0),
            new ThreatResult(true, 0.7, ThreatSeverity.Concerning, [$"reply to {AgencyDid}'s post: second-person threat: \"you re dead\""], [0]), true)
        {
            AlertEntities = ["hea"],
            Parent = parent,
        };

    private static Post Parent => new() { Id = ParentId, Text = "Our field office opens Monday.", Author = AgencyDid, Source = "bluesky" };

    private AlertRecord Only() => Assert.Single(new AlertRecords(new StoreConnections(_db), _time).List(new AlertFilter()));

    [Fact]
    public async Task WriteAsync_AlertWithParent_KeepsTheParentAsContext()
    {
        using var store = SqlStore.Open(_db, _time);

        await store.WriteAsync([new StoreOp.Save(Reply(Parent))], TestContext.Current.CancellationToken);

        var alert = Only();
        Assert.Equal(ParentId, alert.ContextId);
        Assert.Equal("Our field office opens Monday.", alert.ContextText);
    }

    [Fact]
    public async Task WriteAsync_AlertWithoutParent_HasNoContext()
    {
        using var store = SqlStore.Open(_db, _time);

        await store.WriteAsync([new StoreOp.Save(Reply(null))], TestContext.Current.CancellationToken);

        Assert.Null(Only().ContextText);
    }

    [Fact]
    public async Task WriteAsync_ParentDeletedAtItsSource_RemovesTheContextAndKeepsTheAlert()
    {
        using var store = SqlStore.Open(_db, _time);
        await store.WriteAsync([new StoreOp.Save(Reply(Parent))], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.Delete(ParentId)], TestContext.Current.CancellationToken);

        var alert = Only();
        Assert.Null(alert.ContextId);
        Assert.Null(alert.ContextText);
        Assert.Equal("you're dead", alert.Text);
    }

    [Fact]
    public async Task WriteAsync_OrganizationsAccountGone_RemovesTheContext()
    {
        using var store = SqlStore.Open(_db, _time);
        await store.WriteAsync([new StoreOp.Save(Reply(Parent))], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.AccountGone(AgencyDid)], TestContext.Current.CancellationToken);

        Assert.Null(Only().ContextText);
    }

    [Fact]
    public async Task WriteAsync_ReplyDeletedAtItsSource_LeavesATombstoneWithoutContext()
    {
        using var store = SqlStore.Open(_db, _time);
        await store.WriteAsync([new StoreOp.Save(Reply(Parent))], TestContext.Current.CancellationToken);

        await store.WriteAsync([new StoreOp.Delete(ReplyId)], TestContext.Current.CancellationToken);

        var alert = Only();
        Assert.Null(alert.Text);
        Assert.Null(alert.ContextText);
        Assert.NotNull(alert.DeletedAt);
    }
}
