using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Storage;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class WatchlistLiveTests : IDisposable
{
    private const string NewProfile = """

          - id: qpl
            name: Quillfeather Public Library
            aliases: ["Quillfeather Public Library", "Quillfeather Library"]
            places: ["Quillfeather Reading Room"]
        """;

    private const string LibraryThreat = "I will shoot the librarians at Quillfeather Public Library on Monday morning. I have the rifle ready.";
    private readonly ParapetFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    private async Task<string> SaveAsync(HttpClient client, string text)
    {
        var page = await client.GetStringAsync("/watchlists", Ct);
        var response = await client.PostAsync("/watchlists", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = text,
            ["intent"] = "save",
            ["__RequestVerificationToken"] = ParapetFactory.TokenOf(page),
        }), Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task Save_ValidWatchlist_ReplacesTheRunningOneAtOnce()
    {
        using var supervisor = await _factory.SignedInAsync("supervisor");
        var text = await File.ReadAllTextAsync(_factory.WatchlistPath, Ct) + NewProfile;

        var html = await SaveAsync(supervisor, text);

        Assert.Contains("matched with it from now on", html, StringComparison.Ordinal);
        Assert.Equal(1, _factory.LiveWatchlist.Generation);
        Assert.Contains(_factory.LiveWatchlist.Current.Profiles, p => p.Id == "qpl");
    }

    [Fact]
    public async Task Save_BrokenWatchlist_KeepsTheRunningOne()
    {
        using var supervisor = await _factory.SignedInAsync("supervisor");

        var html = await SaveAsync(supervisor, "profiles:\n  - id: x\n    aliases: [\"\"]\n");

        Assert.Contains("Not saved", html, StringComparison.Ordinal);
        Assert.Equal(0, _factory.LiveWatchlist.Generation);
    }

    [Fact]
    public async Task Pipeline_WatchlistReplacedMidStream_MatchesLaterPostsWithTheNewOne()
    {
        var live = _factory.LiveWatchlist;
        var source = new GatedSource(
            [Line("before", LibraryThreat), Line("marker", Threats.Knife)],
            [Line("after", LibraryThreat)]);
        var pipeline = new PostPipeline([source], () => PostAnalyzer.WithShippedModels(live.Matcher), _factory.Store, [_factory.Live],
            _factory.Metrics, NullLogger<PostPipeline>.Instance, TimeProvider.System,
            new PipelineOptions { WatchlistGeneration = () => live.Generation });
        var alerts = new AlertRecords(_factory.Connections, TimeProvider.System);

        var run = pipeline.RunAsync(Ct);
        // The marker's alert is stored only after every post before it went through matching.
        while (alerts.List(new AlertFilter()).Count == 0)
        {
            Assert.False(run.IsCompleted, "the pipeline ended before the marker was stored");
            await Task.Delay(20, Ct);
        }

        using var supervisor = await _factory.SignedInAsync("supervisor");
        await SaveAsync(supervisor, await File.ReadAllTextAsync(_factory.WatchlistPath, Ct) + NewProfile);
        source.Open();
        await run;

        var stored = alerts.List(new AlertFilter());
        Assert.Equal(["qpl"], Assert.Single(stored, a => a.PostId == "https://example.social/@x/after").Entities);
        Assert.DoesNotContain(stored, a => a.PostId == "https://example.social/@x/before");
    }

    private static byte[] Line(string id, string text) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
    {
        ["id"] = $"https://example.social/@x/{id}",
        ["text"] = text,
        ["lang"] = "en",
        ["uri"] = $"https://example.social/@x/{id}",
    });

    /// <summary>Sends its first lines, then waits to be opened before it sends the rest and ends.</summary>
    private sealed class GatedSource(byte[][] first, byte[][] rest) : IPostSource
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "gated";

        public void Open() => _gate.TrySetResult();

        public async Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
        {
            var n = 0L;
            foreach (var line in first)
            {
                await output.WriteAsync(new SourceLine(Name, ++n, line), cancellationToken);
            }

            await _gate.Task.WaitAsync(cancellationToken);
            foreach (var line in rest)
            {
                await output.WriteAsync(new SourceLine(Name, ++n, line), cancellationToken);
            }
        }
    }
}
