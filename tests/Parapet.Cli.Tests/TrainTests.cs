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
        var result = ParapetProcess.Run(["train", "--data", data, "--out", temp.Path], timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
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

    private static LinearModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return LinearModel.Load(stream);
    }
}
