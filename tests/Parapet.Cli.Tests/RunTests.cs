using Xunit;

namespace Parapet.Tests.Cli;

/// <summary><c>parapet run</c> on samples/demo-stream.jsonl into a fresh SQLite file, run once for the class.</summary>
public sealed class DemoRunFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public DemoRunFixture()
    {
        Db = _temp.File("p.db");
        Result = ParapetRun.Replay(RepoPaths.DemoStream, Db, _temp.Path);

        // The bytes as the process left them, before any test opens the file.
        RawFiles = StoreFile.RawFiles(Db);
    }

    internal string Db { get; }

    internal ProcessResult Result { get; }

    internal IReadOnlyList<(string File, byte[] Bytes)> RawFiles { get; }

    public void Dispose() => _temp.Dispose();
}

public sealed class RunTests(DemoRunFixture run) : IClassFixture<DemoRunFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    private static ClassifiedSample Sample => ClassifiedSample.Instance;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_DemoReplay_ExitsZeroAndPrintsEveryAlert()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var alerts = Sample.AlertIds.Count;
        Assert.True(alerts > 0, "classify finds no alert in the demo stream");
        Assert.Equal(alerts, ParapetRun.AlertLines(run.Result).Count);
        Assert.Equal(alerts, ParapetRun.NewAlerts(run.Result));
    }

    [Fact]
    public void Run_DemoReplay_StoresExactlyTheMatchedPosts()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var deleted = SampleStream.DeletedPostIds(RepoPaths.DemoStream);
        var expectedKeys = Sample.Matched.Select(l => l.Id).Where(id => !deleted.Contains(id)).Select(StoreFile.KeyOf).Order(StringComparer.Ordinal).ToList();

        using var db = StoreFile.Open(run.Db);
        Assert.Equal(Sample.Matched.Count - Sample.Matched.Count(l => deleted.Contains(l.Id)), StoreFile.Scalar<long>(db, "SELECT COUNT(*) FROM posts"));
        Assert.Equal(expectedKeys, StoreFile.Column<string>(db, "SELECT key FROM posts ORDER BY key"), StringComparer.Ordinal);
    }

    [Fact]
    public void Run_DemoReplay_StoresOneAlertPerAlertingPost()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var expected = Sample.AlertIds.Order(StringComparer.Ordinal).ToList();

        using var db = StoreFile.Open(run.Db);
        Assert.Equal(expected.Count, StoreFile.Scalar<long>(db, "SELECT COUNT(*) FROM alerts"));
        Assert.Equal(expected, StoreFile.Column<string>(db, "SELECT post_id FROM alerts WHERE post_id IS NOT NULL").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_DemoReplay_KeepsNoAuthorOfPostsWithoutAlert()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var alertIds = Sample.AlertIds;
        var posts = Sample.InputPosts;
        var alertAuthors = posts.Where(p => alertIds.Contains(p.Id) && p.Author is not null).Select(p => p.Author!).ToHashSet(StringComparer.Ordinal);

        // Authors of posts that raised no alert (and of every other Jetstream event), unless they also wrote one that did.
        var unalertedJetstream = posts.Where(p => p.FromJetstream && !alertIds.Contains(p.Id)).Select(p => p.Author!).ToHashSet(StringComparer.Ordinal);
        var hidden = unalertedJetstream
            .Concat(posts.Where(p => !p.FromJetstream && !alertIds.Contains(p.Id) && p.Author is not null).Select(p => p.Author!))
            .Concat(SampleStream.EventDids(RepoPaths.DemoStream))
            .Where(a => !alertAuthors.Contains(a))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains(unalertedJetstream, d => !alertAuthors.Contains(d));

        var stored = StoreFile.AllStrings(run.Db);
        var inTables = (from author in hidden
                        from s in stored
                        where s.Value.Contains(author, StringComparison.Ordinal)
                        select $"{author} in {s.Table}.{s.Column}").ToList();
        Assert.True(inTables.Count == 0, "authors of posts without alert are stored:\n" + string.Join('\n', inTables));

        Assert.NotEmpty(run.RawFiles);
        var inBytes = hidden.Where(a => StoreFile.RawContains(run.RawFiles, a)).ToList();
        Assert.True(inBytes.Count == 0, "authors of posts without alert are in the database files:\n" + string.Join('\n', inBytes));

        // The same checks do find the authors that must be kept.
        var alertedDids = posts.Where(p => p.FromJetstream && alertIds.Contains(p.Id)).Select(p => p.Author!).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(alertedDids);
        Assert.Contains(stored, s => s is { Table: "alerts", Column: "author" } && alertedDids.Contains(s.Value));
        Assert.Contains(alertedDids, d => StoreFile.RawContains(run.RawFiles, d));
    }

    [Fact]
    public void Run_SameReplayTwice_AddsNoRowsAndNoAlerts()
    {
        var dbPath = _temp.File("twice.db");
        var first = ParapetRun.Replay(RepoPaths.DemoStream, dbPath, _temp.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = StoreFile.RowCounts(dbPath);

        var second = ParapetRun.Replay(RepoPaths.DemoStream, dbPath, _temp.Path);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(0, ParapetRun.NewAlerts(second));
        Assert.Empty(ParapetRun.AlertLines(second));
        Assert.Equal(before, StoreFile.RowCounts(dbPath));
    }
}
