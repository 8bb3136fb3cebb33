using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Watchlists;

public sealed class WatchlistLoaderTests
{
    private const string File = "watch.yaml";

    private static WatchlistException Fails(string text) =>
        Assert.Throws<WatchlistException>(() => WatchlistLoader.Parse(text, File));

    private static string SingleError(string text)
    {
        var error = Fails(text);
        return Assert.Single(error.Errors);
    }

    [Fact]
    public void Parse_ValidYaml_ReadsEveryField()
    {
        const string Yaml = """
            # comment
            profiles:
              - id: hea
                name: Harbor Enforcement Agency
                aliases: ["Harbor Enforcement Agency", "HEA", "@harborenforcement"]
                places:
                  - Eastgate Processing Center
                  - Pier 9 field office
                people: ["Alana Voss"]
              - id: busd_2
                name: "  Brackwater Unified  "
                aliases: [BUSD]
            """;

        var watchlist = WatchlistLoader.Parse(Yaml, File);

        Assert.Equal(2, watchlist.Profiles.Count);
        var hea = watchlist.Profiles[0];
        Assert.Equal("hea", hea.Id);
        Assert.Equal("Harbor Enforcement Agency", hea.Name);
        Assert.Equal(["Harbor Enforcement Agency", "HEA", "@harborenforcement"], hea.Aliases);
        Assert.Equal(["Eastgate Processing Center", "Pier 9 field office"], hea.Places);
        Assert.Equal(["Alana Voss"], hea.People);
        var busd = watchlist.Profiles[1];
        Assert.Equal("busd_2", busd.Id);
        Assert.Equal("Brackwater Unified", busd.Name);
        Assert.Equal(["BUSD"], busd.Aliases);
        Assert.Empty(busd.Places);
        Assert.Empty(busd.People);
    }

    [Fact]
    public void Parse_ValidJson_ReadsEveryField()
    {
        const string Json = """
            {
              "profiles": [
                {
                  "id": "grmc",
                  "name": "Greywell Regional Medical Center",
                  "aliases": ["GRMC", "#GreywellRegional"],
                  "places": ["Greywell ER"],
                  "people": ["Priya Halloran"]
                },
                { "id": "corvane", "name": "Corvane Robotics", "people": ["Dana Whitlock"] }
              ]
            }
            """;

        var watchlist = WatchlistLoader.Parse(Json, "watch.json");

        Assert.Equal(["grmc", "corvane"], watchlist.Profiles.Select(p => p.Id));
        Assert.Equal(["GRMC", "#GreywellRegional"], watchlist.Profiles[0].Aliases);
        Assert.Equal(["Greywell ER"], watchlist.Profiles[0].Places);
        Assert.Equal(["Priya Halloran"], watchlist.Profiles[0].People);
        Assert.Empty(watchlist.Profiles[1].Aliases);
        Assert.Equal(["Dana Whitlock"], watchlist.Profiles[1].People);
    }

    [Fact]
    public void Parse_JsonError_ReportsTheJsonLine()
    {
        const string Json = """
            {
              "profiles": [
                { "id": "ok", "name": "Fine", "aliases": ["Fine Org"] },
                { "id": "Not OK", "name": "Bad", "aliases": ["Bad Org"] }
              ]
            }
            """;

        var error = SingleError(Json);

        Assert.StartsWith($"{File}:4:", error);
        Assert.Contains("Not OK", error);
    }

    [Fact]
    public void Parse_MissingId_ReportsLineAndKey()
    {
        const string Yaml = """
            profiles:
              - id: first
                name: First
                aliases: [First Org]
              - name: Second
                aliases: [Second Org]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:5:", error);
        Assert.Contains("missing 'id'", error);
    }

    [Fact]
    public void Parse_MissingName_ReportsLineAndKey()
    {
        const string Yaml = """
            profiles:
              - id: first
                aliases: [First Org]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:2:", error);
        Assert.Contains("missing 'name'", error);
    }

    [Theory]
    [InlineData("HEA")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("dot.ted")]
    [InlineData("caf\u00E9")]
    public void Parse_BadId_ReportsLineAndTheId(string id)
    {
        var yaml = $"""
            profiles:
              - name: Org
                id: "{id}"
                aliases: [Some Org]
            """;

        var error = SingleError(yaml);

        Assert.StartsWith($"{File}:3:", error);
        Assert.Contains($"'{id}'", error);
        Assert.Contains("lowercase", error);
    }

