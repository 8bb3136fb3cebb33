using Parapet.Bench;

// Two commands: `generate` writes a synthetic Jetstream v1 capture, `parse-only` measures how fast
// System.Text.Json alone can walk it (the ceiling for any .NET consumer of the same file).
if (args.Length == 0)
{
    return Usage();
}

try
{
    return args[0] switch
    {
        "generate" => RunGenerate(args.AsSpan(1)),
        "parse-only" when args.Length == 2 => ParseOnly.Run(args[1]),
        _ => Usage(),
    };
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

static int RunGenerate(ReadOnlySpan<string> args)
{
    long events = -1;
    string? watchlist = null;
    string? output = null;
    int seed = 20260704;
    for (int i = 0; i < args.Length; i++)
    {
        string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--events":
                events = long.Parse(value.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "--watchlist":
                watchlist = value;
                break;
            case "--out":
                output = value;
                break;
            case "--seed":
                seed = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                throw new ArgumentException($"unknown option {args[i]}");
        }

        i++;
    }

    if (events < 0 || watchlist is null || output is null)
    {
        return Usage();
    }

    var names = WatchlistNames.Load(watchlist);
    if (names.Count == 0)
    {
        throw new FormatException($"{watchlist} has no aliases, places or people");
    }

    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    var stats = EventGenerator.Write(output, events, names, seed);
    var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    Console.Error.WriteLine(
        $"wrote {output}: events={stats.Events} posts={stats.Posts} ({100.0 * stats.Posts / Math.Max(1, stats.Events):F1}%) " +
        $"watched={stats.WatchedPosts} ({100.0 * stats.WatchedPosts / Math.Max(1, stats.Posts):F2}% of posts) threats={stats.Threats} " +
        $"likes={stats.Likes} reposts={stats.Reposts} follows={stats.Follows} deletes={stats.Deletes} other={stats.Other} " +
        $"bytes={stats.Bytes} seconds={seconds:F2}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          parapet-bench generate --events N --watchlist bench/watchlist.yaml --out FILE [--seed S]
          parapet-bench parse-only FILE
        """);
    return 2;
}
