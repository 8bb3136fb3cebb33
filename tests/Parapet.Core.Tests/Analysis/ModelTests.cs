using Parapet.Analysis;
using Parapet.Analysis.Models;
using Parapet.Analysis.Vader;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Analysis;

public sealed class ModelTests
{
    [Fact]
    public void Extract_SameTextTwice_GivesTheSameFeatures()
    {
        var a = new HashSet<int>();
        var b = new HashSet<int>();
        new TextFeatures(18, characterGrams: true).Extract("I'll burn the Records Annex down", a);
        new TextFeatures(18, characterGrams: true).Extract("I'll burn the Records Annex down", b);

        Assert.Equal(a.Order(), b.Order());
        Assert.All(a, f => Assert.InRange(f, 0, (1 << 18) - 1));
    }

    [Fact]
    public void Extract_EvadedSpelling_SharesWordFeaturesWithThePlainOne()
    {
        var plain = new HashSet<int>();
        var evaded = new HashSet<int>();
        var features = new TextFeatures(18, characterGrams: false);
        features.Extract("shoot up the office", plain);
        features.Extract("sh00t up the OFF1CE", evaded);

        Assert.Equal(plain.Order(), evaded.Order());
    }

    [Fact]
    public void Train_SeparableExamples_LearnsThemAndSurvivesSaveAndLoad()
    {
        var features = new TextFeatures(16, characterGrams: false);
        var texts = new[] { "red apple", "red cherry", "red rose", "blue sky", "blue sea", "blue ink" };
        var x = texts.Select(t =>
        {
            var set = new HashSet<int>();
            features.Extract(t, set);
            return set.ToArray();
        }).ToList();
        var model = new LinearModel(1, features.Dimensions) { Threshold = 0.42 };
        model.Train(x, [1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], epochs: 30, learningRate: 0.5, l2: 0, seed: 1);

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = LinearModel.Load(stream);

        var red = new HashSet<int>();
        var blue = new HashSet<int>();
        features.Extract("red", red);
        features.Extract("blue", blue);
        Assert.True(loaded.Predict(red)[0] > 0.8);
        Assert.True(loaded.Predict(blue)[0] < 0.2);
        Assert.Equal(0.42, loaded.Threshold);
    }

    [Fact]
    public void Load_NotAModelFile_FailsClearly()
    {
        using var stream = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write("hello"u8);
        }