    [Theory]
    [InlineData("hea")]
    [InlineData("busd-2")]
    [InlineData("org_9")]
    [InlineData("9lives")]
    public void Parse_GoodId_IsAccepted(string id)
    {
        var watchlist = WatchlistLoader.Parse($"profiles:\n  - id: {id}\n    name: Org\n    aliases: [Some Org]\n", File);

        Assert.Equal(id, Assert.Single(watchlist.Profiles).Id);
    }

    [Fact]
    public void Parse_DuplicateId_ReportsTheSecondLineAndMentionsTheFirst()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: One
                aliases: [One Org]
              - id: other
                name: Other
                aliases: [Other Org]
              - id: hea
                name: Two
                aliases: [Two Org]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:8:", error);
        Assert.Contains("duplicate", error);
        Assert.Contains("'hea'", error);
        Assert.Contains("line 2", error);
    }

    [Fact]
    public void Parse_UnknownProfileKey_ReportsLineAndKey()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: Harbor
                alias: [HEA]
                aliases: [Harbor Enforcement]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:4:", error);
        Assert.Contains("unknown key 'alias'", error);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsLineAndKey()
    {
        const string Yaml = """
            version: 2
            profiles:
              - id: hea
                name: Harbor
                aliases: [HEA]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:1:", error);
        Assert.Contains("unknown key 'version'", error);
    }

    [Theory]
    [InlineData("profiles: []\n")]
    [InlineData("profiles: [ ]\n")]
    public void Parse_EmptyProfiles_ReportsEmptyList(string yaml)
    {
        var error = SingleError(yaml);

        Assert.StartsWith($"{File}:1:", error);
        Assert.Contains("'profiles' is empty", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("- just\n- a list\n")]
    [InlineData("profile:\n  - id: x\n")]
    [InlineData("profiles: nope\n")]
    public void Parse_NoProfilesList_ReportsTheShapeExpected(string yaml)
    {
        var error = SingleError(yaml);

        Assert.StartsWith($"{File}:", error);
        Assert.Contains("'profiles'", error);
    }

    [Fact]
    public void Parse_ProfileWithoutAnyName_ReportsIt()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: Harbor
                aliases: []
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:2:", error);
        Assert.Contains("'hea' has no names", error);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("!!")]
    [InlineData("#")]
    [InlineData("@a")]
    [InlineData("\u00C9")]
    [InlineData("\u200B7\u200B")]
    public void Parse_NameShorterThanTwoCharsAfterNormalizing_ReportsLineAndName(string name)
    {
        var yaml = $"""
            profiles:
              - id: hea
                name: Harbor
                aliases:
                  - Harbor Enforcement
                  - "{name}"
            """;

        var error = SingleError(yaml);

        Assert.StartsWith($"{File}:6:", error);
        Assert.Contains($"'{name}'", error);
        Assert.Contains("fewer than 2", error);
    }

    [Fact]
    public void Parse_MalformedYaml_ReportsLineAndProblem()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: Harbor
                aliases: ["HEA", "Harbor
                places: [x]
            """;

        var error = Assert.Single(Fails(Yaml).Errors);

        Assert.Matches(@"^watch\.yaml:\d+: not valid YAML or JSON: \S", error);
    }

    [Fact]
    public void Parse_MalformedYamlIndentation_ReportsTheLine()
    {
        const string Yaml = "profiles:\n  - id: hea\n    name: Harbor\n   aliases: [HEA]\n";

        var error = Assert.Single(Fails(Yaml).Errors);

        Assert.StartsWith($"{File}:4: not valid YAML or JSON", error);
    }

    [Fact]
    public void Parse_MalformedJson_ReportsLineAndProblem()
    {
        const string Json = "{\n  \"profiles\": [\n    { \"id\": \"hea\", \"name\": \"Harbor\", \"aliases\": [\"HEA\"] }\n";

        var error = Assert.Single(Fails(Json).Errors);

        Assert.Matches(@"^watch\.yaml:\d+: not valid YAML or JSON", error);
    }

    [Theory]
    [InlineData("aliases: HEA", "aliases")]
    [InlineData("places: Eastgate", "places")]
    [InlineData("people: {name: Alana Voss}", "people")]
    public void Parse_NonListNames_ReportsLineAndKey(string line, string key)
    {
        var otherNames = key == "people" ? "aliases: [Harbor Enforcement]" : "people: [Alana Voss]";
        var yaml = $"""
            profiles:
              - id: hea
                name: Harbor
                {otherNames}
                {line}
            """;

        var error = SingleError(yaml);

        Assert.StartsWith($"{File}:5:", error);
        Assert.Contains($"'{key}' must be a list", error);
    }

    [Fact]
    public void Parse_NonStringListEntry_ReportsIt()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: Harbor
                aliases:
                  - HEA
                  - [nested]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:6:", error);
        Assert.Contains("'aliases' entries must be non-empty strings", error);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAllAtOnce()
    {
        const string Yaml = """
            profiles:
              - id: Bad Id
                name: One
                aliases: [One Org]
              - name: Two
                aliases: [Two Org]
              - id: three
                name: Three
                colour: red
                aliases: [X]
              - id: three
                name: Four
                aliases: Four Org
            """;

        var errors = Fails(Yaml).Errors;

        Assert.Contains(errors, e => e.StartsWith($"{File}:2:", StringComparison.Ordinal) && e.Contains("'Bad Id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:5:", StringComparison.Ordinal) && e.Contains("missing 'id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:9:", StringComparison.Ordinal) && e.Contains("unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:10:", StringComparison.Ordinal) && e.Contains("'X'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:11:", StringComparison.Ordinal) && e.Contains("duplicate profile id 'three'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:13:", StringComparison.Ordinal) && e.Contains("'aliases' must be a list", StringComparison.Ordinal));
        Assert.True(errors.Count >= 6, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void Parse_SeveralProblems_MessageListsEveryError()
    {
        const string Yaml = """
            profiles:
              - id: A
                name: One
                aliases: [One Org]
              - id: b
                name: Two
                oops: 1
                aliases: [Two Org]
            """;

        var exception = Fails(Yaml);

        Assert.Equal(2, exception.Errors.Count);
        Assert.All(exception.Errors, e => Assert.Contains(e, exception.Message));
    }

    [Fact]
    public void Load_MissingFile_SaysWhichFileAndWhy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parapet-missing-{Guid.NewGuid():N}", "watchlist.yaml");

        var exception = Assert.Throws<WatchlistException>(() => WatchlistLoader.Load(path));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith(path, error);
        Assert.Contains("cannot read the watchlist", error);
    }

    [Fact]
    public void Load_FileWithErrors_ReportsTheRealPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"parapet-watchlist-{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, "profiles:\n  - id: ok\n    name: Ok\n    aliases: [Okay Org, Z]\n");
        try
        {
            var exception = Assert.Throws<WatchlistException>(() => WatchlistLoader.Load(path));

            Assert.StartsWith($"{path}:4:", Assert.Single(exception.Errors));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Load_SampleWatchlist_HasItsFiveProfiles()
    {
        var watchlist = WatchlistLoader.Load(RepoPaths.Combine("samples", "watchlist.yaml"));

        Assert.Equal(["hea", "busd", "ccbe", "grmc", "corvane"], watchlist.Profiles.Select(p => p.Id));
        var hea = watchlist.Profiles[0];
        Assert.Equal("Harbor Enforcement Agency", hea.Name);
        Assert.Contains("HEA", hea.Aliases);
        Assert.Contains("#HarborEnforcement", hea.Aliases);
        Assert.Equal(["Eastgate Processing Center", "Pier 9 field office"], hea.Places);
        Assert.Equal(["Director Alana Voss", "Alana Voss"], hea.People);
        Assert.All(watchlist.Profiles, p => Assert.NotEmpty(p.Aliases));
    }

    [Fact]
    public void Load_HeldOutWatchlist_LoadsWithUniqueIdsAndNames()
    {
        var path = RepoPaths.Combine("corpus", "threats", "heldout-watchlist.yaml");

        var watchlist = WatchlistLoader.Load(path);

        Assert.NotEmpty(watchlist.Profiles);
        Assert.Equal(watchlist.Profiles.Count, watchlist.Profiles.Select(p => p.Id).Distinct().Count());
        Assert.Contains(watchlist.Profiles, p => p.Id == "rwa" && p.Name == "Riverton Water Authority");
        Assert.All(watchlist.Profiles, p => Assert.True(p.AllNames().Any(), $"profile {p.Id} has no names"));
    }
}
