using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary>A story: near-duplicate threats shown as one row, led by the newest.</summary>
internal sealed record Story(AlertRecord Lead, IReadOnlyList<AlertRecord> Members)
{
    public int Count => Members.Count;
}

/// <summary>
/// Groups the queue's alerts into stories: variants of one text (most of their words shared) or one author
/// repeating, against the same entity. It reads only the alerts in front of it; nothing is linked across accounts.
/// </summary>
internal static class StoryGroups
{
    private const double SimilarWords = 0.6;

    public static IReadOnlyList<Story> Group(IReadOnlyList<AlertRecord> alerts)
    {
        var stories = new List<(AlertRecord Lead, HashSet<string> Words, List<AlertRecord> Members)>();
        foreach (var alert in alerts)
        {
            var words = Words(alert.Text);
            var home = stories.FindIndex(s => s.Lead.Status == alert.Status
                && s.Lead.Entities.Intersect(alert.Entities, StringComparer.Ordinal).Any()
                && ((alert.Author is not null && alert.Author == s.Lead.Author) || Jaccard(words, s.Words) >= SimilarWords));
            if (home < 0)
            {
                stories.Add((alert, words, [alert]));
            }
            else
            {
                stories[home].Members.Add(alert);
            }
        }

        return [.. stories.Select(s => new Story(s.Lead, s.Members))];
    }

    internal static HashSet<string> Words(string? text) =>
        text is null ? [] : [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', '!', '?', ':', ';', '"', '\'', '(', ')')).Where(w => w.Length > 2)];

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
