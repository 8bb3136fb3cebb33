using Parapet.Analysis;
using Parapet.Analysis.Vader;
using Xunit;

namespace Parapet.Tests.Analysis;

public sealed class VaderSentimentAnalyzerTests
{
    private const double Tolerance = 1e-3;

    private static VaderSentimentAnalyzer Analyzer => VaderSentimentAnalyzer.Shared;

    // Expected values come from vader-sentiment 1.1.3's SentimentIntensityAnalyzer.polarity_scores, run under
    // Node.js on exactly these strings (order: neg, neu, pos, compound).
    [Theory]
    [InlineData("VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746, 0.8316)]
    [InlineData("VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0, -0.7424)]
    [InlineData("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.0, 0.294, 0.706, 0.9469)]
    [InlineData("The book was kind of good.", 0.0, 0.657, 0.343, 0.3832)]
    [InlineData("The plot was good, but the characters are uncompelling and the dialog is not great.", 0.327, 0.579, 0.094, -0.7042)]
    [InlineData("At least it isn't a horrible book.", 0.0, 0.637, 0.363, 0.431)]
    [InlineData("Make sure you :) or :D today!", 0.0, 0.294, 0.706, 0.8633)]
    [InlineData("Today only kinda sux! But I'll get by, lol", 0.179, 0.569, 0.251, 0.2228)]
    [InlineData("I will find where you work and hurt every one of you.", 0.254, 0.746, 0.0, -0.5267)]
    [InlineData("Their support team is absolutely useless and I hate them!!!!!", 0.486, 0.355, 0.16, -0.7597)]
    [InlineData("Is this really the best they can do???", 0.0, 0.582, 0.418, 0.72)]
    [InlineData("Why would anyone trust this company?????", 0.0, 0.54, 0.46, 0.644)]
    [InlineData("This is the least helpful bank I have ever used.", 0.226, 0.774, 0.0, -0.3252)]
    [InlineData("Least helpful bank ever.", 0.437, 0.563, 0.0, -0.3252)]
    [InlineData("The new update is the shit, seriously.", 0.0, 0.385, 0.615, 0.8402)]
    [InlineData("Yeah right, like that is going to work.", 0.0, 0.561, 0.439, 0.5719)]
    [InlineData("That merger was the kiss of death for the brand.", 0.385, 0.615, 0.0, -0.6124)]
    [InlineData("Never so happy to leave a store.", 0.155, 0.423, 0.422, 0.5468)]
    [InlineData("I have never been this disappointed with a product.", 0.377, 0.623, 0.0, -0.561)]
    [InlineData("The service was not bad at all.", 0.0, 0.678, 0.322, 0.431)]
    [InlineData("I don't love it, but I don't hate it either.", 0.179, 0.493, 0.328, 0.424)]
    [InlineData("We are living hand to mouth since the layoffs.", 0.273, 0.727, 0.0, -0.4588)]
    [InlineData("Great job guys <3 #proud", 0.0, 0.3, 0.7, 0.7906)]
    [InlineData("This is 🔥🔥🔥 love it 😍", 0.0, 0.543, 0.457, 0.6369)]
    [InlineData("HELP! They are KILLING us with these fees, BUT the staff is nice.", 0.159, 0.519, 0.322, 0.484)]
    [InlineData("The staff is sort of helpful and kind of friendly.", 0.0, 0.596, 0.404, 0.6613)]
    [InlineData("It's barely acceptable... hardly worth it.", 0.0, 0.788, 0.212, 0.0883)]
    [InlineData("lol the ceo is a fraud, lmao", 0.281, 0.222, 0.496, 0.4404)]
    [InlineData("\"Awesome\" product, 'terrible' support; -great- docs.", 0.0, 0.649, 0.351, 0.4019)]
    [InlineData("Great!!!! Love!!!! Happy!!!!", 0.0, 1.0, 0.0, 0.0)]
    [InlineData("I will bomb your headquarters tomorrow.", 0.444, 0.556, 0.0, -0.4939)]
    [InlineData("Without doubt the worst airline", 0.688, 0.313, 0.0, -0.765)]
    [InlineData("Nothing good ever happens here.", 0.0, 0.58, 0.42, 0.4404)]
    [InlineData("the food was GOOD but the service was BAD", 0.386, 0.462, 0.153, -0.6739)]
    [InlineData("Not the bomb they promised, just sad.", 0.441, 0.28, 0.28, -0.3182)]
    [InlineData("\u212Aill them all", 0.701, 0.299, 0.0, -0.6908)]
    [InlineData("good\u00A0news\u3000everyone, bad\u0085news", 0.0, 0.508, 0.492, 0.4404)]
    [InlineData("שירות גרוע. TERRIBLE service!", 0.579, 0.421, 0.0, -0.628)]
    [InlineData("\U0001F621\U0001F621\U0001F621", 0.0, 1.0, 0.0, 0.0)]
    [InlineData("هذه الشركة سيئة جدا", 0.0, 1.0, 0.0, 0.0)]
    [InlineData("", 0.0, 0.0, 0.0, 0.0)]
    public void PolarityScores_ReferenceSentence_MatchesVaderSentimentJs(string text, double negative, double neutral, double positive, double compound)
    {
        var scores = Analyzer.PolarityScores(text);

        Assert.Equal(negative, scores.Negative, Tolerance);
        Assert.Equal(neutral, scores.Neutral, Tolerance);
        Assert.Equal(positive, scores.Positive, Tolerance);
        Assert.Equal(compound, scores.Compound, Tolerance);
    }

    [Fact]
    public void PolarityScores_ThreeThousandCharacterText_MatchesVaderSentimentJs()
    {
        // Reference: vader-sentiment 1.1.3 polarity_scores on the same 3,000-character string.
        var text = string.Concat(Enumerable.Repeat("This bank is terrible and I am very angry! ", 70))[..3000];

        var scores = Analyzer.PolarityScores(text);

        Assert.Equal(new VaderScores(0.526, 0.474, 0.0, -0.9999), scores);
    }

    [Fact]
    public void PolarityScores_ManyShortTokens_MatchesVaderSentimentJs()
    {
        // Reference: vader-sentiment 1.1.3 polarity_scores on "ok " repeated 170 times.
        var text = string.Concat(Enumerable.Repeat("ok ", 170));

        var scores = Analyzer.PolarityScores(text);

        Assert.Equal(new VaderScores(0.0, 0.0, 1.0, 0.9998), scores);
    }

    [Fact]
    public void PolarityScores_PaddedBeyondStackBuffer_MatchesUnpaddedText()
    {
        const string text = "The support line is extremely rude, but the refund came quickly!";

        var padded = Analyzer.PolarityScores(text + new string(' ', 2_000));

        Assert.Equal(Analyzer.PolarityScores(text), padded);
    }

    [Fact]
    public void PolarityScores_ShortText_DoesNotAllocate()
    {
        const string text = "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!! but the kiss of death";
        for (var i = 0; i < 100; i++)
        {
            _ = Analyzer.PolarityScores(text);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = Analyzer.PolarityScores(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void PolarityScores_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Analyzer.PolarityScores(null!));
    }

    [Fact]
    public void PolarityScores_ConcurrentCalls_MatchSequentialScores()
    {
        string[] texts =
        [
            "The plot was good, but the characters are uncompelling and the dialog is not great.",
            "I will bomb your headquarters tomorrow.",
            "Great job guys <3 #proud",
            string.Concat(Enumerable.Repeat("This bank is terrible and I am very angry! ", 70)),
        ];
        var expected = texts.Select(Analyzer.PolarityScores).ToArray();
        var mismatches = 0;

        Parallel.For(0, 4_000, i =>
        {
            if (Analyzer.PolarityScores(texts[i % texts.Length]) != expected[i % texts.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Shared_RepeatedAccess_ReturnsOneInstance()
    {
        Assert.Same(VaderSentimentAnalyzer.Shared, VaderSentimentAnalyzer.Shared);
    }

    [Fact]
    public void LoadEmbedded_PackagedLexicon_KeepsEveryReachableEntry()
    {
        // 7,517 lines, 14 tokens listed twice, and 14 entries with capitals (":D", "O.o") that lower-cased
        // lookups can never reach.
        var lexicon = VaderLexicon.LoadEmbedded();

        Assert.Equal(7_517 - 14 - 14, lexicon.Count);
        Assert.True(lexicon.TryGetValence("lol", out var lol));
        Assert.Equal(1.8, lol);
        Assert.False(lexicon.Contains(":D"));
    }

    [Theory]
    [InlineData(0.0625, 3, 0.063)]
    [InlineData(1.0005, 3, 1.0)]
    [InlineData(0.1235, 3, 0.123)]
    [InlineData(0.2345, 3, 0.234)]
    [InlineData(0.0005, 3, 0.001)]
    [InlineData(0.00049999999999999994, 3, 0.0)]
    [InlineData(-0.00005, 4, -0.0001)]
    [InlineData(-0.12345, 4, -0.1235)]
    [InlineData(0.9999499999999999, 4, 0.9999)]
    [InlineData(0.99995, 4, 1.0)]
    public void RoundLikeToFixed_EdgeValue_MatchesJavaScriptToFixed(double value, int digits, double expected)
    {
        // Expected values are parseFloat(value.toFixed(digits)) in Node.js.
        Assert.Equal(expected, VaderRules.RoundLikeToFixed(value, digits));
    }

    [Theory]
    [InlineData("VADER is smart, handsome, and funny.", SentimentLabel.Positive)]
    [InlineData("I will bomb your headquarters tomorrow.", SentimentLabel.Negative)]
    [InlineData("It's barely acceptable... hardly worth it.", SentimentLabel.Positive)]
    [InlineData("The meeting is at noon in room four.", SentimentLabel.Neutral)]
    public void Analyze_ReferenceSentence_LabelFollowsCompoundThresholds(string text, SentimentLabel expected)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(expected, result.Label);
        AssertConsistent(result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("\U0001F621\U0001F525\U0001F60D\u2764\uFE0F")]
    [InlineData("هذه الشركة سيئة جدا")]
    [InlineData("\u200Fשירות גרוע\u200F")]
    [InlineData("\u202Eplain text\u202C")]
    public void Analyze_UnusualText_IsNeutralWithoutThrowing(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(SentimentLabel.Neutral, result.Label);
        AssertConsistent(result);
    }

    [Fact]
    public void Analyze_LoneSurrogate_IsNeutralWithoutThrowing()
    {
        var result = Analyzer.Analyze("plain text \uD83D and \uDE21");

        Assert.Equal(SentimentLabel.Neutral, result.Label);
        AssertConsistent(result);
    }

    [Fact]
    public void Analyze_ThreeThousandCharacterText_IsNegative()
    {
        var text = string.Concat(Enumerable.Repeat("This bank is terrible and I am very angry! ", 70))[..3000];

        var result = Analyzer.Analyze(text);

        Assert.Equal(SentimentLabel.Negative, result.Label);
        AssertConsistent(result);
    }

    [Fact]
    public void ToSentimentResult_AcrossCompoundRange_LargestScoreMatchesThresholdLabel()
    {
        for (var i = -10_000; i <= 10_000; i++)
        {
            var compound = i / 10_000.0;
            var result = VaderSentimentAnalyzer.ToSentimentResult(compound);

            var expected = compound >= 0.05 ? SentimentLabel.Positive
                : compound <= -0.05 ? SentimentLabel.Negative
                : SentimentLabel.Neutral;
            Assert.Equal(expected, result.Label);
            AssertConsistent(result);
        }
    }

    [Theory]
    [InlineData(0.05, SentimentLabel.Positive)]
    [InlineData(0.0499, SentimentLabel.Neutral)]
    [InlineData(-0.05, SentimentLabel.Negative)]
    [InlineData(-0.0499, SentimentLabel.Neutral)]
    [InlineData(0.0, SentimentLabel.Neutral)]
    public void ToSentimentResult_AtThresholds_AgreesWithFromScores(double compound, SentimentLabel expected)
    {
        var result = VaderSentimentAnalyzer.ToSentimentResult(compound);

        Assert.Equal(expected, result.Label);
        Assert.Equal(expected, SentimentResult.FromScores(result.Negative, result.Neutral, result.Positive).Label);
    }

    [Fact]
    public void ToSentimentResult_ZeroCompound_IsMostlyNeutral()
    {
        var result = VaderSentimentAnalyzer.ToSentimentResult(0);

        Assert.Equal(0.576, result.Neutral, Tolerance);
        Assert.Equal(result.Negative, result.Positive);
    }

    private static void AssertConsistent(SentimentResult result)
    {
        Assert.Equal(1.0, result.Negative + result.Neutral + result.Positive, 1e-12);
        var labelScore = result.Label switch
        {
            SentimentLabel.Negative => result.Negative,
            SentimentLabel.Positive => result.Positive,
            _ => result.Neutral,
        };
        Assert.True(labelScore >= Math.Max(result.Negative, Math.Max(result.Neutral, result.Positive)), $"{result} does not favour its label");
    }
}
