using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class AlertsApiTests(ParapetFactory factory) : IClassFixture<ParapetFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The body of a successful response; anything else fails the test with the status and body.</summary>
    internal static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task List_AfterThreatStored_ShowsItWithReasonsAndSeverity()
    {
        var (analysis, id) = await factory.StoreAsync(Threats.Knife);
        Assert.True(analysis.Alert, "the analyzer raises no alert on the knife threat");
        using var client = factory.WithApiKey("analyst");

        var list = await Json(await client.GetAsync("/api/alerts?status=open", Ct));

        var alert = list.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == id);
        Assert.Equal(Threats.Knife, alert.GetProperty("text").GetString());
        Assert.Equal(analysis.Threat.Severity!.Value.ToString().ToLowerInvariant(), alert.GetProperty("severity").GetString());
        Assert.Equal(analysis.Threat.Reasons, alert.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["busd"], alert.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("https://bsky.app/profile/did:plc:testauthor/post/", alert.GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Contains(factory.Audit.Search("alerts.list", null, null, 20), e => e.Actor == "analyst");
    }

    [Fact]
    public async Task Get_AlertOnAReplyToAWatchedAccountsPost_CarriesThatPost()
    {
        var parent = new Parapet.Posts.Post
        {
            Id = "at://did:plc:hq5xgz7rkwm3ybtcpsn4ea2d/app.bsky.feed.post/3api",
            Text = "School board meets Thursday.",
            Author = "did:plc:hq5xgz7rkwm3ybtcpsn4ea2d",
            Source = "bluesky",
        };
        var (_, id) = await factory.StoreAsync(Threats.Knife, parent: parent);
        var (_, plain) = await factory.StoreAsync(Threats.Knife);
        using var client = factory.WithApiKey("analyst");

        var alert = await Json(await client.GetAsync($"/api/alerts/{id}", Ct));
        var other = await Json(await client.GetAsync($"/api/alerts/{plain}", Ct));

        Assert.Equal(parent.Id, alert.GetProperty("in_reply_to_id").GetString());
        Assert.Equal("School board meets Thursday.", alert.GetProperty("in_reply_to_text").GetString());
        Assert.True(!other.TryGetProperty("in_reply_to_text", out var none) || none.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task List_ProtectedSpeechPost_IsNeverListed()
    {
        var (analysis, id) = await factory.StoreAsync(Threats.Criticism);
        Assert.False(analysis.Alert);
        Assert.Null(id);
        Assert.NotEmpty(analysis.Entities);
        using var client = factory.WithApiKey("admin");

        var all = await client.GetStringAsync("/api/alerts?limit=100000", Ct);

        Assert.DoesNotContain("is a disgrace", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BadStatus_AnswersValidationProblem()
    {
        using var client = factory.WithApiKey("analyst");
        using var response = await client.GetAsync("/api/alerts?status=sideways", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("status", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Alert_IsAuditedAsARead()
    {
        var (_, id) = await factory.StoreAsync(Threats.Bomb);
        using var client = factory.WithApiKey("supervisor");

        var alert = await Json(await client.GetAsync($"/api/alerts/{id}", Ct));

        Assert.Equal(id, alert.GetProperty("id").GetInt64());
        Assert.Contains(factory.Audit.Search($"alert:{id}", null, null, 20), e => e is { Action: "alert.read", Actor: "supervisor" });
        using var missing = await client.GetAsync("/api/alerts/999999", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Triage_AcknowledgeAssignEscalateDismiss_ChangesStatusAndKeepsHistory()
    {
        var (_, id) = await factory.StoreAsync(Threats.Knife + " Again.");
        using var client = factory.WithApiKey("analyst");

        await Json(await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "acknowledge" }, Ct));
        await Json(await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "assign", detail = "supervisor" }, Ct));
        var escalated = await Json(await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "escalate" }, Ct));
        await Json(await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "note", detail = "called the district" }, Ct));
        var dismissed = await Json(await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "dismiss", detail = "handled" }, Ct));

        Assert.Equal("escalated", escalated.GetProperty("status").GetString());
        Assert.Equal("supervisor", escalated.GetProperty("assignee").GetString());
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal("handled", dismissed.GetProperty("dismiss_reason").GetString());
        var history = await Json(await client.GetAsync($"/api/alerts/{id}/history", Ct));
        Assert.Equal(["acknowledge", "assign", "escalate", "note", "dismiss"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("called the district", history[3].GetProperty("detail").GetString());
        var audited = factory.Audit.Search($"alert:{id}", null, null, 50).Select(e => e.Action).ToHashSet();
        Assert.Subset(audited, new HashSet<string> { "alert.acknowledge", "alert.assign", "alert.escalate", "alert.note", "alert.dismiss" });
    }

    [Theory]
    [InlineData("dismiss", null)]
    [InlineData("dismiss", "boring")]
    [InlineData("assign", null)]
    [InlineData("note", "")]
    [InlineData("delete", null)]
    public async Task Triage_InvalidAction_AnswersValidationProblemAndChangesNothing(string action, string? detail)
    {
        var (_, id) = await factory.StoreAsync(Threats.Bomb + " " + action + detail);
        using var client = factory.WithApiKey("analyst");

        using var response = await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action, detail }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var alert = await Json(await client.GetAsync($"/api/alerts/{id}", Ct));
        Assert.Equal("open", alert.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Triage_ByViewer_IsForbidden()
    {
        var (_, id) = await factory.StoreAsync(Threats.Bomb + " viewer");
        using var client = factory.WithApiKey("viewer");
        using var response = await client.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "acknowledge" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_Csv_HasEveryAlertDefusesFormulasAndIsAudited()
    {
        var (_, id) = await factory.StoreAsync("=HYPERLINK(\"x\") " + Threats.Knife);
        using var client = factory.WithApiKey("supervisor");

        using var response = await client.GetAsync("/api/alerts/export?format=csv", Ct);
        var csv = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var row = csv.Split("\r\n").Single(l => l.StartsWith($"{id},", StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")", row, StringComparison.Ordinal);
        Assert.Contains(factory.Audit.Search("alerts.export", null, null, 10), e => e.Actor == "supervisor" && e.Detail!.StartsWith("csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_Json_ParsesToTheAlerts()
    {
        var (_, id) = await factory.StoreAsync(Threats.Bomb + " export");
        using var client = factory.WithApiKey("admin");
        var alerts = await Json(await client.GetAsync("/api/alerts/export?format=json", Ct));
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task Stream_NewAlert_IsPushedAsServerSentEvent()
    {
        using var client = factory.WithApiKey("analyst");
        using var response = await client.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        await WaitForAsync(() => factory.Live.Subscribers > 0);

        var (_, id) = await factory.StoreAsync(Threats.Knife + " live");

        string? line;
        while ((line = await reader.ReadLineAsync(Ct)) is not null && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }

        var alert = JsonDocument.Parse(line!["data:".Length..]).RootElement;
        Assert.Equal(id, alert.GetProperty("id").GetInt64());
        Assert.Equal(Threats.Knife + " live", alert.GetProperty("text").GetString());
    }

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not hold within 10 s");
    }
}
