using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Parapet.Tests.Server;

/// <summary>The dashboard in a real browser: sign in, watch the live queue, triage, and see hostile text stay text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserFixture browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    private async Task<ILocator> QueueRowAsync(IPage page, string text)
    {
        var row = page.Locator("#queue tbody tr", new PageLocatorOptions { HasText = text }).First;
        await Expect(row).ToBeVisibleAsync(Soon);
        return row;
    }

    [Fact]
    public async Task Login_WithAccount_ShowsOverview()
    {
        var page = await browser.SignedInAsync("viewer", screenshot: "login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(page.Locator("header")).ToContainTextAsync("viewer (viewer)");
        // A viewer is not shown the queue at all.
        await Expect(page.Locator("nav a", new PageLocatorOptions { HasText = "Alerts" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LiveQueue_ReplayedThreat_AppearsWithinOneSecond()
    {
        var page = await browser.SignedInAsync("analyst");
        await page.GotoAsync("/alerts");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });

        await browser.Factory.ReplayAsync(Threats.Knife + " live queue", "Brackwater Unified's lunch menu is fine this week.");

        // The pipeline has handed the alert to the live queue; the push and the new row take well under a second.
        var row = page.Locator("#queue tbody tr", new PageLocatorOptions { HasText = "live queue" });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 1_000 });
        await Expect(row).ToContainTextAsync("busd");
        await Expect(row.Locator(".reasons li").First).ToBeVisibleAsync();
        await Expect(page.Locator("#queue tbody tr", new PageLocatorOptions { HasText = "lunch menu" })).ToHaveCountAsync(0);
        await BrowserFixture.Shoot(page, "alerts");
    }

    [Fact]
    public async Task AlertDetail_Triage_AcknowledgeEscalateNote_ShowsHistory()
    {
        await browser.Factory.ReplayAsync(Threats.Bomb + " triage me");
        var page = await browser.SignedInAsync("analyst");
        await page.GotoAsync("/alerts");
        await (await QueueRowAsync(page, "triage me")).Locator("a").First.ClickAsync();

        await page.ClickAsync("button:has-text('Acknowledge')");
        await Expect(page.Locator("#status")).ToHaveTextAsync("acknowledged");
        await page.SelectOptionAsync("form:has(input[value=assign]) select", "supervisor");
        await page.ClickAsync("button:has-text('Assign')");
        await Expect(page.Locator("#assignee")).ToHaveTextAsync("supervisor");
        await page.ClickAsync("button:has-text('Escalate')");
        await Expect(page.Locator("#status")).ToHaveTextAsync("escalated");
        await page.FillAsync("textarea[name=detail]", "Called the district's safety office.");
        await page.ClickAsync("button:has-text('Add note')");

        await Expect(page.Locator("#history li")).ToHaveCountAsync(4);
        await Expect(page.Locator("#history")).ToContainTextAsync("Called the district's safety office.");
        await BrowserFixture.Shoot(page, "alert-detail");
    }

    [Fact]
    public async Task AlertDetail_DismissAsProtectedSpeech_LeavesTheActiveQueue()
    {
        await browser.Factory.ReplayAsync(Threats.Knife + " dismiss as speech");
        var page = await browser.SignedInAsync("analyst");
        await page.GotoAsync("/alerts");
        await (await QueueRowAsync(page, "dismiss as speech")).Locator("a").First.ClickAsync();

        await page.SelectOptionAsync("#dismiss-reason", "protected-speech");
        await page.ClickAsync("button:has-text('Dismiss')");

        await Expect(page.Locator("#status")).ToHaveTextAsync("dismissed — protected-speech");
        await page.GotoAsync("/alerts");
        await Expect(page.Locator("#queue tbody tr", new PageLocatorOptions { HasText = "dismiss as speech" })).ToHaveCountAsync(0);
        await page.GotoAsync("/alerts?status=dismissed");
        await QueueRowAsync(page, "dismiss as speech");
    }

    [Fact]
    public async Task PostWithMarkup_ShowsAsTextInQueueLivePushAndDetail()
    {
        var page = await browser.SignedInAsync("analyst");
        await page.GotoAsync("/alerts");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });

        await browser.Factory.ReplayAsync(Threats.Markup);

        // Pushed live: built with textContent.
        var pushed = await QueueRowAsync(page, "<script>window.__pwned=1</script>");
        await Expect(pushed).ToContainTextAsync("<img src=x onerror=\"window.__pwned=2\">");
        // Rendered by the server: encoded.
        await page.ReloadAsync();
        var rendered = await QueueRowAsync(page, "<script>window.__pwned=1</script>");
        await rendered.Locator("a").First.ClickAsync();
        await Expect(page.Locator("#post-text")).ToContainTextAsync("<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">");
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), "the post's markup ran");
    }

    [Fact]
    public async Task ApiRoutes_WithoutSignIn_Answer401InTheBrowser()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl });
        var routes = new[] { "/api/alerts", "/api/alerts/1", "/api/alerts/1/history", "/api/alerts/export", "/api/alerts/stream",
            "/api/aggregates", "/api/aggregates/spikes", "/api/watchlists", "/api/sources", "/api/audit", "/api/audit/verify",
            "/api/reports/transparency", "/metrics" };
        foreach (var route in routes)
        {
            var response = await context.APIRequest.GetAsync(route, new APIRequestContextOptions { MaxRedirects = 0 });
            Assert.True(response.Status == 401, $"{route}: {response.Status}");
        }
    }

    [Fact]
    public async Task AuditPage_TamperedRow_IsShownAsTampered()
    {
        var page = await browser.SignedInAsync("admin");
        await page.GotoAsync("/audit");
        await Expect(page.Locator("#chain")).ToContainTextAsync("intact");
        await BrowserFixture.Shoot(page, "audit");

        var original = browser.Factory.Audit.Search(null, null, null, 100_000).Single(e => e.Seq == 1).Actor;
        SetFirstActor("someone else");
        try
        {
            await page.ReloadAsync();
            await Expect(page.Locator("#chain")).ToContainTextAsync("row 1 was edited");
            Assert.Contains("row 1 was edited: its contents no longer match its hash", browser.Factory.Audit.Verify());
        }
        finally
        {
            // Put it back, so the other tests of this server see an intact log.
            SetFirstActor(original);
        }

        Assert.Empty(browser.Factory.Audit.Verify());
    }

    /// <summary>Edits the first audit row the way someone with write access to the file could.</summary>
    private void SetFirstActor(string actor)
    {
        using var c = new SqliteConnection($"Data Source={browser.Factory.Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            DROP TRIGGER audit_log_no_update;
            UPDATE audit_log SET actor = $actor WHERE seq = 1;
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """;
        cmd.Parameters.AddWithValue("$actor", actor);
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public async Task EveryPage_SignedInAsAdmin_RendersAndIsCaptured()
    {
        await browser.Factory.ReplayAsync(Threats.Knife + " for the overview", "Brackwater Unified board meeting tonight, great turnout.");
        var page = await browser.SignedInAsync("admin");
        foreach (var (path, name, heading) in new[]
        {
            ("/", "overview", "Overview"), ("/watchlists", "watchlists", "Watchlists"), ("/sources", "sources", "Sources"),
            ("/reports", "reports", "Transparency report"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await BrowserFixture.Shoot(page, name);
        }

        await page.GotoAsync("/");
        await Expect(page.Locator("section.card[data-entity=busd] svg.chart rect").First).ToBeAttachedAsync();
        await page.GotoAsync("/watchlists");
        await page.ClickAsync("button:has-text('Test against recent posts')");
        await Expect(page.Locator("#test-results")).ToContainTextAsync("busd");
        await BrowserFixture.Shoot(page, "watchlist-test");

        await page.GotoAsync("/webhooks");
        await page.FillAsync("input[name=url]", "https://hooks.example.org/parapet");
        await page.FillAsync("input[name=label]", "security desk");
        await page.ClickAsync("button:has-text('Add webhook')");
        await Expect(page.Locator("#webhook-secret")).ToContainTextAsync("whsec_");
        await Expect(page.Locator("#webhooks")).ToContainTextAsync("security desk");
        await BrowserFixture.Shoot(page, "webhooks");
    }
}
