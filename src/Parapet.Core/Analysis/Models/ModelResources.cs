namespace Parapet.Analysis.Models;

/// <summary>The trained models shipped inside the assembly; <c>parapet train</c> writes them, a build embeds them.</summary>
public static class ModelResources
{
    public const string ThreatFile = "threat.bin";
    public const string SentimentFile = "sentiment.bin";

    /// <summary>The folder of the source tree the models are written to and embedded from.</summary>
    public static string SourceFolder(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "src", "Parapet.Core", "Analysis", "Models");

    public static LinearModel? Load(string file)
    {
        using var stream = typeof(ModelResources).Assembly.GetManifestResourceStream($"Parapet.Models.{file}");
        return stream is null ? null : LinearModel.Load(stream);
    }
}
