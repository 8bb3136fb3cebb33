using Parapet.Matching;
using Parapet.Text;
using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Matching;

public sealed class WatchlistMatcherTests
{
    private static readonly WatchProfile Harbor = new()
    {
        Id = "hea",
        Name = "Harbor Enforcement Agency",
        Aliases = ["Harbor Enforcement Agency", "HEA", "@harborenforcement", "#HarborEnforcement"],
        Places = ["Eastgate Processing Center", "Pier 9 field office"],
        People = ["Director Alana Voss", "Alana Voss"],
    };

    private static readonly WatchProfile Millbrook = new()
    {
        Id = "millbrook",
        Name = "Millbrook Township",
        Aliases = ["Millbrook", "Millbrook Township"],
        Places = ["Millbrook Town Hall"],
        People = ["Mayor Jo Ortega"],
    };

    private static readonly WatchlistMatcher Sample = WatchlistMatcher.Build(new Watchlist([Harbor, Millbrook]));

    private static List<EntityMatch> Find(WatchlistMatcher matcher, string post)
    {
        var text = new NormalizedText();
        TextNormalizer.Normalize(post, text);
        var matches = new List<EntityMatch>();
        var found = matcher.Match(text, matches);
        Assert.Equal(matches.Count > 0, found);
        return matches;
    }

    private static List<EntityMatch> Find(string post) => Find(Sample, post);

