namespace Parapet.Tests;

/// <summary>Finds files of the repository from the test binaries' folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Parapet.slnx.</summary>
    public static string Root => LazyRoot.Value;

    public static string Watchlist => Combine("samples", "watchlist.yaml");

    public static string DemoStream => Combine("samples", "demo-stream.jsonl");

    public static string DemoIntent => Combine("samples", "demo-intent.tsv");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Parapet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Parapet.slnx");
    }
}
