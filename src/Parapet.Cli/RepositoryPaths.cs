namespace Parapet.Cli;

/// <summary>Finds the repository (the folder holding Parapet.slnx) from the working folder or the program's own.</summary>
internal static class RepositoryPaths
{
    public static string? Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Parapet.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