    private static string[] ProfileIds(WatchlistMatcher matcher, IEnumerable<EntityMatch> matches) =>
        [.. matches.Select(m => matcher.Watchlist.Profiles[m.Profile].Id).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void Match_MultiWordAlias_ReportsAliasWithTokenSpan()
    {
        var matches = Find("Today the Harbor Enforcement Agency raided a shop");

        var match = Assert.Single(matches);
        Assert.Equal(new EntityMatch(0, NameKind.Alias, 2, 3), match);
    }

    [Fact]
    public void Match_Place_ReportsPlaceKindAndPosition()
    {
        var matches = Find("Long lines at the Eastgate Processing Center again");

        Assert.Equal([new EntityMatch(0, NameKind.Place, 4, 3)], matches);
    }

    [Fact]
    public void Match_PlaceWithDigits_Matches()
    {
        var matches = Find("Meet outside the Pier 9 field office at noon");

        Assert.Equal([new EntityMatch(0, NameKind.Place, 3, 4)], matches);
    }

    [Fact]
    public void Match_PersonWithTitle_ReportsBothTheTitledAndTheBareName()
    {
        var matches = Find("Yesterday Director Alana Voss spoke");

        Assert.Equal(2, matches.Count);
        Assert.Contains(new EntityMatch(0, NameKind.Person, 1, 3), matches);
        Assert.Contains(new EntityMatch(0, NameKind.Person, 2, 2), matches);
    }

    [Fact]
    public void Match_PersonOfSecondProfile_ReportsItsProfileIndex()
    {
        var matches = Find("A letter to Mayor Jo Ortega");

        Assert.Equal([new EntityMatch(1, NameKind.Person, 3, 3)], matches);
    }

    [Fact]
    public void Match_SeveralNamesInOnePost_ReportsEachWhereItStands()
    {
        var matches = Find("HEA agents at Millbrook Town Hall. Alana Voss declined to comment.");

        Assert.Contains(new EntityMatch(0, NameKind.Alias, 0, 1), matches);
        Assert.Contains(new EntityMatch(1, NameKind.Alias, 3, 1), matches);
        Assert.Contains(new EntityMatch(1, NameKind.Place, 3, 3), matches);
        Assert.Contains(new EntityMatch(0, NameKind.Person, 6, 2), matches);
        Assert.Equal(4, matches.Count);
    }

    [Theory]
    [InlineData("time to heal")]
    [InlineData("public health matters")]
    [InlineData("HEAD-TO-HEAD tonight")]
    [InlineData("the heat is brutal")]
    [InlineData("rHEA and hear")]
    [InlineData("Harbor Enforcement is hiring")]
    [InlineData("Harbor agency enforcement")]
    [InlineData("the Eastgate Mall food court")]
    [InlineData("Pier 9 tacos are great")]
    [InlineData("my neighbor Alana")]
    [InlineData("Millbrooke Bakery opens")]
    [InlineData("Millbrookshire fair")]
    [InlineData("")]
    public void Match_NameInsideOrPartOfAnotherWord_DoesNotMatch(string post)
    {
        Assert.Empty(Find(post));
    }

    [Theory]
    [InlineData("Millbrook's budget")]
    [InlineData("Millbrook’s budget")]
    [InlineData("(Millbrook)")]
    [InlineData("MILLBROOK!!!")]
    [InlineData("millbrook-based")]
    public void Match_NameWithPossessiveOrPunctuation_Matches(string post)
    {
        var matches = Find(post);

        Assert.Contains(matches, m => m.Profile == 1 && m.Kind == NameKind.Alias);
    }

    [Theory]
    [InlineData("#HarborEnforcement")]
    [InlineData("#HarborEnforcementAgency")]
    [InlineData("@harborenforcement")]
    [InlineData("cc @HarborEnforcement please")]
    [InlineData("#harborenforcementagency")]
    [InlineData("#HEA")]
    [InlineData("#MillbrookTownship")]
    public void Match_HashtagAndHandleForms_Match(string post)
    {
        var matches = Find(post);

        Assert.NotEmpty(matches);
        Assert.All(matches, m => Assert.Equal(NameKind.Alias, m.Kind));
    }

    [Fact]
    public void Match_ConcatenatedPlace_MatchesAsPlace()
    {
        var matches = Find("#EastgateProcessingCenter is a disgrace");

        Assert.Equal([new EntityMatch(0, NameKind.Place, 0, 1)], matches);
    }

    [Theory]
    [InlineData("H3A raided my street")]
    [InlineData("h3a raided my street")]
    [InlineData("H\u200BEA raided my street")]
    [InlineData("H\u200DE\uFEFFA raided my street")]
    [InlineData("\u041D\u0415\u0410 raided my street")] // НЕА, all Cyrillic look-alikes
    [InlineData("H E A raided my street")]
    [InlineData("h e a raided my street")]
    [InlineData("\uFF28\uFF25\uFF21 raided my street")]
    public void Match_EvadedShortAlias_Matches(string post)
    {
        var matches = Find(post);

        Assert.Equal([new EntityMatch(0, NameKind.Alias, 0, 1)], matches);
    }

    [Theory]
    [InlineData("Al\u0430n\u0430 V\u043Ess")] // Alаnа Vоss with Cyrillic а and о
    [InlineData("Ala\u200Bna Vo\u00ADss")]
    [InlineData("Al4na V0ss")]
    [InlineData("A L A N A Voss")]
    [InlineData("ALANA VOSS")]
    public void Match_EvadedPersonName_Matches(string post)
    {
        var matches = Find(post);

        Assert.Contains(new EntityMatch(0, NameKind.Person, 0, 2), matches);
    }

    [Theory]
    [InlineData("Harb\u043Er Enf\u043Ercement Agency")]
    [InlineData("Harbor En\u200Bforcement Ag\u200Dency")]
    [InlineData("H4rbor Enforc3ment Agency")]
    public void Match_EvadedMultiWordAlias_Matches(string post)
    {
        var matches = Find(post);

        Assert.Equal([new EntityMatch(0, NameKind.Alias, 0, 3)], matches);
    }

    [Fact]
    public void Match_OverlappingNamesFromTwoProfiles_ReportsBoth()
    {
        var county = new WatchProfile { Id = "county", Name = "Carrow County", Aliases = ["Carrow County"] };
        var board = new WatchProfile { Id = "board", Name = "Carrow County Board of Elections", Aliases = ["Carrow County Board of Elections", "CCBE"] };
        var matcher = WatchlistMatcher.Build(new Watchlist([county, board]));

        var matches = Find(matcher, "Call the Carrow County Board of Elections now");

        Assert.Contains(new EntityMatch(0, NameKind.Alias, 2, 2), matches);
        Assert.Contains(new EntityMatch(1, NameKind.Alias, 2, 5), matches);
        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void Match_SameNameInTwoProfiles_ReportsItForEach()
    {
        var school = new WatchProfile { Id = "school", Name = "School board", Places = ["Civic Center"], Aliases = ["School Board"] };
        var city = new WatchProfile { Id = "city", Name = "City", Aliases = ["City Council"], Places = ["Civic Center"] };
        var matcher = WatchlistMatcher.Build(new Watchlist([school, city]));

        var matches = Find(matcher, "Rally at the Civic Center");

        Assert.Equal(2, matches.Count);
        Assert.Contains(new EntityMatch(0, NameKind.Place, 3, 2), matches);
        Assert.Contains(new EntityMatch(1, NameKind.Place, 3, 2), matches);
    }

    [Fact]
    public void Match_NestedNamesOfOneProfile_ReportsEachName()
    {
        var matches = Find("Millbrook Township voters");

        Assert.Contains(new EntityMatch(1, NameKind.Alias, 0, 1), matches);
        Assert.Contains(new EntityMatch(1, NameKind.Alias, 0, 2), matches);
        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void Match_NameSplitAcrossPunctuation_StillMatchesWordSequence()
    {
        var matches = Find("Harbor, Enforcement, Agency");

        Assert.Equal([new EntityMatch(0, NameKind.Alias, 0, 3)], matches);
    }

    [Fact]
    public void Match_NoWatchedName_ReturnsFalseAndAddsNothing()
    {
        var text = new NormalizedText();
        TextNormalizer.Normalize("A quiet day at the harbor with some enforcement of parking rules", text);
        var matches = new List<EntityMatch>();

        Assert.False(Sample.Match(text, matches));
        Assert.Empty(matches);
    }

    [Fact]
    public void Match_ExistingEntriesInTheList_AreKept()
    {
        var text = new NormalizedText();
        TextNormalizer.Normalize("HEA", text);
        var sentinel = new EntityMatch(99, NameKind.Place, 7, 7);
        var matches = new List<EntityMatch> { sentinel };

        Assert.True(Sample.Match(text, matches));
        Assert.Equal([sentinel, new EntityMatch(0, NameKind.Alias, 0, 1)], matches);
    }

    [Fact]
    public void Build_ProfileWithoutNames_MatchesNothingAndKeepsIndexes()
    {
        var empty = new WatchProfile { Id = "empty", Name = "Empty" };
        var matcher = WatchlistMatcher.Build(new Watchlist([empty, Millbrook]));

        var matches = Find(matcher, "Millbrook");

        Assert.Equal([new EntityMatch(1, NameKind.Alias, 0, 1)], matches);
    }

    [Fact]
    public void Match_TenThousandGeneratedProfiles_FindsExactlyTheNamedOnes()
    {
        const int Count = 10_000;
        var profiles = new WatchProfile[Count];
        for (var i = 0; i < Count; i++)
        {
            var code = Code(i);
            profiles[i] = new WatchProfile
            {
                Id = $"org-{i}",
                Name = $"Qu{code} Authority",
                Aliases = [$"Qu{code} Authority", $"QX{code}"],
                Places = [$"Qu{code} Plaza"],
                People = [$"Director Vel {code}mann"],
            };
        }

        var matcher = WatchlistMatcher.Build(new Watchlist(profiles));
        var random = new Random(7);

        for (var trial = 0; trial < 300; trial++)
        {
            var a = random.Next(Count);
            var b = random.Next(Count);
            var c = random.Next(Count);
            var post = $"Complaints about #Qu{Code(a)}Authority and the Qu{Code(b)} Plaza; Director Vel {Code(c)}mann says no. "
                + $"Not Qu{Code(a)}Authorities nor Qu{Code(b)} Plazas.";

            var matches = Find(matcher, post);

            Assert.Contains(matches, m => m.Profile == a && m.Kind == NameKind.Alias);
            Assert.Contains(matches, m => m.Profile == b && m.Kind == NameKind.Place);
            Assert.Contains(matches, m => m.Profile == c && m.Kind == NameKind.Person);
            var expected = new[] { a, b, c }.Distinct().Order().ToArray();
            Assert.Equal(expected, matches.Select(m => m.Profile).Distinct().Order().ToArray());
        }

        var last = Find(matcher, $"QX{Code(Count - 1)} and QX{Code(0)}");
        Assert.Equal([new EntityMatch(Count - 1, NameKind.Alias, 0, 1), new EntityMatch(0, NameKind.Alias, 2, 1)], last);
        Assert.Empty(Find(matcher, "Qu Authority Plaza Director Vel mann"));
    }

    [Fact]
    public void Match_TenThousandGeneratedProfiles_ProfileIdsResolve()
    {
        var profiles = Enumerable.Range(0, 10_000)
            .Select(i => new WatchProfile { Id = $"p{i}", Name = $"Name {Code(i)}", Aliases = [$"Zed {Code(i)} Works"] })
            .ToArray();
        var matcher = WatchlistMatcher.Build(new Watchlist(profiles));

        var matches = Find(matcher, $"zed {Code(4321)} works and Zed {Code(9876)} Works");

        Assert.Equal(["p4321", "p9876"], ProfileIds(matcher, matches));
    }

    /// <summary>A letters-only code per number, so that digits never meet the leetspeak folding.</summary>
    private static string Code(int i)
    {
        var chars = new char[4];
        for (var k = 3; k >= 0; k--)
        {
            chars[k] = (char)('a' + (i % 26));
            i /= 26;
        }

        return new string(chars);
    }
}
