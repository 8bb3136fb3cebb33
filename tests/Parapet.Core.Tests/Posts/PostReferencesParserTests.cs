using System.Text;
using Parapet.Posts;
using Xunit;
using Shapes = Parapet.Tests.JetstreamShapes;

namespace Parapet.Tests.Posts;

/// <summary>Reply refs, quote embeds and mention facets read from Jetstream posts and from Parapet post lines.</summary>
public sealed class PostReferencesParserTests
{
    private const string Poster = "did:plc:q235v55g5unth4zjjdpacfdr";
    private const string Agency = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d";

    private static ParsedLine Parse(string line) => PostLineParser.Parse(Encoding.UTF8.GetBytes(line));

    [Fact]
    public void Parse_RealCapturedReply_ReadsParentRootAndTheParentsAuthor()
    {
        if (Shapes.GoldenReplyPost() is not { } line)
        {
            Assert.Skip("the Jetstream capture ../shared/data/jetstream-capture is not present");
            return;
        }

        var references = Parse(line).Post!.References;

        Assert.NotNull(references);
        Assert.Equal("at://did:plc:j76trmiofvaxxpvx2vnb2vwf/app.bsky.feed.post/3mmojbrjwbs26", references.ReplyParent);
        Assert.Equal("did:plc:j76trmiofvaxxpvx2vnb2vwf", references.ReplyParentAuthor);
        Assert.Equal(references.ReplyParent, references.ReplyRoot);
        Assert.Null(references.Quoted);
        Assert.Empty(references.Mentions);
    }

    [Fact]
    public void Parse_ReplyWithADifferentRoot_ReadsBothAuthors()
    {
        var line = Shapes.Post(Poster, "3r", "hi", replyTo: Shapes.PostUri("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "3p"), replyRoot: Shapes.PostUri(Agency, "3root"));

        var references = Parse(line).Post!.References!;

        Assert.Equal("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", references.ReplyParentAuthor);
        Assert.Equal(Agency, references.ReplyRootAuthor);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parse_QuotePost_ReadsTheQuotedRecordAndItsAuthor(bool withMedia)
    {
        var line = Shapes.Post(Poster, "3q", "this", quote: Shapes.PostUri(Agency, "3quoted"), quoteWithMedia: withMedia);

        var references = Parse(line).Post!.References!;

        Assert.Equal(Shapes.PostUri(Agency, "3quoted"), references.Quoted);
        Assert.Equal(Agency, references.QuotedAuthor);
        Assert.Null(references.ReplyParent);
    }

    [Fact]
    public void Parse_MentionFacets_ReadsTheDidsOfMentionsOnly()
    {
        var line = Shapes.Post(Poster, "3m", "@a @b", mentions: [Agency, Poster]).Replace(
            "\"features\":[{\"$type\":\"app.bsky.richtext.facet#mention\",\"did\":\"" + Poster + "\"}]",
            "\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://example.com\"}]", StringComparison.Ordinal);

        var references = Parse(line).Post!.References!;

        Assert.Equal([Agency], references.Mentions);
    }

    [Fact]
    public void Parse_PostWithoutReferences_HasNone()
    {
        Assert.Null(Parse(Shapes.Post(Poster, "3n", "plain")).Post!.References);
        Assert.Null(Parse("""{"id":"p1","text":"plain"}""").Post!.References);
    }

    [Fact]
    public void Parse_ParapetLineWithReferences_ReadsThemAndTakesAuthorsFromAtUris()
    {
        var parsed = Parse($$"""{"id":"p2","text":"x","reply_to":"{{Shapes.PostUri(Agency, "3p")}}","quote_of":"https://mastodon.example/api/v1/statuses/9","quote_of_author":"Agency@Mastodon.example","mentions":["carrowvotes@mastodon.example",7,"did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"]}""");

        var references = parsed.Post!.References!;

        Assert.Equal(Agency, references.ReplyParentAuthor);
        Assert.Equal("Agency@Mastodon.example", references.QuotedAuthor);
        Assert.Equal(["carrowvotes@mastodon.example", "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"], references.Mentions);
    }

    [Fact]
    public void Parse_IdentityWithoutAHandle_IsAnIdentityWithNoHandle()
    {
        var parsed = Parse("""{"did":"did:plc:g4ut2w5755qxi3fe7mfs72p4","time_us":1779719010267528,"kind":"identity","identity":{"did":"did:plc:g4ut2w5755qxi3fe7mfs72p4","seq":30340180350,"time":"2026-05-25T14:23:29.950Z"}}""");

        Assert.Equal(LineKind.Identity, parsed.Kind);
        Assert.Null(parsed.Handle);
    }
}
