using System.Text;
using System.Text.Json;
using Parapet.Analysis;
using Parapet.Analysis.Vader;
using Parapet.Cli.Commands;
using Parapet.Matching;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Cli;

public sealed class ParallelClassifierTests
{
    [Fact]
    public async Task RunAsync_ManyChunksWithBadLines_KeepsInputOrderForOutputAndErrors()
    {
        var matcher = WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Watchlist));
        var input = new StringBuilder();
        var expectedIds = new List<string>();
        var expectedBad = new List<long>();
        for (var i = 1; i <= 30_000; i++)
        {
            if (i % 997 == 0)
            {
                input.Append("{not json\n");
                expectedBad.Add(i);
                continue;
            }

            var id = $"p{i}";
            var text = i % 3 == 0 ? $"HEA post number {i}" : $"nothing watched here {i}";
            input.Append(JsonSerializer.Serialize(new { id, text })).Append('\n');
            if (i % 3 == 0)
            {
                expectedIds.Add(id);
            }
        }

        var classifier = new ParallelClassifier(() => new PostAnalyzer(matcher, VaderSentimentAnalyzer.Shared), matchedOnly: true);
        using var output = new MemoryStream();
        var bad = new List<long>();

        var totals = await classifier.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(input.ToString())), output,
            (line, _) => bad.Add(line), TestContext.Current.CancellationToken);

        var ids = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(expectedIds, ids);
        Assert.Equal(expectedBad, bad);
        Assert.Equal(30_000, totals.Lines);
        Assert.Equal(expectedIds.Count, totals.Matched);
    }
}
