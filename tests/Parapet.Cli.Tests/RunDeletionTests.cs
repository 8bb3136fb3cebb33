using Microsoft.Data.Sqlite;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>Deletions at the source reach the store: a deleted post goes, its alert stays only as a tombstone.</summary>
public sealed class RunDeletionTests : IDisposable
{
    private const string Did = "did:plc:q7vzk3mxn2hb5wtfyrdj4lce";
    private const string Rkey = "3n3bq4xkz7c2s";
    private const string Text = "I'm going to shoot up the Eastgate Processing Center tomorrow";

    private const string OtherDid = "did:plc:w4rj6ts2abyx5mkq7hzd3nfe";
    private const string OtherRkey = "3n3bq5adpe22k";
    private const string OtherText = "Tomorrow I am bringing a bomb to Corvane Plant 2 and blowing the whole place up";

    private static readonly string PostId = SampleStream.JetstreamId(Did, Rkey);
    private static readonly string OtherPostId = SampleStream.JetstreamId(OtherDid, OtherRkey);

    private readonly TempDirectory _temp = new();
    private readonly string _db;

    public RunDeletionTests() => _db = _temp.File("p.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_DeleteEventAfterAlert_RemovesPostAndLeavesTombstone()
    {
        var created = Replay("create.jsonl", Jetstream.PostCreate(Did, Rkey, Text, 1795200000000001));
        Assert.Single(ParapetRun.AlertLines(created));
        string severity;
        using (var db = StoreFile.Open(_db))
        {
            var alert = AlertOf(db, PostId);
            Assert.Equal(Text, alert["text"]);
            Assert.Equal(Did, alert["author"]);
            Assert.Equal(PostId, alert["post_id"]);
            Assert.Contains(Rkey, Assert.IsType<string>(alert["uri"]), StringComparison.Ordinal);
            Assert.Null(alert["deleted_at"]);
            severity = Assert.IsType<string>(alert["severity"]);
            Assert.Equal(1, PostRows(db, PostId));
        }

        Replay("delete.jsonl", Jetstream.PostDelete(Did, Rkey, 1795200000000002));

        using (var db = StoreFile.Open(_db))
        {
            Assert.Equal(0, PostRows(db, PostId));
            Assert.Equal(0, StoreFile.Scalar<long>(db, "SELECT COUNT(*) FROM post_entities WHERE post_key = $key", ("$key", StoreFile.KeyOf(PostId))));
            AssertTombstone(AlertOf(db, PostId), severity);
        }
    }

    [Fact]
    public void Run_PostReplayedAfterItsDeletion_StaysDeleted()
    {
        var create = Jetstream.PostCreate(Did, Rkey, Text, 1795200000000001);
        Replay("create.jsonl", create);
        Replay("delete.jsonl", Jetstream.PostDelete(Did, Rkey, 1795200000000002));

        var again = Replay("create-again.jsonl", create);

        Assert.Empty(ParapetRun.AlertLines(again));
        Assert.Equal(0, ParapetRun.NewAlerts(again));
        using var db = StoreFile.Open(_db);
        Assert.Equal(0, PostRows(db, PostId));
        Assert.Equal(1, StoreFile.Scalar<long>(db, "SELECT COUNT(*) FROM alerts"));
        AssertTombstone(AlertOf(db, PostId), severity: null);
    }

    [Fact]
    public void Run_AccountDeactivated_RemovesTheAuthorsAlertTextAndAuthor()
    {
        var created = Replay("create.jsonl",
            Jetstream.PostCreate(Did, Rkey, Text, 1795200000000001),
            Jetstream.Like(Did, "3n3bq4yc5kx2a", OtherPostId, 1795200000000002),
            Jetstream.PostCreate(OtherDid, OtherRkey, OtherText, 1795200000000003));
        Assert.Equal(2, ParapetRun.AlertLines(created).Count);
        string severity;
        using (var db = StoreFile.Open(_db))
        {
            var alert = AlertOf(db, PostId);
            Assert.Equal(Text, alert["text"]);
            Assert.Equal(Did, alert["author"]);
            severity = Assert.IsType<string>(alert["severity"]);
        }

        Replay("account.jsonl", Jetstream.Account(Did, active: false, 1795200000000004));

        using (var db = StoreFile.Open(_db))
        {
            AssertTombstone(AlertOf(db, PostId), severity);
            Assert.Equal(0, PostRows(db, PostId));

            var other = AlertOf(db, OtherPostId);
            Assert.Equal(OtherText, other["text"]);
            Assert.Equal(OtherDid, other["author"]);
            Assert.Null(other["deleted_at"]);
            Assert.Equal(1, PostRows(db, OtherPostId));
        }

        var left = StoreFile.AllStrings(_db).Where(s => s.Value.Contains(Did, StringComparison.Ordinal)).Select(s => $"{s.Table}.{s.Column}");
        Assert.Empty(left);
    }

    [Fact]
    public void Run_DeleteEventAfterAlert_LeavesNoTraceInTheDatabaseFiles()
    {
        Replay("create.jsonl", Jetstream.PostCreate(Did, Rkey, Text, 1795200000000001));
        Replay("delete.jsonl", Jetstream.PostDelete(Did, Rkey, 1795200000000002));

        var raw = StoreFile.RawFiles(_db);
        Assert.NotEmpty(raw);
        Assert.False(StoreFile.RawContains(raw, Did), $"{Did} is still in the database files");
        Assert.False(StoreFile.RawContains(raw, Text), "the deleted post's text is still in the database files");
    }

    private ProcessResult Replay(string fileName, params string[] lines)
    {
        var file = _temp.File(fileName);
        File.WriteAllLines(file, lines);
        var result = ParapetRun.Replay(file, _db, _temp.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static IReadOnlyDictionary<string, object?> AlertOf(SqliteConnection db, string postId) =>
        Assert.Single(StoreFile.Rows(db, "SELECT * FROM alerts WHERE post_key = $key", ("$key", StoreFile.KeyOf(postId))));

    private static long PostRows(SqliteConnection db, string postId) =>
        StoreFile.Scalar<long>(db, "SELECT COUNT(*) FROM posts WHERE key = $key", ("$key", StoreFile.KeyOf(postId)));

    private static void AssertTombstone(IReadOnlyDictionary<string, object?> alert, string? severity)
    {
        Assert.Null(alert["text"]);
        Assert.Null(alert["author"]);
        Assert.Null(alert["uri"]);
        Assert.Null(alert["post_id"]);
        Assert.NotNull(alert["deleted_at"]);
        var kept = Assert.IsType<string>(alert["severity"]);
        if (severity is not null)
        {
            Assert.Equal(severity, kept);
        }
    }
}
