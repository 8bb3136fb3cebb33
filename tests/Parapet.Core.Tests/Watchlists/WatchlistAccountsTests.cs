using Parapet.Watchlists;
using Xunit;

namespace Parapet.Tests.Watchlists;

/// <summary>The <c>accounts:</c> key of a profile: the organization's own DIDs, handles and profile URLs.</summary>
public sealed class WatchlistAccountsTests
{
    private const string File = "watch.yaml";

    private static string Profile(string accounts, string extra = "    aliases: [Harbor Enforcement]\n") =>
        $"profiles:\n  - id: hea\n    name: Harbor\n{extra}    accounts: {accounts}\n";

    private static string SingleError(string text) =>
        Assert.Single(Assert.Throws<WatchlistException>(() => WatchlistLoader.Parse(text, File)).Errors);

    [Fact]
    public void Parse_EveryAcceptedForm_ReadsKindAndKey()
    {
        var watchlist = WatchlistLoader.Parse(Profile("""
            ["did:plc:hq5xgz7rkwm3ybtcpsn4ea2d", "@Harbor.bsky.social", "harbor-press.example.org", "https://Mastodon.example/@agency",
                 "@press@gov.example", "https://bsky.app/profile/hea.bsky.social", "https://bsky.app/profile/did:web:hea.example", "https://mastodon.example/@agency@other.example"]
            """), File);

        var accounts = Assert.Single(watchlist.Profiles).Accounts;

        Assert.Equal(
            [
                (AccountKind.Did, "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d"), (AccountKind.Handle, "harbor.bsky.social"),
                (AccountKind.Handle, "harbor-press.example.org"), (AccountKind.Fediverse, "agency@mastodon.example"),
                (AccountKind.Fediverse, "press@gov.example"), (AccountKind.Handle, "hea.bsky.social"),
                (AccountKind.Did, "did:web:hea.example"), (AccountKind.Fediverse, "agency@other.example"),
            ],
            accounts.Select(a => (a.Kind, a.Key)));
        Assert.Equal("@Harbor.bsky.social", accounts[1].Written);
        Assert.Equal("@harbor.bsky.social", accounts[1].Display);
    }

    [Fact]
    public void Parse_ProfileWithOnlyAccounts_IsValid()
    {
        var watchlist = WatchlistLoader.Parse(Profile("[\"@harbor.bsky.social\"]", extra: ""), File);

        Assert.Single(Assert.Single(watchlist.Profiles).Accounts);
    }

    [Theory]
    [InlineData("[\"did:plc\"]", "'did:plc' is not a valid DID")]
    [InlineData("[\"did:PLC:abc\"]", "is not a valid DID")]
    [InlineData("[\"@harbor\"]", "'@harbor' is not an account")]
    [InlineData("[\"harbor enforcement\"]", "is not an account")]
    [InlineData("[\"@bad@\"]", "is not a valid fediverse account")]
    [InlineData("[\"https://mastodon.example/users/agency\"]", "is not a profile URL")]
    [InlineData("[\"https://bsky.app/profile/x\"]", "does not name a Bluesky account")]
    [InlineData("[\"\"]", "'accounts' entries must be non-empty strings")]
    [InlineData("[[\"nested\"]]", "'accounts' entries must be non-empty strings")]
    [InlineData("\"@harbor.bsky.social\"", "'accounts' must be a list of strings")]
    [InlineData("[]", "'accounts' is empty")]
    public void Parse_BadAccount_ReportsLineAndWhy(string accounts, string expected)
    {
        var error = SingleError(Profile(accounts));

        Assert.StartsWith($"{File}:5:", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameAccountTwiceInAProfile_ReportsBothLines()
    {
        var error = SingleError(Profile("\n      - \"@harbor.bsky.social\"\n      - \"@HARBOR.bsky.social\""));

        Assert.StartsWith($"{File}:7:", error, StringComparison.Ordinal);
        Assert.Contains("listed twice (first on line 6)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameAccountInTwoProfiles_NamesTheFirstProfile()
    {
        const string Yaml = """
            profiles:
              - id: hea
                name: Harbor
                accounts: ["https://mastodon.example/@agency"]
              - id: port
                name: Port
                accounts: ["@agency@mastodon.example"]
            """;

        var error = SingleError(Yaml);

        Assert.StartsWith($"{File}:7:", error, StringComparison.Ordinal);
        Assert.Contains("already in profile 'hea' (line 4)", error, StringComparison.Ordinal);
    }
}
