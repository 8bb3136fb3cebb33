using System.Text.Json;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>The output contract of <c>parapet classify</c>, checked on samples/demo-stream.jsonl.</summary>
public sealed class ClassifyContractTests : IDisposable
{
    private static readonly string[] TopFields = ["id", "entities", "sentiment", "threat", "alert"];
    private static readonly string[] SentimentFields = ["label", "scores"];
    private static readonly string[] ScoreFields = ["negative", "neutral", "positive"];
    private static readonly string[] ThreatFields = ["label", "score", "severity", "reasons"];
    private static readonly string[] NonThreatIntents = ["criticism", "protest", "news", "satire", "sports", "positive", "neutral"];

    private readonly TempDirectory _temp = new();

    private static ClassifiedSample Sample => ClassifiedSample.Instance;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Classify_DemoStream_WritesOneLinePerPostInInputOrder()
    {
        var expected = Sample.InputPosts;
        Assert.Contains(expected, p => p.FromJetstream);
        Assert.Contains(expected, p => !p.FromJetstream);

        Assert.Equal(0, Sample.Full.ExitCode);
        Assert.Equal(expected.Count, Sample.All.Count);
        Assert.Equal(expected.Select(p => p.Id), Sample.All.Select(l => l.Id));
    }

    [Fact]
    public void Classify_DemoStream_EveryLineHasEveryFieldWithItsJsonType()
    {
        Assert.NotEmpty(Sample.All);
        foreach (var line in Sample.All)
        {
            var json = line.Json;
            Assert.True(json.ValueKind == JsonValueKind.Object, line.Raw);
            Assert.Equal(TopFields.Order(StringComparer.Ordinal), Names(json));

            Assert.Equal(JsonValueKind.String, json.GetProperty("id").ValueKind);
            Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()), line.Raw);

