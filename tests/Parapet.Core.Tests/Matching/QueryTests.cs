using Parapet.Matching;
using Parapet.Text;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Matching;

public sealed class QueryTests
{
    [Theory]
    [InlineData("Millbrook", "Millbrook schools closed today", true)]
    [InlineData("Millbrook", "Millbrooke fair", false)]
    [InlineData("Millbrook AND schools", "Millbrook schools closed", true)]
    [InlineData("Millbrook AND schools", "Millbrook roads closed", false)]
    [InlineData("Millbrook schools", "schools in Millbrook", true)]
    [InlineData("Millbrook OR Eastgate", "the Eastgate gate", true)]
    [InlineData("Millbrook NOT bakery", "Millbrook bakery sells bread", false)]
    [InlineData("Millbrook NOT bakery", "Millbrook council votes", true)]
    [InlineData("Millbrook AND NOT (bakery OR road)", "Millbrook Road repaving", false)]
    [InlineData("Millbrook AND NOT (bakery OR road)", "Millbrook library", true)]
    [InlineData("\"harbor enforcement\"", "the Harbor Enforcement office", true)]
    [InlineData("\"harbor enforcement\"", "enforcement at the harbor", false)]
    [InlineData("Eastgate NEAR/3 (detention OR center)", "Eastgate Processing Center is full", true)]
    [InlineData("Eastgate NEAR/3 (detention OR center)", "the center of town, far from where Eastgate is", false)]
    [InlineData("Eastgate NEAR/3 detention", "detention at Eastgate", true)]
    [InlineData("Eastgate NEAR/3f detention", "detention at Eastgate", false)]
    [InlineData("Eastgate NEAR/3f detention", "Eastgate new detention wing", true)]
    [InlineData("threat*", "threatening posts about the agency", true)]
    [InlineData("threat*", "a throat lozenge", false)]
    [InlineData("amenaz* AND HEA", "Amenazas contra la HEA", true)]
    [InlineData("(Eastgate OR Pier) AND (raid OR redada)", "redada en Eastgate hoy", true)]
    [InlineData("((Eastgate OR Pier) AND raid) OR Voss", "Alana Voss spoke", true)]
    [InlineData("HEA", "H3A raided my block", true)]
    [InlineData("HEA", "H\u200BEA raided my block", true)]
    [InlineData("\"harbor enforcement\"", "\u041Darb\u043Er Enforcement", true)]
    [InlineData("José", "jose said hello", true)]
    public void Match_QueryAgainstPost_MatchesAsWritten(string query, string post, bool expected)
    {
        Assert.Equal(expected, Matches(Profile(query), post));
    }

    [Theory]
    [InlineData("HEA lang:es", "es", "HEA hoy", true)]
    [InlineData("HEA lang:es", "en", "HEA today", false)]
    [InlineData("HEA lang:es", null, "HEA today", false)]
    [InlineData("HEA source:bluesky", "en", "HEA today", true)]
    [InlineData("HEA has:link", "en", "HEA today https://example.org/x", true)]
    [InlineData("HEA has:link", "en", "HEA today", false)]
    public void Match_QueryWithFilters_ReadsThePostsContext(string query, string? lang, string post, bool expected)
    {
        var matcher = WatchlistMatcher.Build(new Watchlist([Profile(query)]));
        var text = new NormalizedText();
        TextNormalizer.Normalize(post, text);

        Assert.Equal(expected, matcher.Match(text, [], new PostContext(lang, "bluesky", post)));
    }

    [Theory]
    [InlineData("Millbrook Bakery is open", false)]
    [InlineData("Millbrook Road is closed", false)]
    [InlineData("Millbrook Bakery says the Millbrook council lied", true)]
    [InlineData("Millbrook council meets", true)]
    public void Match_ExcludePhrase_VetoesOnlyWhereItStands(string post, bool expected)
    {
        var profile = new WatchProfile { Id = "m", Name = "Millbrook", Aliases = ["Millbrook"], Excludes = ["Millbrook Bakery", "Millbrook Road"] };

        Assert.Equal(expected, Matches(profile, post));
    }

    [Fact]
    public void Match_FoldedSpellingVariants_MatchTheSameQueries()
    {
        var random = new Random(7);
        var queries = new[] { "\"eastgate processing\" NEAR/4 raid*", "harbor AND NOT bakery", "(voss OR alana) AND agency" };
        var posts = new[] { "the eastgate processing center had a raid today", "harbor agency news", "alana from the agency" };
        var lookalikes = new Dictionary<char, char> { ['a'] = 'а', ['e'] = 'е', ['o'] = 'о', ['p'] = 'р', ['c'] = 'с' };
        for (var n = 0; n < 200; n++)
        {
            var i = random.Next(queries.Length);
            var variant = new string([.. posts[i].SelectMany(c =>
            {
                var x = random.Next(4) == 0 && lookalikes.TryGetValue(c, out var l) ? l : random.Next(2) == 0 ? char.ToUpperInvariant(c) : c;
                return random.Next(6) == 0 && char.IsLetter(c) ? new[] { x, '\u200B' } : [x];
            })]);
            Assert.Equal(Matches(Profile(queries[i]), posts[i]), Matches(Profile(queries[i]), variant));
        }
    }

