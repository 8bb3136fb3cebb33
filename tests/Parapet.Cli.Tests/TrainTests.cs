using Parapet.Analysis.Models;
using Xunit;

namespace Parapet.Tests.Cli;

public sealed class TrainTests
{
    [Fact]
    public void Train_FromRepositoryAndPublicData_ReproducesTheShippedModels()
    {
        var data = RepoPaths.Combine("..", "shared", "data");
        if (!Directory.Exists(Path.Combine(data, "semeval2013-2016")))
        {
            Assert.Skip($"the public datasets are not at {data}");
        }

        using var temp = new TempDirectory();
        var result = ParapetProcess.Run(["train", "--data", data, "--out", temp.Path, "--scores", temp.File("scores.tsv")],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertScoresAreTheDevelopmentFolds(temp.File("scores.tsv"), result.ToString());
        foreach (var file in new[] { "threat.bin", "sentiment.bin" })
        {
            // Same data, same seed: the same weights, up to the last bits a different CPU's exp() may give.
            var shipped = Load(RepoPaths.Combine("src", "Parapet.Core", "Analysis", "Models", file));
            var retrained = Load(temp.File(file));
            Assert.Equal(shipped.Threshold, retrained.Threshold, 0.01);
            var largest = 0.0;
            for (var c = 0; c < shipped.Classes; c++)
            {
                for (var f = 0; f < shipped.Dimensions; f++)
                {
                    largest = Math.Max(largest, Math.Abs(shipped.Weight(c, f) - retrained.Weight(c, f)));
                }
            }

            Assert.True(largest < 0.05, $"{file} differs from what `parapet train` makes now (by {largest}): retrain and commit it");
        }
    }

    /// <summary>
    /// One row per training example; a score counts as an alert only at or over the threshold, and the recall the
    /// command prints for the detector is the share of threats whose row says it acts.
    /// </summary>
    private static void AssertScoresAreTheDevelopmentFolds(string path, string output)
    {
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split('\t')).ToList();
        var written = Directory.GetFiles(RepoPaths.Combine("corpus", "threats"), "train*.jsonl")
            .Sum(f => File.ReadLines(f).Count(l => l.Length > 0));
        Assert.Equal(written, rows.Count(r => r[3] != "harsh"));
        Assert.All(rows, r => Assert.Equal(6, r.Length));

        var threshold = double.Parse(System.Text.RegularExpressions.Regex.Match(output, @"threshold (\d\.\d+)").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(rows.Where(r => r[1] == "1"), r => Assert.True(double.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture) >= threshold - 0.001));
        var threats = rows.Where(r => r[2] == "threat").ToList();
        var recall = (double)threats.Count(r => r[1] == "1") / threats.Count;
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"as the detector acts on the model: recall {recall:F3}"), output);
    }

    private static LinearModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return LinearModel.Load(stream);
    }
}
