using Parapet.Matching;
using Parapet.Posts;
using Parapet.Text;

namespace Parapet.Watchlists;

/// <summary>One profile's result of testing a watchlist against posts.</summary>
public sealed record ProfileTestResult(string ProfileId, int Matches, IReadOnlyList<TestSample> Samples);

/// <summary>A matching post and the words that made it match.</summary>
public sealed record TestSample(string PostId, string Text, IReadOnlyList<string> MatchedWords);

/// <summary>
/// Runs a watchlist over posts before it is saved and tells, per profile, how many posts match, with a few of
/// them and the words that matched. The results are shown while testing and kept nowhere.
/// </summary>
public static class WatchlistTester
{
    public static IReadOnlyList<ProfileTestResult> Test(Watchlist watchlist, IEnumerable<Post> posts, int samplesPerProfile = 3)
    {
        var matcher = WatchlistMatcher.Build(watchlist);
        var counts = new int[watchlist.Profiles.Count];
        var samples = watchlist.Profiles.Select(_ => new List<TestSample>()).ToArray();
        var text = new NormalizedText();
        var matches = new List<EntityMatch>();
        foreach (var post in posts)
        {
            TextNormalizer.Normalize(post.Text, text);
            matches.Clear();
            if (!matcher.Match(text, matches, new PostContext(post.Lang, post.Source, post.Text, post.References)))
            {
                continue;
            }

            foreach (var group in matches.GroupBy(m => m.Profile))
            {
                counts[group.Key]++;
                if (samples[group.Key].Count < samplesPerProfile)
                {
                    var words = group.Select(m => m.Describe() ?? string.Join(' ', Enumerable.Range(m.TokenStart, m.TokenCount).Select(t => text[t].ToString())))
                        .Distinct().ToList();
                    samples[group.Key].Add(new TestSample(post.Id, post.Text, words));
                }
            }
        }

        return [.. watchlist.Profiles.Select((p, i) => new ProfileTestResult(p.Id, counts[i], samples[i]))];
    }
}
