using System.Text;
using Parapet.Analysis;
using Parapet.Matching;
using Parapet.Pipeline;
using Parapet.Posts;
using Parapet.Watchlists;
using Xunit;
using Shapes = Parapet.Tests.JetstreamShapes;

namespace Parapet.Tests.Matching;

/// <summary>Replies to, quotes of and mentions of a profile's own accounts, read from Jetstream events as the pipeline reads them.</summary>
public sealed class AccountMatchTests
{
    private const string HeaDid = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d";
    private const string SchoolsDid = "did:plc:b7cnk2mrf4wqyxtd3ja6vsle";
    private const string PosterDid = "did:plc:q235v55g5unth4zjjdpacfdr";
    private const string OtherDid = "did:plc:j76trmiofvaxxpvx2vnb2vwf";

    private const string Yaml = $"""
        profiles:
          - id: hea
            name: Harbor Enforcement Agency
            aliases: ["Harbor Enforcement Agency", "HEA"]
            accounts: ["{HeaDid}"]
          - id: busd
            name: Brackwater Unified School District
            aliases: ["Brackwater Unified"]
            accounts: ["@brackwaterschools.bsky.social"]
        """;

    private static PostAnalyzer Analyzer(string yaml = Yaml) =>
        PostAnalyzer.WithShippedModels(WatchlistMatcher.Build(WatchlistLoader.Parse(yaml, "test.yaml")));

    private static Post Read(string jetstreamLine)
    {
        var parsed = PostLineParser.Parse(Encoding.UTF8.GetBytes(jetstreamLine));
        Assert.Equal(LineKind.Post, parsed.Kind);
        return parsed.Post!;
    }

    private static Post ReplyTo(string parentDid, string text, string rkey = "3mmoojp4cd223") =>
        Read(Shapes.Post(PosterDid, rkey, text, replyTo: Shapes.PostUri(parentDid, "3mmojbrjwbs26")));