            var entities = json.GetProperty("entities");
            Assert.Equal(JsonValueKind.Array, entities.ValueKind);
            Assert.All(entities.EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));

            var sentiment = json.GetProperty("sentiment");
            Assert.Equal(JsonValueKind.Object, sentiment.ValueKind);
            Assert.Equal(SentimentFields.Order(StringComparer.Ordinal), Names(sentiment));
            Assert.Contains(sentiment.GetProperty("label").GetString(), ScoreFields);
            var scores = sentiment.GetProperty("scores");
            Assert.Equal(JsonValueKind.Object, scores.ValueKind);
            Assert.Equal(ScoreFields.Order(StringComparer.Ordinal), Names(scores));
            Assert.All(ScoreFields, f => Assert.Equal(JsonValueKind.Number, scores.GetProperty(f).ValueKind));

            var threat = json.GetProperty("threat");
            Assert.Equal(JsonValueKind.Object, threat.ValueKind);
            Assert.Equal(ThreatFields.Order(StringComparer.Ordinal), Names(threat));
            Assert.Contains(threat.GetProperty("label").GetString(), new[] { "threat", "none" });
            Assert.Equal(JsonValueKind.Number, threat.GetProperty("score").ValueKind);
            var severity = threat.GetProperty("severity");
            Assert.True(severity.ValueKind is JsonValueKind.Null or JsonValueKind.String, line.Raw);
            var reasons = threat.GetProperty("reasons");
            Assert.Equal(JsonValueKind.Array, reasons.ValueKind);
            Assert.All(reasons.EnumerateArray(), r => Assert.Equal(JsonValueKind.String, r.ValueKind));

            Assert.True(json.GetProperty("alert").ValueKind is JsonValueKind.True or JsonValueKind.False, line.Raw);
        }
    }

    [Fact]
    public void Classify_DemoStream_SentimentScoresSumToOneAndLabelIsTheLargest()
    {
        foreach (var line in Sample.All)
        {
            var sentiment = line.Json.GetProperty("sentiment");
            var scores = ScoreFields.ToDictionary(f => f, f => sentiment.GetProperty("scores").GetProperty(f).GetDouble());
            Assert.All(scores.Values, s => Assert.InRange(s, 0.0, 1.0));
            Assert.True(Math.Abs(scores.Values.Sum() - 1.0) <= 0.002, $"scores sum to {scores.Values.Sum()}: {line.Raw}");

            var label = sentiment.GetProperty("label").GetString()!;
            Assert.True(scores[label] >= scores.Values.Max(), $"label '{label}' is not the largest score: {line.Raw}");
        }
    }

    [Fact]
    public void Classify_DemoStream_ThreatScoreIsInRangeAndSeverityIsNullOnlyWithoutThreat()
    {
        foreach (var line in Sample.All)
        {
            var threat = line.Json.GetProperty("threat");
            Assert.InRange(threat.GetProperty("score").GetDouble(), 0.0, 1.0);
            var isNone = threat.GetProperty("label").GetString() == "none";
            var severity = threat.GetProperty("severity");
            Assert.True(isNone == (severity.ValueKind == JsonValueKind.Null), $"severity must be null exactly when the label is none: {line.Raw}");
            if (!isNone)
            {
                Assert.False(string.IsNullOrEmpty(severity.GetString()), line.Raw);
            }
        }
    }

    [Fact]
    public void Classify_DemoStream_AlertsOnlyOnMatchedThreats()
    {
        var alerts = Sample.All.Where(l => l.Alert).ToList();
        Assert.NotEmpty(alerts);
        Assert.Contains(Sample.All, l => l.Entities.Count > 0 && !l.Alert);
        foreach (var line in alerts)
        {
            Assert.True(line.Entities.Count > 0, $"an alert without entities: {line.Raw}");
            Assert.Equal("threat", line.Json.GetProperty("threat").GetProperty("label").GetString());
        }
    }

    [Fact]
    public void Classify_MatchedOnly_WritesExactlyTheLinesWithEntities()
    {
        Assert.Equal(0, Sample.MatchedOnly.ExitCode);
        var expected = Sample.All.Where(l => l.Entities.Count > 0).Select(l => l.Raw).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < Sample.All.Count, "the demo stream has posts that mention nothing watched");
        Assert.Equal(expected, Sample.Matched.Select(l => l.Raw));
    }

    [Fact]
    public void Classify_InputDash_ReadsStdin()
    {
        var result = ParapetProcess.Run(Classify.Args("-"), stdin: File.ReadAllText(RepoPaths.DemoStream));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Sample.Full.StdoutLines, result.StdoutLines);
    }

    [Fact]
    public void Classify_OutputOption_WritesTheLinesToTheFile()
    {
        var output = _temp.File("out.jsonl");

        var result = Classify.Run(RepoPaths.DemoStream, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(output), $"{output} was not written");
        Assert.Empty(result.Stdout.Trim());
        Assert.Equal(Sample.Full.StdoutLines, ProcessResult.SplitLines(File.ReadAllText(output)));
    }

    [Fact]
    public void Classify_DemoIntent_OnlyThreatRowsAlert()
    {
        var byId = Sample.All.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var rows = IntentRows();
        Assert.Contains(rows, r => r.Intent == "threat");
        Assert.Contains(rows, r => r.Intent != "threat");

        var misses = new List<string>();
        foreach (var (id, entity, intent) in rows)
        {
            Assert.True(intent == "threat" || NonThreatIntents.Contains(intent), $"unknown intent '{intent}' for {id}");
            if (!byId.TryGetValue(id, out var line))
            {
                misses.Add($"{id} ({entity}, {intent}): not in the output");
            }
            else if (line.Alert != (intent == "threat"))
            {
                misses.Add($"{id} ({entity}, {intent}): alert={line.Alert.ToString().ToLowerInvariant()}");
            }
        }

        Assert.True(misses.Count == 0, "demo-intent.tsv rows classified against their intent:\n" + string.Join('\n', misses));
    }

    [Fact]
    public void Classify_DemoIntent_ListedPostsAndOnlyThoseMatchTheirEntity()
    {
        var rows = IntentRows();
        var listed = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var line in Sample.All)
        {
            if (line.Entities.Count > 0 && !listed.Contains(line.Id))
            {
                problems.Add($"{line.Id}: matched [{string.Join(", ", line.Entities)}] but demo-intent.tsv lists no entity");
            }
        }

        var byId = Sample.All.ToDictionary(l => l.Id, StringComparer.Ordinal);
        foreach (var (id, entity, _) in rows)
        {
            if (byId.TryGetValue(id, out var line) && !line.Entities.Contains(entity))
            {
                problems.Add($"{id}: expected entity {entity}, matched [{string.Join(", ", line.Entities)}]");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static List<(string Id, string Entity, string Intent)> IntentRows() =>
        [.. File.ReadLines(RepoPaths.DemoIntent)
            .Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1], f[2].Trim()))];

    /// <summary>The property names of an object, sorted: the contract fixes the names, not their order.</summary>
    private static List<string> Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
