using Parapet.Cli;
using Parapet.Sources.Jetstream;
using Xunit;

namespace Parapet.Tests.Cli;

/// <summary>The <c>--config</c> file of <c>parapet run</c> and the <c>--source</c> specs.</summary>
public sealed class RunConfigTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string yaml)
    {
        var path = _temp.File("parapet.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Theory]
    [InlineData("https://resolver.example", "https://resolver.example")]
    [InlineData("off", "off")]
    public void Load_HandleService_IsRead(string value, string expected)
    {
        var config = RunConfig.Load(Write($"handle_service: {value}\nsources:\n  - jetstream: {{}}\n"));

        Assert.Equal(expected, config.HandleService);
    }

    [Fact]
    public void Load_HandleServiceOverPlainHttp_IsAnErrorWithItsLine()
    {
        var e = Assert.Throws<UsageException>(() => RunConfig.Load(Write("sources:\n  - jetstream: {}\nhandle_service: http://resolver.example\n")));

        Assert.Contains("parapet.yaml:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("must use HTTPS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryKindOfSource_ReadsEachWithItsSettings()
    {
        File.WriteAllText(_temp.File("posts.jsonl"), "");
        Environment.SetEnvironmentVariable("PARAPET_TEST_TOKEN_1", "secret-token");
        var config = RunConfig.Load(Write("""
            watchlist: lists/watchlist.yaml
            db: data/p.db
            retention_days: 3
            sources:
              - jetstream: {}
              - jetstream:
                  endpoints: [ws://127.0.0.1:6008/subscribe, wss://relay.example/subscribe]
                  stall_seconds: 10
                  rewind_seconds: 2
              - mastodon:
                  instance: https://mastodon.example
                  tag: "#Millbrook"
                  token_env: PARAPET_TEST_TOKEN_1
              - rss:
                  url: https://gazette.example/feed.xml
                  interval_seconds: 60
              - replay:
                  file: posts.jsonl
            """));

        Assert.Equal(Path.Combine(_temp.Path, "lists", "watchlist.yaml"), config.Watchlist);
        Assert.Equal(Path.Combine(_temp.Path, "data", "p.db"), config.Db);
        Assert.Equal(3, config.RetentionDays);
        Assert.Equal(5, config.Sources.Count);
        var publicJetstream = Assert.IsType<SourceSpec.Jetstream>(config.Sources[0]);
        Assert.Equal(JetstreamOptions.PublicEndpoints, publicJetstream.Options.Endpoints);
        var privateJetstream = Assert.IsType<SourceSpec.Jetstream>(config.Sources[1]).Options;
        Assert.Equal(["ws://127.0.0.1:6008/subscribe", "wss://relay.example/subscribe"], privateJetstream.Endpoints.Select(e => e.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(10), privateJetstream.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), privateJetstream.Rewind);
        var mastodon = Assert.IsType<SourceSpec.Mastodon>(config.Sources[2]).Options;
        Assert.Equal("hashtag", mastodon.Stream);
        Assert.Equal("Millbrook", mastodon.Tag);
        Assert.Equal("secret-token", mastodon.AccessToken);
        var rss = Assert.IsType<SourceSpec.Rss>(config.Sources[3]).Options;
        Assert.Equal(TimeSpan.FromSeconds(60), rss.Interval);
        Assert.Equal(Path.Combine(_temp.Path, "posts.jsonl"), Assert.IsType<SourceSpec.Replay>(config.Sources[4]).File);
    }

    [Fact]
    public void Load_MistakesAllOverTheFile_ReportsEachWithItsLine()
    {
        var path = Write("""
            sources:
              - jetstream:
                  endpoints: [http://not-a-socket.example]
              - rss:
                  url: https://ok.example/feed
                  interval_seconds: -5
              - mastodon:
                  stream: public
              - twitter: {}
              - rss:
                  url: https://ok.example/feed
                  colour: blue
            extra: 1
            """);

        var e = Assert.Throws<UsageException>(() => RunConfig.Load(path));

        Assert.Contains("parapet.yaml:2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a ws:// or wss:// URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("parapet.yaml:6: 'interval_seconds' must be a positive number", e.Message, StringComparison.Ordinal);
        Assert.Contains("mastodon needs 'instance", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown source kind 'twitter'", e.Message, StringComparison.Ordinal);
        Assert.Contains("parapet.yaml:12: unknown key 'colour'", e.Message, StringComparison.Ordinal);
        Assert.Contains("parapet.yaml:13: unknown key 'extra'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TokenVariableNotSet_IsAnError()
    {
        var path = Write("""
            sources:
              - mastodon:
                  instance: https://mastodon.example
                  token_env: PARAPET_TEST_TOKEN_THAT_IS_NOT_SET
            """);

        var e = Assert.Throws<UsageException>(() => RunConfig.Load(path));

        Assert.Contains("PARAPET_TEST_TOKEN_THAT_IS_NOT_SET", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sources: [")]
    [InlineData("just a string")]
    [InlineData("sources: {jetstream: {}}")]
    public void Load_NotTheExpectedShape_IsAnErrorNotACrash(string yaml)
    {
        var path = Write(yaml);

        var e = Assert.Throws<UsageException>(() => RunConfig.Load(path));

        Assert.Contains("parapet.yaml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jetstream", "jetstream")]
    [InlineData("jetstream:ws://127.0.0.1:6008/subscribe", "jetstream:ws://127.0.0.1:6008/subscribe")]
    [InlineData("jetstream:ws://a.example/subscribe,wss://b.example/subscribe", "jetstream:ws://a.example/subscribe,wss://b.example/subscribe")]
    public void Parse_JetstreamSpecs_NameTheCursorByTheirEndpoints(string spec, string name)
    {
        var jetstream = Assert.IsType<SourceSpec.Jetstream>(SourceSpec.Parse(spec));

        Assert.Equal(name, SourceFactory.JetstreamName(jetstream.Options.Endpoints));
    }

    [Fact]
    public void Parse_MastodonWithTag_IsTheHashtagStream()
    {
        var mastodon = Assert.IsType<SourceSpec.Mastodon>(SourceSpec.Parse("mastodon:https://mastodon.example#Elections2026")).Options;

        Assert.Equal("hashtag", mastodon.Stream);
        Assert.Equal("Elections2026", mastodon.Tag);
        Assert.Equal("mastodon:mastodon.example/hashtag#Elections2026", SourceFactory.MastodonName(mastodon));
    }

    [Theory]
    [InlineData("jetstream:http://x.example/subscribe", "not a ws://")]
    [InlineData("rss:ftp://x.example/feed", "not an http://")]
    [InlineData("rss:", "not an http://")]
    [InlineData("mastodon:https://m.example#bad tag", "not a hashtag")]
    public void Parse_BadSpec_SaysWhatIsWrong(string spec, string message)
    {
        var e = Assert.Throws<UsageException>(() => SourceSpec.Parse(spec));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }
}
