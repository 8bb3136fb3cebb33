using System.Text;
using System.Text.Json;
using Parapet.Posts;
using Xunit;

namespace Parapet.Tests.Posts;

public sealed class PostLineParserTests
{
    private const string Did = "did:plc:abcdefghijklmnopqrstuvwx";

    private static ParsedLine Parse(string line) => PostLineParser.Parse(Encoding.UTF8.GetBytes(line));

    private static string Commit(string operation, string collection, string rkey, string? record, long timeUs = 1783175888090631) =>
        $$$"""{"did":"{{{Did}}}","time_us":{{{timeUs}}},"kind":"commit","commit":{"rev":"3mptbypcq372f","operation":"{{{operation}}}","collection":"{{{collection}}}","rkey":"{{{rkey}}}"{{{(record is null ? "" : $",\"record\":{record}")}}},"cid":"bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu"}}""";

    [Fact]
    public void Parse_ParapetPostWithAllFields_ReadsEveryField()
    {
        var parsed = Parse("""{"id":"demo-0001","text":"HEA raided the Pier 9 office","lang":"en","created_at":"2026-11-20T13:01:00Z","author":"@someone","uri":"https://example.social/@someone/1"}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Null(parsed.Error);
        var post = Assert.IsType<Post>(parsed.Post);
        Assert.Equal("demo-0001", post.Id);
        Assert.Equal("HEA raided the Pier 9 office", post.Text);
        Assert.Equal("en", post.Lang);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 13, 1, 0, TimeSpan.Zero), post.CreatedAt);
        Assert.Equal("@someone", post.Author);
        Assert.Equal("https://example.social/@someone/1", post.Uri);
        Assert.Equal("replay", post.Source);
        Assert.Null(parsed.Cursor);
    }

    [Fact]
    public void Parse_ParapetPostWithOnlyIdAndText_LeavesTheRestEmpty()
    {
        var parsed = Parse("""{"text":"hello","id":"x1"}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        var post = parsed.Post!;
        Assert.Equal("x1", post.Id);
        Assert.Equal("hello", post.Text);
        Assert.Null(post.Lang);
        Assert.Null(post.CreatedAt);
        Assert.Null(post.Author);
        Assert.Null(post.Uri);
    }

    [Fact]
    public void Parse_ParapetPostWithEscapes_UnescapesText()
    {
        var parsed = Parse("""{"id":"e1","text":"line one\nH\u200bEA \"quoted\" caf\u00e9 \ud83d\udd25"}""");

        Assert.Equal("line one\nH\u200BEA \"quoted\" caf\u00E9 \U0001F525", parsed.Post!.Text);
    }

    [Fact]
    public void Parse_ParapetPostWithEmptyText_IsAPost()
    {
        var parsed = Parse("""{"id":"e2","text":""}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("", parsed.Post!.Text);
    }

    [Theory]
    [InlineData("""{"text":"no id here"}""")]
    [InlineData("""{"id":"","text":"empty id"}""")]
    [InlineData("""{"id":42,"text":"numeric id"}""")]
    [InlineData("""{"id":null,"text":"null id"}""")]
    public void Parse_ParapetPostWithoutStringId_IsAnErrorNamingId(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.Null(parsed.Post);
        Assert.Contains("\"id\"", parsed.Error);
    }

    [Theory]
    [InlineData("""{"id":"p1"}""")]
    [InlineData("""{"id":"p1","text":null}""")]
    [InlineData("""{"id":"p1","text":["a","b"]}""")]
    [InlineData("""{"id":"p1","text":{"value":"a"}}""")]
    public void Parse_ParapetPostWithoutStringText_IsAnErrorNamingThePost(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.Contains("p1", parsed.Error);
        Assert.Contains("\"text\"", parsed.Error);
    }

    [Fact]
    public void Parse_ParapetPostWithUnknownFields_IgnoresThem()
    {
        var parsed = Parse("""{"score":0.5,"id":"u1","extra":{"nested":[1,{"text":"not me"}],"id":"not me"},"text":"real text","tags":["a","b"],"ok":true,"none":null}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("u1", parsed.Post!.Id);
        Assert.Equal("real text", parsed.Post.Text);
    }

    [Fact]
    public void Parse_ParapetPostWithKindField_IsStillAPost()
    {
        var parsed = Parse("""{"id":"k1","text":"HEA raided my street","kind":"note"}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("k1", parsed.Post!.Id);
    }

    [Fact]
    public void Parse_ParapetPostWithUnparsableDate_KeepsThePostWithoutDate()
    {
        var parsed = Parse("""{"id":"d1","text":"t","created_at":"yesterday-ish"}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Null(parsed.Post!.CreatedAt);
    }

    [Fact]
    public void Parse_LineWithByteOrderMark_IsReadAsAPost()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"id":"bom1","text":"with bom"}""")).ToArray();

        var parsed = PostLineParser.Parse(bytes);

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("bom1", parsed.Post!.Id);
    }

    [Theory]
    [InlineData("{\"id\":\"c1\",\"text\":\"crlf\"}\r")]
    [InlineData("{\"id\":\"c1\",\"text\":\"crlf\"}\r\n")]
    [InlineData("  \t{\"id\":\"c1\",\"text\":\"crlf\"}  \r")]
    public void Parse_LineWithCarriageReturnOrPadding_IsReadAsAPost(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("c1", parsed.Post!.Id);
        Assert.Equal("crlf", parsed.Post.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r")]
    [InlineData("\t \r\n")]
    public void Parse_BlankLine_IsSkipped(string line)
    {
        Assert.Equal(LineKind.Skip, Parse(line).Kind);
    }

    [Fact]
    public void Parse_JetstreamPostCreate_BuildsAtUriAndBlueskyUrl()
    {
        var record = """{"$type":"app.bsky.feed.post","createdAt":"2026-07-04T14:38:06.240Z","langs":["es","en"],"text":"Voy a protestar frente a HEA"}""";

        var parsed = Parse(Commit("create", "app.bsky.feed.post", "3mptbyoeyc22k", record, timeUs: 1783175888090631));

        Assert.Equal(LineKind.Post, parsed.Kind);
        var post = parsed.Post!;
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3mptbyoeyc22k", post.Id);
        Assert.Equal($"https://bsky.app/profile/{Did}/post/3mptbyoeyc22k", post.Uri);
        Assert.Equal(Did, post.Author);
        Assert.Equal("Voy a protestar frente a HEA", post.Text);
        Assert.Equal("es", post.Lang);
        Assert.Equal(new DateTimeOffset(2026, 7, 4, 14, 38, 6, 240, TimeSpan.Zero), post.CreatedAt);
        Assert.Equal("bluesky", post.Source);
        Assert.Equal(1783175888090631L, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamPostWithoutLangs_HasNoLang()
    {
        var record = """{"$type":"app.bsky.feed.post","createdAt":"2026-07-04T14:38:06.240Z","text":"no langs"}""";

        var parsed = Parse(Commit("create", "app.bsky.feed.post", "3aaa", record));

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Null(parsed.Post!.Lang);
    }

    [Fact]
    public void Parse_JetstreamPostWithReplyFacetsAndEmbed_ReadsOnlyTheRecordText()
    {
        var record = """{"$type":"app.bsky.feed.post","createdAt":"2026-07-04T14:38:06.240Z","embed":{"$type":"app.bsky.embed.external","external":{"description":"d","title":"t","uri":"https://example.org/x","text":"embed text"}},"facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:zzz"}],"index":{"byteEnd":4,"byteStart":0}}],"langs":["en"],"reply":{"parent":{"cid":"bafy1","uri":"at://did:plc:zzz/app.bsky.feed.post/3p"},"root":{"cid":"bafy2","uri":"at://did:plc:zzz/app.bsky.feed.post/3r"}},"text":"the reply text"}""";

        var parsed = Parse(Commit("create", "app.bsky.feed.post", "3bbb", record));

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal("the reply text", parsed.Post!.Text);
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3bbb", parsed.Post.Id);
    }

    [Fact]
    public void Parse_JetstreamKeysInAnotherOrder_StillReadsThePost()
    {
        var line = $$$"""{"commit":{"record":{"text":"order","langs":["en"]},"rkey":"3ccc","collection":"app.bsky.feed.post","operation":"create"},"kind":"commit","time_us":5,"did":"{{{Did}}}"}""";

        var parsed = Parse(line);

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3ccc", parsed.Post!.Id);
        Assert.Equal("order", parsed.Post.Text);
        Assert.Equal(5L, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamPostUpdate_IsAPostWithTheSameId()
    {
        var record = """{"$type":"app.bsky.feed.post","createdAt":"2026-07-04T14:38:06.240Z","langs":["en"],"text":"edited text"}""";

        var parsed = Parse(Commit("update", "app.bsky.feed.post", "3ddd", record, timeUs: 42));

        Assert.Equal(LineKind.Post, parsed.Kind);
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3ddd", parsed.Post!.Id);
        Assert.Equal("edited text", parsed.Post.Text);
        Assert.Equal(42L, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamPostDelete_IsADeleteWithTheAtUri()
    {
        var parsed = Parse(Commit("delete", "app.bsky.feed.post", "3eee", record: null, timeUs: 77));

        Assert.Equal(LineKind.Delete, parsed.Kind);
        Assert.Equal($"at://{Did}/app.bsky.feed.post/3eee", parsed.Id);
        Assert.Null(parsed.Post);
        Assert.Equal(77L, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamAccountDeactivated_IsAccountGoneWithTheDid()
    {
        var line = $$$"""{"did":"{{{Did}}}","time_us":1783175888123456,"kind":"account","account":{"active":false,"did":"{{{Did}}}","seq":123,"status":"deactivated","time":"2026-07-04T14:38:08.000Z"}}""";

        var parsed = Parse(line);

        Assert.Equal(LineKind.AccountGone, parsed.Kind);
        Assert.Equal(Did, parsed.Id);
        Assert.Equal(1783175888123456L, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamAccountActive_IsSkipped()
    {
        var line = $$$"""{"did":"{{{Did}}}","time_us":1,"kind":"account","account":{"active":true,"did":"{{{Did}}}","seq":124,"time":"2026-07-04T14:38:08.000Z"}}""";

        Assert.Equal(LineKind.Skip, Parse(line).Kind);
    }

    [Fact]
    public void Parse_JetstreamLikeOfAPost_IsSkipped()
    {
        var record = """{"$type":"app.bsky.feed.like","createdAt":"2026-07-04T14:38:08.999Z","subject":{"cid":"bafyreiftot7eltsc3f6g4qktykmbv6jcmdmhcx5osscan6jpdxkpqcmcza","uri":"at://did:plc:r2zybk6op3ymzpz6jhqpkoy5/app.bsky.feed.post/3mpsjbtci2c2o"}}""";

        var parsed = Parse(Commit("create", "app.bsky.feed.like", "3fff", record));

        Assert.Equal(LineKind.Skip, parsed.Kind);
        Assert.Null(parsed.Post);
    }

    [Fact]
    public void Parse_JetstreamLikeMentioningThePostCollectionAsAWholeString_IsSkipped()
    {
        // Defeats the byte pre-filter: the post collection appears as a whole JSON string inside the like.
        var record = """{"$type":"app.bsky.feed.like","createdAt":"2026-07-04T14:38:08.999Z","via":"app.bsky.feed.post","text":"not a post","subject":{"cid":"bafy","uri":"at://did:plc:r2zy/app.bsky.feed.post/3mps"}}""";

        var parsed = Parse(Commit("create", "app.bsky.feed.like", "3ggg", record));

        Assert.Equal(LineKind.Skip, parsed.Kind);
        Assert.Null(parsed.Post);
    }

    [Theory]
    [InlineData("app.bsky.feed.repost", """{"$type":"app.bsky.feed.repost","createdAt":"2026-07-04T14:38:08.999Z","subject":{"cid":"bafy","uri":"at://did:plc:r2zy/app.bsky.feed.post/3mps"}}""")]
    [InlineData("app.bsky.graph.follow", """{"$type":"app.bsky.graph.follow","createdAt":"2026-07-04T14:38:08.999Z","subject":"did:plc:r2zy"}""")]
    [InlineData("app.bsky.graph.block", """{"$type":"app.bsky.graph.block","createdAt":"2026-07-04T14:38:08.999Z","subject":"did:plc:r2zy"}""")]
    [InlineData("app.bsky.actor.profile", """{"$type":"app.bsky.actor.profile","displayName":"Someone","description":"I post about HEA"}""")]
    [InlineData("fyi.unravel.frontpage.post", """{"$type":"fyi.unravel.frontpage.post","title":"t","text":"other lexicon text","createdAt":"2026-07-04T14:38:08.999Z"}""")]
    public void Parse_JetstreamNonPostCommit_IsSkipped(string collection, string record)
    {
        var parsed = Parse(Commit("create", collection, "3hhh", record));

        Assert.Equal(LineKind.Skip, parsed.Kind);
        Assert.Null(parsed.Post);
    }

    [Fact]
    public void Parse_JetstreamFollowDelete_IsSkippedNotADelete()
    {
        var parsed = Parse(Commit("delete", "app.bsky.graph.follow", "3iii", record: null));

        Assert.Equal(LineKind.Skip, parsed.Kind);
    }

    [Fact]
    public void Parse_JetstreamIdentity_IsAnIdentityWithItsHandle()
    {
        var line = $$$"""{"did":"{{{Did}}}","time_us":1783175888000001,"kind":"identity","identity":{"did":"{{{Did}}}","handle":"someone.bsky.social","seq":125,"time":"2026-07-04T14:38:08.000Z"}}""";

        var parsed = Parse(line);

        Assert.Equal(LineKind.Identity, parsed.Kind);
        Assert.Equal(Did, parsed.Id);
        Assert.Equal("someone.bsky.social", parsed.Handle);
        Assert.Equal(1783175888000001, parsed.Cursor);
    }

    [Fact]
    public void Parse_JetstreamPostCreateWithoutText_IsSkipped()
    {
        var parsed = Parse(Commit("create", "app.bsky.feed.post", "3jjj", """{"$type":"app.bsky.feed.post","langs":["en"]}"""));

        Assert.Equal(LineKind.Skip, parsed.Kind);
    }

    [Theory]
    [InlineData("{\"id\":\"m1\",\"text\":\"unterminated}")]
    [InlineData("{\"id\":\"m1\",\"text\":\"x\"")]
    [InlineData("{\"id\":\"m1\" \"text\":\"x\"}")]
    [InlineData("{id:\"m1\",\"text\":\"x\"}")]
    [InlineData("{\"id\":\"m1\",\"text\":'x'}")]
    [InlineData("{\"id\":\"m1\",\"text\":\"x\",}")]
    [InlineData("not json at all")]
    [InlineData("{")]
    public void Parse_MalformedJson_IsAnErrorWithAMessage(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
        Assert.Null(parsed.Post);
    }

    [Fact]
    public void Parse_InvalidUtf8InText_IsAnErrorWithAMessage()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"u8\",\"text\":\"bad \u0001\"}");
        var index = Array.IndexOf(bytes, (byte)0x01);
        bytes[index] = 0xFF;

        var parsed = PostLineParser.Parse(bytes);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void Parse_TruncatedUtf8SequenceInText_IsAnError()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"u9\",\"text\":\"caf\u00E9\"}");
        var index = Array.IndexOf(bytes, (byte)0xC3);
        var broken = bytes.Take(index + 1).Concat(bytes.Skip(index + 2)).ToArray();

        var parsed = PostLineParser.Parse(broken);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void Parse_InvalidUtf8OutsideStrings_IsAnError()
    {
        var bytes = new byte[] { 0xC0, 0xAF }.Concat(Encoding.UTF8.GetBytes("{\"id\":\"u10\",\"text\":\"t\"}")).ToArray();

        var parsed = PostLineParser.Parse(bytes);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Theory]
    [InlineData("""[{"id":"a1","text":"in an array"}]""")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Parse_JsonThatIsNotAnObject_IsAnError(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.Contains("object", parsed.Error);
    }

    [Theory]
    [InlineData("""{"id":"t1","text":"x"} trailing""")]
    [InlineData("""{"id":"t1","text":"x"}}""")]
    [InlineData("""{"id":"t1","text":"x"}{"id":"t2","text":"y"}""")]
    [InlineData("""{"id":"t1","text":"x"},""")]
    public void Parse_TrailingGarbage_IsAnErrorWithAMessage(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.Null(parsed.Post);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_IsAnErrorNotAnException()
    {
        var nested = new string('[', 200) + new string(']', 200);
        var parsed = Parse($$$"""{"id":"deep","text":"x","junk":{{{nested}}}}""");

        Assert.Equal(LineKind.Error, parsed.Kind);
        Assert.Contains("malformed JSON", parsed.Error);
    }

    [Fact]
    public void Parse_ModerateNestingInAnUnknownField_IsAPost()
    {
        var nested = new string('[', 30) + new string(']', 30);
        var parsed = Parse($$$"""{"id":"deep","text":"x","junk":{{{nested}}}}""");

        Assert.Equal(LineKind.Post, parsed.Kind);
    }

    [Theory]
    [InlineData("expected_v1.jsonl")]
    [InlineData("golden_v1.jsonl")]
    public void Parse_RealJetstreamCapture_EveryLineParsesAndPostsAreCounted(string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "jetstream-capture", fileName));
        if (!File.Exists(path))
        {
            Assert.Skip($"the Jetstream capture {path} is not present");
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var expectedPosts = 0;
        var expectedDeletes = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("kind").GetString() == "commit"
                && root.GetProperty("commit") is var commit
                && commit.GetProperty("collection").GetString() == "app.bsky.feed.post")
            {
                var operation = commit.GetProperty("operation").GetString();
                expectedPosts += operation is "create" or "update" ? 1 : 0;
                expectedDeletes += operation == "delete" ? 1 : 0;
            }
        }

        var posts = 0;
        var deletes = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var parsed = Parse(lines[i]);
            Assert.True(parsed.Kind != LineKind.Error, $"line {i + 1}: {parsed.Error}");
            posts += parsed.Kind == LineKind.Post ? 1 : 0;
            deletes += parsed.Kind == LineKind.Delete ? 1 : 0;
            if (parsed.Kind == LineKind.Post)
            {
                Assert.StartsWith("at://did:", parsed.Post!.Id);
                Assert.Contains("/app.bsky.feed.post/", parsed.Post.Id);
                Assert.NotNull(parsed.Cursor);
            }
        }

        Assert.True(expectedPosts > 0, "the capture holds no post creates");
        Assert.Equal(expectedPosts, posts);
        Assert.Equal(expectedDeletes, deletes);
    }
}

public sealed class PostLineParserLiveSourceTests
{
    private static ParsedLine Parse(string line) => PostLineParser.Parse(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("rss", "rss")]
    [InlineData("mastodon", "mastodon")]
    [InlineData("bluesky", "bluesky")]
    [InlineData("carrier-pigeon", "replay")]
    public void Parse_ParapetPostNamingItsSource_KeepsKnownSourcesOnly(string given, string expected)
    {
        var parsed = Parse($$"""{"id":"x","text":"t","source":"{{given}}"}""");

        Assert.Equal(expected, parsed.Post!.Source);
    }

    [Fact]
    public void Parse_DeleteLine_IsADeletionOfThatId()
    {
        var parsed = Parse("""{"delete":"https://mastodon.example/api/v1/statuses/1093"}""");

        Assert.Equal(LineKind.Delete, parsed.Kind);
        Assert.Equal("https://mastodon.example/api/v1/statuses/1093", parsed.Id);
    }

    [Theory]
    [InlineData("""{"delete":"a","id":"a","text":"t"}""")]
    [InlineData("""{"delete":""}""")]
    public void Parse_DeleteLineMixedWithAPostOrEmpty_IsAnError(string line) =>
        Assert.Equal(LineKind.Error, Parse(line).Kind);

    [Fact]
    public void Parse_JetstreamUpdateAndParapetEdit_AreMarkedEdited()
    {
        var update = Parse("""{"did":"did:plc:abc","time_us":5,"kind":"commit","commit":{"operation":"update","collection":"app.bsky.feed.post","rkey":"r1","record":{"text":"v2"}}}""");
        var create = Parse("""{"did":"did:plc:abc","time_us":5,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r1","record":{"text":"v1"}}}""");
        var edit = Parse("""{"id":"m1","text":"v2","edited":true}""");

        Assert.True(update.Post!.Edited);
        Assert.False(create.Post!.Edited);
        Assert.True(edit.Post!.Edited);
    }
}
