using System.Net;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class PagesTests(ParapetFactory factory) : IClassFixture<ParapetFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlertPage_PostWithMarkup_ShowsItEncoded()
    {
        var (analysis, id) = await factory.StoreAsync(Threats.Markup);
        Assert.True(analysis.Alert, "the markup threat raises no alert");
        using var client = await factory.SignedInAsync("analyst");

        foreach (var page in new[] { $"/alerts/{id}", "/alerts" })
        {
            var html = await client.GetStringAsync(page, Ct);
            Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>window", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AlertPage_ReplyToAWatchedAccountsPost_ShowsThatPostEncodedAsContext()
    {
        var parent = new Parapet.Posts.Post
        {
            Id = "at://did:plc:hq5xgz7rkwm3ybtcpsn4ea2d/app.bsky.feed.post/3ctx",
            Text = "Office hours <b onmouseover=alert(1)>Monday</b>",
            Author = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d",
            Source = "bluesky",
        };
        var (analysis, id) = await factory.StoreAsync(Threats.Markup, parent: parent);
        Assert.True(analysis.Alert, "the markup threat raises no alert");
        using var client = await factory.SignedInAsync("analyst");

        var html = await client.GetStringAsync($"/alerts/{id}", Ct);

        Assert.Contains("<dt>In reply to</dt>", html, StringComparison.Ordinal);
        Assert.Contains("Office hours &lt;b onmouseover=alert(1)&gt;Monday&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b onmouseover", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_SignedIn_AnswerWithContentSecurityPolicy()
    {
        using var client = await factory.SignedInAsync("admin");
        foreach (var page in new[] { "/", "/alerts", "/watchlists", "/sources", "/audit", "/reports" })
        {
            using var response = await client.GetAsync(page, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TriageForm_WithoutAntiforgeryToken_IsRejected()
    {
        var (_, id) = await factory.StoreAsync(Threats.Bomb + " form");
        using var client = await factory.SignedInAsync("analyst");
        using var response = await client.PostAsync($"/alerts/{id}/triage",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "acknowledge" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TriageForm_DismissProtectedSpeech_ShowsInHistory()
    {
        var (_, id) = await factory.StoreAsync(Threats.Knife + " form dismiss");
        using var client = await factory.SignedInAsync("analyst");
        var page = await client.GetStringAsync($"/alerts/{id}", Ct);

        using var response = await client.PostAsync($"/alerts/{id}/triage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "dismiss", ["detail"] = "protected-speech", ["__RequestVerificationToken"] = ParapetFactory.TokenOf(page),
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetStringAsync($"/alerts/{id}", Ct);
        Assert.Contains("dismissed — protected-speech", after, StringComparison.Ordinal);
        Assert.Contains("<strong>analyst</strong> dismiss: <span class=\"detail\">protected-speech</span>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_AreServedFromTheAssembly()
    {
        var client = factory.CreateClient();
        var script = await client.GetStringAsync("/assets/alerts.js", Ct);
        Assert.Contains("EventSource", script, StringComparison.Ordinal);
        Assert.Contains("textContent", script, StringComparison.Ordinal);
    }
}