    [Fact]
    public void Match_TenThousandQueryProfiles_FindsOnlyTheRightOnes()
    {
        var profiles = Enumerable.Range(0, 10_000).Select(i => new WatchProfile
        {
            Id = $"p{i}",
            Name = $"Org {i}",
            Queries = [$"\"org{i} unit\" NEAR/5f (raid OR office*)"],
        }).ToList();
        var matcher = WatchlistMatcher.Build(new Watchlist(profiles));
        var text = new NormalizedText();
        TextNormalizer.Normalize("the org4242 unit shut its offices, and org17 unit partied", text);
        var found = new List<EntityMatch>();

        matcher.Match(text, found, default);

        Assert.Equal([4242], found.Select(m => m.Profile).Distinct());
    }

    [Theory]
    [InlineData("Millbrook AND", "the query ends where a word was expected", 13)]
    [InlineData("(Millbrook OR Eastgate", "'(' is never closed", 0)]
    [InlineData("Millbrook)", "unmatched ')'", 9)]
    [InlineData("th*", "a wildcard needs one word of at least 3 letters before '*'", 0)]
    [InlineData("Eastgate NEAR/x center", "'NEAR/x' needs a distance: NEAR/n or NEAR/nf with n from 1 to 1000", 9)]
    [InlineData("HEA lang:123", "'lang:123': lang: takes a language code such as lang:es", 4)]
    [InlineData("HEA color:red", "unknown filter 'color:' (filters: lang:, source:, has:link)", 4)]
    [InlineData("\"harbor enforcement", "'\"' is never closed", 0)]
    [InlineData("ab*cd", "'*' is allowed only at the end of a word", 2)]
    public void Parse_BadQuery_SaysWhereAndWhy(string query, string message, int column)
    {
        var error = Assert.Throws<QueryException>(() => QueryParser.Parse(query));

        Assert.Equal(message, error.Message);
        Assert.Equal(column, error.Column);
        Assert.EndsWith(new string(' ', column) + "^", error.Pointer(query), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOT bakery", "can never match")]
    [InlineData("the", "too broad")]
    [InlineData("raid*", "too broad")]
    [InlineData("HEA lang:es lang:en", "can never match")]
    public void Warnings_SuspiciousQuery_AreReported(string query, string warning)
    {
        Assert.Contains(QueryParser.Warnings(QueryParser.Parse(query)), w => w.StartsWith(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void Warnings_OrdinaryQuery_HasNone()
    {
        Assert.Empty(QueryParser.Warnings(QueryParser.Parse("Millbrook AND NOT bakery")));
    }

    [Fact]
    public void Parse_WatchlistWithQueryError_NamesLineColumnAndCaret()
    {
        var yaml = """
            profiles:
              - id: m
                name: Millbrook
                query: "Millbrook AND (schools"
            """;

        var error = Assert.Throws<WatchlistException>(() => WatchlistLoader.Parse(yaml, "w.yaml"));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("w.yaml:4: query error at column 15: '(' is never closed", message, StringComparison.Ordinal);
        Assert.EndsWith("              ^", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WatchlistWithQueriesAndExcludes_LoadsThemWithWarnings()
    {
        var yaml = """
            profiles:
              - id: m
                name: Millbrook
                query: ["Millbrook NEAR/2 schools", "the"]
                exclude: ["Millbrook Bakery"]
            """;

        var watchlist = WatchlistLoader.Parse(yaml, "w.yaml");

        Assert.Equal(["Millbrook NEAR/2 schools", "the"], watchlist.Profiles[0].Queries);
        Assert.Equal(["Millbrook Bakery"], watchlist.Profiles[0].Excludes);
        Assert.Contains(watchlist.Warnings, w => w.StartsWith("w.yaml:4: profile 'm': query too broad", StringComparison.Ordinal));
    }

    private static WatchProfile Profile(string query) => new() { Id = "q", Name = "Q", Queries = [query] };

    private static bool Matches(WatchProfile profile, string post)
    {
        var matcher = WatchlistMatcher.Build(new Watchlist([profile]));
        var text = new NormalizedText();
        TextNormalizer.Normalize(post, text);
        return matcher.Match(text, [], new PostContext("en", "bluesky", post));
    }
}
