using Parapet.Analysis;
using Parapet.Analysis.Models;
using Parapet.Matching;
using Parapet.Posts;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Analysis;

public sealed class ShippedModelInputTests
{
    private static readonly Lazy<WatchlistMatcher> Matcher = new(() => WatchlistMatcher.Build(WatchlistLoader.Load(RepoPaths.Watchlist)));

    public static TheoryData<string> Awkward => new()
    {
        "",
        "   ",
        "🔥🔥🔥😂😂",
        "HEA " + string.Concat(Enumerable.Repeat("the line at the office was long again today ", 70)),
        "HEA was great today, pero la fila en Eastgate estuvo horrible, 真的 terrible",
        "مرحبا HEA شكرا لكم على المساعدة اليوم",
        "HEA \u202Egnol yrev saw enil eht\u202C today",
        "\uD800 HEA \uDFFF",
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Analyze_AwkwardText_GivesAWellFormedAnswerWithoutAlert(string text)
    {
        Assert.NotNull(ThreatModel.Shipped);
        var analyzer = PostAnalyzer.WithShippedModels(Matcher.Value);

        var analysis = analyzer.Analyze(new Post { Id = "x", Text = text });

        Assert.False(analysis.Alert);
        Assert.InRange(analysis.Threat.Score, 0, 1);
        var s = analysis.Sentiment;
        Assert.Equal(1.0, s.Negative + s.Neutral + s.Positive, 3);
    }

    [Fact]
    public void Analyze_ThreatInSpanishAndEnglish_AlertsWithTheShippedModels()
    {
        var analyzer = PostAnalyzer.WithShippedModels(Matcher.Value);

        Assert.True(analyzer.Analyze(new Post { Id = "en", Text = "I'm going to shoot up the Eastgate Processing Center tomorrow" }).Alert);
        Assert.True(analyzer.Analyze(new Post { Id = "es", Text = "Mañana voy a quemar la oficina de HEA con todos adentro" }).Alert);
    }
}