    [Theory]
    [InlineData("you're dead")]
    [InlineData("I'll find you")]
    [InlineData("your family isn't safe")]
    [InlineData("watch your back")]
    [InlineData("you're next")]
    [InlineData("estás muerto")]
    [InlineData("te vamos a encontrar")]
    public void Analyze_SecondPersonThreatInReplyToWatchedAccount_AlertsWithTheReplyInItsReason(string text)
    {
        var analysis = Analyzer().Analyze(ReplyTo(HeaDid, text));

        Assert.True(analysis.Alert, string.Join("; ", analysis.Threat.Reasons));
        Assert.Equal(["hea"], analysis.AlertEntities);
        Assert.StartsWith($"reply to {HeaDid}'s post: second-person threat", analysis.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.Contains(analysis.Threat.Reasons, r => r.Contains("aimed at Harbor Enforcement Agency (hea)", StringComparison.Ordinal));
        Assert.Equal(ThreatSeverity.Concerning, analysis.Threat.Severity);
    }

    [Theory]
    [InlineData("you're dead")]
    [InlineData("watch your back")]
    [InlineData("te vamos a encontrar")]
    public void Match_SameThreatInReplyToAnUnwatchedAccount_DoesNotMatch(string text)
    {
        var analyzer = Analyzer();

        Assert.Null(analyzer.Match(ReplyTo(OtherDid, text)));
        Assert.False(analyzer.Analyze(ReplyTo(OtherDid, text)).Alert);
    }

    [Theory]
    [InlineData("you should resign")]
    [InlineData("you're a disgrace")]
    [InlineData("You should resign. You're a disgrace to this harbor and everyone knows it")]
    [InlineData("deberías renunciar, eres una vergüenza")]
    public void Analyze_CriticismInReplyToWatchedAccount_MatchesButDoesNotAlert(string text)
    {
        var analyzer = Analyzer();
        var post = ReplyTo(HeaDid, text);

        var matched = analyzer.Match(post);
        var analysis = analyzer.Analyze(post);

        Assert.NotNull(matched);
        Assert.Equal(MatchVia.Reply, Assert.Single(matched.Matches).Via);
        Assert.Equal(["hea"], analysis.Entities);
        Assert.False(analysis.Alert, string.Join("; ", analysis.Threat.Reasons));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Match_QuoteOfWatchedAccountsPost_MatchesAsAQuote(bool withMedia)
    {
        var post = Read(Shapes.Post(PosterDid, "3mq", "look at this", quote: Shapes.PostUri(HeaDid, "3mmojbrjwbs26"), quoteWithMedia: withMedia));

        var matched = Analyzer().Match(post);

        Assert.NotNull(matched);
        var m = Assert.Single(matched.Matches);
        Assert.Equal(MatchVia.Quote, m.Via);
        Assert.Equal(0, m.Profile);
        Assert.Equal("quote of " + HeaDid + "'s post", m.Describe());
    }

    [Fact]
    public void Analyze_MentionOfWatchedAccountWithSecondPersonThreat_AlertsAsAMention()
    {
        var post = Read(Shapes.Post(PosterDid, "3mm", "@agency.bsky.social watch your back", mentions: [OtherDid, HeaDid]));

        var analysis = Analyzer().Analyze(post);

        Assert.True(analysis.Alert);
        Assert.StartsWith($"mention of {HeaDid}: second-person threat", analysis.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.Equal([new AccountLink("hea", MatchVia.Mention, HeaDid)], analysis.Links);
    }

    [Fact]
    public void Analyze_SecondPersonThreatDeeperInAWatchedThread_MatchesButIsNotAimedAtTheAccount()
    {
        // "You" answers the parent's author, who is not watched; the thread's root is the agency's.
        var post = Read(Shapes.Post(PosterDid, "3mt", "you're dead", replyTo: Shapes.PostUri(OtherDid, "3x"), replyRoot: Shapes.PostUri(HeaDid, "3r")));

        var analysis = Analyzer().Analyze(post);

        Assert.Equal(["hea"], analysis.Entities);
        Assert.Equal(MatchVia.Thread, Assert.Single(analysis.Links).Via);
        Assert.False(analysis.Alert);
    }

    [Fact]
    public void Analyze_ThreatInAQuoteThatNamesNothing_IsNotAimedAtTheQuotedAccount()
    {
        var post = Read(Shapes.Post(PosterDid, "3mq", "you're next", quote: Shapes.PostUri(HeaDid, "3mmojbrjwbs26")));

        Assert.False(Analyzer().Analyze(post).Alert);
    }

    [Fact]
    public void Match_HandleAccount_MatchesOnceAnIdentityEventNamesItAndKeepsMatchingAfterAHandleChange()
    {
        var analyzer = Analyzer();
        var reply = ReplyTo(SchoolsDid, "you're dead");
        Assert.Null(analyzer.Match(reply));

        var identity = PostLineParser.Parse(Encoding.UTF8.GetBytes(Shapes.Identity(SchoolsDid, "brackwaterschools.bsky.social")));
        Assert.Equal(LineKind.Identity, identity.Kind);
        Assert.NotNull(analyzer.Accounts.Observe(identity.Id!, identity.Handle));
        var before = analyzer.Analyze(reply);

        var changed = PostLineParser.Parse(Encoding.UTF8.GetBytes(Shapes.Identity(SchoolsDid, "busd-official.bsky.social", timeUs: 1779719010267999)));
        analyzer.Accounts.Observe(changed.Id!, changed.Handle);
        var after = analyzer.Analyze(reply);

        Assert.True(before.Alert);
        Assert.StartsWith("reply to @brackwaterschools.bsky.social's post", before.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.True(after.Alert);
        Assert.Equal(["busd"], after.AlertEntities);
        Assert.StartsWith("reply to @busd-official.bsky.social's post", after.Threat.Reasons[0], StringComparison.Ordinal);
        Assert.Empty(analyzer.Accounts.UnresolvedHandles);
    }

    [Fact]
    public void Replace_WatchlistSavedWhileRunning_KeepsBoundHandlesAndOwnPostsForTheProfilesStillWatched()
    {
        var live = new LiveWatchlist(WatchlistLoader.Parse(Yaml, "test.yaml"));
        live.Matcher.Accounts.Observe(SchoolsDid, "brackwaterschools.bsky.social");
        PostAnalyzer.WithShippedModels(live.Matcher).Match(Read(Shapes.Post(SchoolsDid, "3mmojbrjwbs26", "Board meets Thursday.")));

        live.Replace(WatchlistLoader.Parse("""
            profiles:
              - id: extra
                name: Extra Org
                aliases: ["Extra Org"]
              - id: busd
                name: Brackwater Unified School District
                accounts: ["@brackwaterschools.bsky.social"]
            """, "test.yaml"));
        var matched = PostAnalyzer.WithShippedModels(live.Matcher).Match(ReplyTo(SchoolsDid, "you're dead"));
        live.Replace(WatchlistLoader.Parse(Yaml.Replace("@brackwaterschools.bsky.social", "@other.bsky.social", StringComparison.Ordinal), "test.yaml"));
        var unwatched = PostAnalyzer.WithShippedModels(live.Matcher).Match(ReplyTo(SchoolsDid, "you're dead"));

        Assert.NotNull(matched);
        Assert.Equal((1, MatchVia.Reply), (Assert.Single(matched.Matches).Profile, matched.Matches[0].Via));
        Assert.Equal("Board meets Thursday.", matched.Parent?.Text);
        Assert.Null(unwatched);
    }

    [Fact]
    public void Observe_AnotherDidTakingABoundHandle_DoesNotBecomeTheOrganization()
    {
        var analyzer = Analyzer();
        analyzer.Accounts.Observe(SchoolsDid, "brackwaterschools.bsky.social");
        analyzer.Accounts.Observe(SchoolsDid, "busd-official.bsky.social");

        analyzer.Accounts.Observe(OtherDid, "brackwaterschools.bsky.social");

        Assert.Null(analyzer.Match(ReplyTo(OtherDid, "hello")));
        Assert.NotNull(analyzer.Match(ReplyTo(SchoolsDid, "hello")));
    }

    [Fact]
    public void Match_IdentityEventOfAnUnwatchedHandle_IsNotRemembered()
    {
        var analyzer = Analyzer();

        Assert.Null(analyzer.Accounts.Observe(OtherDid, "someone.bsky.social"));
        Assert.Null(analyzer.Accounts.Find(OtherDid));
    }

    [Fact]
    public void Match_ReplyToTheWatchedAccountsOwnEarlierPost_CarriesThatPostAsContextUntilItIsDeleted()
    {
        var analyzer = Analyzer();
        var own = Read(Shapes.Post(HeaDid, "3mmojbrjwbs26", "Our Pier 9 office opens Monday."));
        Assert.Null(analyzer.Match(own));

        var first = analyzer.Match(ReplyTo(HeaDid, "see you there, you're dead", rkey: "3a"));
        analyzer.Deleted(own.Id);
        var second = analyzer.Match(ReplyTo(HeaDid, "you're dead", rkey: "3b"));

        Assert.Equal(own, first!.Parent);
        Assert.Equal(own, analyzer.Classify(first).Parent);
        Assert.Null(second!.Parent);
    }

    [Fact]
    public void Match_WatchedAccountGoneAtItsSource_LeavesNoContextBehind()
    {
        var analyzer = Analyzer();
        analyzer.Match(Read(Shapes.Post(HeaDid, "3mmojbrjwbs26", "Our Pier 9 office opens Monday.")));

        analyzer.AccountGone(HeaDid);
        var reply = analyzer.Match(ReplyTo(HeaDid, "you're dead"));

        Assert.NotNull(reply);
        Assert.Null(reply.Parent);
    }

    [Fact]
    public void Match_OwnPostOfAnUnwatchedAuthor_IsNotKeptAsContext()
    {
        var analyzer = Analyzer();
        analyzer.Match(Read(Shapes.Post(OtherDid, "3mmojbrjwbs26", "my own post")));

        var reply = analyzer.Match(Read(Shapes.Post(PosterDid, "3c", "HEA, you're dead", replyTo: Shapes.PostUri(OtherDid, "3mmojbrjwbs26"))));

        Assert.NotNull(reply);
        Assert.Null(reply.Parent);
    }

    [Fact]
    public void Analyze_ThreatNamingTheProfileInAReply_KeepsTheUsualReasons()
    {
        var analysis = Analyzer().Analyze(ReplyTo(HeaDid, "HEA you're dead"));

        Assert.True(analysis.Alert);
        Assert.StartsWith("second-person threat", analysis.Threat.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Match_RealCapturedReply_MatchesWhenItsParentsAuthorIsWatched()
    {
        if (Shapes.GoldenReplyPost() is not { } line)
        {
            Assert.Skip("the Jetstream capture ../shared/data/jetstream-capture is not present");
            return;
        }

        var post = Read(line);
        var watching = Analyzer($"""
            profiles:
              - id: parent
                name: The parent's organization
                accounts: ["{AccountKeys.DidOfAtUri(post.References!.ReplyParent)}"]
            """);

        var matched = watching.Match(post);
        var unwatched = Analyzer().Match(post);

        Assert.Equal(MatchVia.Reply, Assert.Single(matched!.Matches).Via);
        Assert.False(watching.Classify(matched).Alert);
        Assert.Null(unwatched);
    }
}
