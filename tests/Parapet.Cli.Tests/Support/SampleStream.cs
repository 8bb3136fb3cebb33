using System.Text.Json;

namespace Parapet.Tests.Cli;

/// <summary>A post of an input file as the test itself reads it, independently of Parapet's parser.</summary>
/// <param name="Author">The Parapet post's <c>author</c>, or the Jetstream event's DID.</param>
internal sealed record InputPost(string Id, string? Author, bool FromJetstream, int LineNumber);

/// <summary>Reads JSON-lines input files (Parapet posts and raw Jetstream events) with System.Text.Json.</summary>
internal static class SampleStream
{
    public const string PostCollection = "app.bsky.feed.post";

    /// <summary>Every post in file order: Parapet posts and Jetstream <c>app.bsky.feed.post</c> creates.</summary>
    public static IReadOnlyList<InputPost> Posts(string path)
    {
        var posts = new List<InputPost>();
        foreach (var (number, root) in Objects(path))
        {
            if (root.TryGetProperty("kind", out var kind))
            {
                if (kind.GetString() == "commit"
                    && root.GetProperty("commit") is var commit
                    && commit.GetProperty("collection").GetString() == PostCollection
                    && commit.GetProperty("operation").GetString() == "create"
                    && commit.TryGetProperty("record", out var record)
                    && record.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    var did = root.GetProperty("did").GetString()!;
                    posts.Add(new InputPost(JetstreamId(did, commit.GetProperty("rkey").GetString()!), did, true, number));
                }
            }
            else
            {
                var author = root.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                posts.Add(new InputPost(root.GetProperty("id").GetString()!, author, false, number));
            }
        }

        return posts;
    }

    /// <summary>Ids of the posts that Jetstream delete events in the file remove.</summary>
    public static IReadOnlySet<string> DeletedPostIds(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, root) in Objects(path))
        {
            if (root.TryGetProperty("kind", out var kind) && kind.GetString() == "commit"
                && root.GetProperty("commit") is var commit
                && commit.GetProperty("collection").GetString() == PostCollection
                && commit.GetProperty("operation").GetString() == "delete")
            {
                ids.Add(JetstreamId(root.GetProperty("did").GetString()!, commit.GetProperty("rkey").GetString()!));
            }
        }

        return ids;
    }

    /// <summary>The top-level <c>did</c> of every Jetstream event in the file: posts, likes, follows, account events.</summary>
    public static IReadOnlySet<string> EventDids(string path)
    {
        var dids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, root) in Objects(path))
        {
            if (root.TryGetProperty("kind", out _) && root.TryGetProperty("did", out var did))
            {
                dids.Add(did.GetString()!);
            }
        }

        return dids;
    }

    public static string JetstreamId(string did, string rkey) => $"at://{did}/{PostCollection}/{rkey}";

    private static IEnumerable<(int Number, JsonElement Root)> Objects(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            yield return (number, doc.RootElement.Clone());
        }
    }
}