        stream.Position = 0;
        Assert.ThrowsAny<Exception>(() => LinearModel.Load(stream));
    }

    [Fact]
    public void Analyze_ModelFlagsPostAimedElsewhereByTheRules_DoesNotAlert()
    {
        var analyzer = new PostAnalyzer(Matcher(), VaderSentimentAnalyzer.Shared, AlwaysThreat());

        var elsewhere = analyzer.Analyze(new Post { Id = "1", Text = "I'm going to kill my brother lol, anyway HEA opens Monday" });
        var named = analyzer.Analyze(new Post { Id = "2", Text = "HEA will regret everything, wait and see" });
        var unnamed = analyzer.Analyze(new Post { Id = "3", Text = "everyone will regret everything, wait and see" });

        Assert.False(elsewhere.Alert);
        Assert.True(named.Alert);
        Assert.Equal(["hea"], named.AlertEntities);
        Assert.Contains(named.Threat.Reasons, r => r.Contains("model", StringComparison.Ordinal));
        Assert.True(unnamed.Threat.IsThreat);
        Assert.False(unnamed.Alert);
    }

    [Fact]
    public void Analyze_ModelBelowItsThreshold_LeavesTheRulesVerdict()
    {
        var model = AlwaysThreat();
        model.Threshold = 0.9999;
        var analyzer = new PostAnalyzer(Matcher(), VaderSentimentAnalyzer.Shared, model);

        Assert.False(analyzer.Analyze(new Post { Id = "1", Text = "HEA will regret everything, wait and see" }).Alert);
    }

    [Fact]
    public void Analyze_ConfidentButNoWordOfViolence_NeedsMoreConfidence()
    {
        var analyzer = new PostAnalyzer(Matcher(), VaderSentimentAnalyzer.Shared, BiasOnly(0.85));

        var question = analyzer.Analyze(new Post { Id = "1", Text = "Where is the HEA office? First time going there" });
        var violent = analyzer.Analyze(new Post { Id = "2", Text = "the HEA office will burn, mark my words" });

        Assert.False(question.Alert);
        Assert.True(violent.Alert);
        Assert.Contains(violent.Threat.Reasons, r => r.Contains("model", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Where is the HEA office? First time going there", 0.85, false)]
    [InlineData("Where is the HEA office? First time going there", 0.99, true)]
    [InlineData("the HEA office will burn, mark my words", 0.6, true)]
    [InlineData("🔫 the HEA director, tomorrow", 0.6, true)]
    [InlineData("Disgusting: someone wrote \"I'll burn the HEA office\" and I reported it", 0.99, false)]
    [InlineData("Someone typed \"I'll burn the HEA office\" in the group chat and we all went quiet", 0.99, false)]
    [InlineData("\"I'll burn the HEA office\" exactly, well said", 0.99, true)]
    [InlineData("I would never hurt anyone at the HEA office. I just want them to answer the phone", 0.99, false)]
    [InlineData("No HEA agent deserves to be hurt for doing the job", 0.99, false)]
    [InlineData("HEA agents should never be beaten or harmed in any way", 0.99, false)]
    [InlineData("Suggesting that HEA agents should be killed is monstrous.", 0.99, false)]
    [InlineData("Repudio a los posteos que piden quemar la oficina de HEA", 0.99, false)]
    [InlineData("The HEA office opens at seven", 0.96, false)]
    public void ModelMayAlert_WeighsWordsOfViolenceAndCounterSpeech(string post, double score, bool alerts)
    {
        var text = new Parapet.Text.NormalizedText();
        Parapet.Text.TextNormalizer.Normalize(post, text);

        Assert.Equal(alerts, Parapet.Analysis.Threats.ThreatDetector.ModelMayAlert(post, text, score, rulesFoundThreat: false));
    }

    [Fact]
    public void Featurize_WeaponEmoji_ReadAsTheWordsTheyStandFor()
    {
        var features = ThreatModel.NewFeatures();
        var withEmoji = new HashSet<int>();
        var withWords = new HashSet<int>();
        var without = new HashSet<int>();

        ThreatModel.Featurize("🔫🔫 the HEA director tomorrow", features, withEmoji);
        ThreatModel.Featurize("gun gun the HEA director tomorrow", features, withWords);
        ThreatModel.Featurize("the HEA director tomorrow", features, without);

        Assert.Equal(withWords.Order(), withEmoji.Order());
        Assert.NotEqual(without.Order(), withEmoji.Order());
    }

    private static WatchlistMatcher Matcher() => WatchlistMatcher.Build(new Watchlist(
        [new WatchProfile { Id = "hea", Name = "Harbor Enforcement Agency", Aliases = ["HEA"] }]));

    /// <summary>A model whose bias alone says "threat" with about the given probability.</summary>
    private static LinearModel BiasOnly(double probability)
    {
        var features = ThreatModel.NewFeatures();
        var set = new HashSet<int>();
        features.Extract("", set);
        var bias = set.Single();
        var model = new LinearModel(1, features.Dimensions) { Threshold = 0.5 };
        var positives = (int)Math.Round(probability * 100);
        model.Train([.. Enumerable.Repeat(new[] { bias }, 100)], [.. Enumerable.Range(0, 100).Select(i => i < positives ? 1 : 0)],
            [.. Enumerable.Repeat(1.0, 100)], epochs: 50, learningRate: 0.05, l2: 0, seed: 1);
        return model;
    }

    /// <summary>A model whose bias alone says "threat" with probability about 0.98.</summary>
    private static LinearModel AlwaysThreat()
    {
        var features = ThreatModel.NewFeatures();
        var set = new HashSet<int>();
        features.Extract("", set);
        var model = new LinearModel(1, features.Dimensions) { Threshold = 0.5 };
        var bias = set.Single();
        model.Train([[bias]], [1], [1], epochs: 200, learningRate: 0.5, l2: 0, seed: 1);
        return model;
    }
}
