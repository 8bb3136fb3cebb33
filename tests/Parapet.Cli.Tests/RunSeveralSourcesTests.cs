using Microsoft.Data.Sqlite;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>Several sources in one <c>parapet run</c>: a dead one does not stop the others.</summary>
public sealed class RunSeveralSourcesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_ReplayJetstreamAndAnUnreachableFeed_StoresWhatTheLiveOnesSend()
    {
        var replayed = _temp.File("posts.jsonl");
        File.WriteAllText(replayed, """{"id":"replay-1","text":"The Harbor Enforcement Agency budget hearing moved to Friday"}""" + "\n");
        var did = "did:plc:together3mxn2hb5wtfyrdj4l";
        var streamed = Jetstream.PostCreate(did, "3n3together01", "Harbor Enforcement Agency office hours are posted",
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        await using var server = await LoopbackJetstream.StartAsync(async request =>
        {
            using var socket = await request.AcceptAsync();
            await JetstreamRequest.SendAsync(socket, streamed, request.Aborted);
            await request.HoldSilentlyAsync(socket);
        });
        var db = _temp.File("p.db");

        using var run = RunningParapet.Start(
            ["run", "--watchlist", RepoPaths.Watchlist, "--db", db, "--source", $"replay:{replayed}",
             "--source", "rss:http://127.0.0.1:9/feed.xml", "--source", $"jetstream:{server.Endpoint}", "--urls", "http://127.0.0.1:0"],
            _temp.Path);

        string[] keys = [StoreFile.KeyOf("replay-1"), StoreFile.KeyOf(SampleStream.JetstreamId(did, "3n3together01"))];
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (StoredCount(db, keys) < keys.Length)
        {
            Assert.False(run.HasExited || DateTime.UtcNow > limit, $"both posts were not stored\n{run.Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.False(run.HasExited, run.Output);
        run.KillHard();
        Assert.Contains("RSS: http://127.0.0.1:9/feed.xml failed", run.Output, StringComparison.Ordinal);
    }

    private static int StoredCount(string db, string[] keys)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            connection.Open();
            return keys.Count(k => StoreFile.Scalar<long>(connection, "SELECT COUNT(*) FROM posts WHERE key = $key", ("$key", k)) == 1);
        }
        catch (SqliteException)
        {
            return 0;
        }
    }
}
