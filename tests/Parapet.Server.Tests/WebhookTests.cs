using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parapet.Server.Webhooks;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class WebhookTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    /// <summary>Few, quick retries and a short poll, so failures show in seconds.</summary>
    internal static readonly WebhookOptions Quick = new()
    {
        Attempts = 3,
        FirstRetryDelay = TimeSpan.FromMilliseconds(50),
        PollInterval = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly ParapetFactory _factory = new(loginAttemptsPerMinute: 1000, Quick);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    private async Task<(long Id, string Secret)> AddAsync(HttpClient admin, string url, string format = "generic", string[]? events = null)
    {
        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, format, events, label = "desk" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return (body.GetProperty("id").GetInt64(), body.GetProperty("secret").GetString()!);
    }

    private static string ExpectedSignature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    [Fact]
    public async Task NewAlert_IsPostedSignedWithTextAndWithoutAuthor()
    {
        using var receiver = new WebhookReceiver();
        using var admin = _factory.WithApiKey("admin");
        var (_, secret) = await AddAsync(admin, receiver.Url);

        var (_, alertId) = await _factory.StoreAsync(Threats.Knife);

        var hook = await receiver.NextAsync(h => h.Event == "alert.new", Within);
        Assert.Equal(ExpectedSignature(secret, hook.Timestamp!, hook.Body), hook.Signature);
        Assert.StartsWith("application/json", hook.ContentType, StringComparison.Ordinal);
        var alert = JsonDocument.Parse(hook.Body).RootElement.GetProperty("alert");
        Assert.Equal(alertId, alert.GetProperty("id").GetInt64());
        Assert.Equal(Threats.Knife, alert.GetProperty("text").GetString());
        Assert.Equal(["busd"], alert.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.False(alert.TryGetProperty("author", out _), "a webhook payload names the post's author");
        Assert.DoesNotContain("did:plc:testauthor/", hook.Body.Replace("profile/did:plc:testauthor/post", "", StringComparison.Ordinal), StringComparison.Ordinal);
        await WaitForAsync(() => _factory.Audit.Search("webhook.deliver", null, null, 10).Any(e => e.Target == $"alert:{alertId}"));
    }

    [Fact]
    public async Task Escalation_IsPostedOnlyToWebhooksThatAskForIt()
    {
        using var escalations = new WebhookReceiver();
        using var newOnly = new WebhookReceiver();
        using var admin = _factory.WithApiKey("admin");
        await AddAsync(admin, escalations.Url, events: ["alert.escalated"]);
        await AddAsync(admin, newOnly.Url, events: ["alert.new"]);
        var (_, alertId) = await _factory.StoreAsync(Threats.Bomb);
        await newOnly.NextAsync(h => h.Event == "alert.new", Within);

        using var analyst = _factory.WithApiKey("analyst");
        var triage = await analyst.PostAsJsonAsync($"/api/alerts/{alertId}/triage", new { action = "escalate" }, Ct);
        Assert.Equal(HttpStatusCode.OK, triage.StatusCode);

        var hook = await escalations.NextAsync(h => h.Event == "alert.escalated", Within);
        var alert = JsonDocument.Parse(hook.Body).RootElement.GetProperty("alert");
        Assert.Equal(alertId, alert.GetProperty("id").GetInt64());
        Assert.Equal("escalated", alert.GetProperty("status").GetString());
        Assert.DoesNotContain(escalations.Received, h => h.Event == "alert.new");
        Assert.DoesNotContain(newOnly.Received, h => h.Event == "alert.escalated");
    }

    [Fact]
    public async Task EscalationAfterADelivery_IsSentAtOnceNotAtTheNextPoll()
    {
        // A poll a minute apart: only the wake that an escalation gives can send these in time.
        using var factory = new ParapetFactory(loginAttemptsPerMinute: 1000, new WebhookOptions { PollInterval = TimeSpan.FromMinutes(1) });
        using var receiver = new WebhookReceiver();
        using var admin = factory.WithApiKey("admin");
        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "alert.escalated" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (_, first) = await factory.StoreAsync(Threats.Bomb);
        var (_, second) = await factory.StoreAsync(Threats.Knife);
        using var analyst = factory.WithApiKey("analyst");

        (long? Id, string[] Actions)[] steps = [(first, ["escalate"]), (second, ["escalate"]), (first, ["reopen", "escalate"])];
        for (var i = 0; i < steps.Length; i++)
        {
            foreach (var action in steps[i].Actions)
            {
                var triage = await analyst.PostAsJsonAsync($"/api/alerts/{steps[i].Id}/triage", new { action }, Ct);
                Assert.Equal(HttpStatusCode.OK, triage.StatusCode);
            }

            var delivered = i + 1;
            await receiver.NextAsync(_ => receiver.Received.Count >= delivered, TimeSpan.FromSeconds(15));
        }

        Assert.Equal([first, second, first], receiver.Received.Select(h => (long?)JsonDocument.Parse(h.Body).RootElement.GetProperty("alert").GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task TransientFailures_AreRetriedUntilDelivered()
    {
        using var receiver = new WebhookReceiver(503, 500);
        using var admin = _factory.WithApiKey("admin");
        await AddAsync(admin, receiver.Url);

        await _factory.StoreAsync(Threats.Knife);

        await receiver.NextAsync(h => h.Event == "alert.new" && receiver.Received.Count >= 3, Within);
        await WaitForAsync(() => _factory.Audit.Search("webhook.deliver", null, null, 10).Count == 1);
        var queue = JsonDocument.Parse(await admin.GetStringAsync("/api/webhooks", Ct)).RootElement;
        Assert.Equal(0, queue.GetProperty("dead_letters").GetArrayLength());
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task ReceiverThatKeepsFailing_EndsAsDeadLetterThatCanBeResent()
    {
        using var receiver = new WebhookReceiver { ThenStatus = 500 };
        using var admin = _factory.WithApiKey("admin");
        await AddAsync(admin, receiver.Url);
        var (_, alertId) = await _factory.StoreAsync(Threats.Knife);

        await WaitForAsync(() => _factory.Audit.Search("webhook.dead-letter", null, null, 10).Count == 1);
        var queue = JsonDocument.Parse(await admin.GetStringAsync("/api/webhooks", Ct)).RootElement;
        var letter = Assert.Single(queue.GetProperty("dead_letters").EnumerateArray());
        Assert.Equal(alertId, letter.GetProperty("alert_id").GetInt64());
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("500", letter.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, receiver.Received.Count);

        using var page = await _factory.SignedInAsync("admin");
        var html = await page.GetStringAsync("/webhooks", Ct);
        Assert.Contains("id=\"dead-letters\"", html, StringComparison.Ordinal);
        Assert.Contains($"/alerts/{alertId}", html, StringComparison.Ordinal);

        receiver.ThenStatus = 200;
        var retry = await admin.PostAsync($"/api/webhooks/dead-letters/{letter.GetProperty("id").GetInt64()}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await WaitForAsync(() => _factory.Audit.Search("webhook.deliver", null, null, 10).Any(e => e.Target == $"alert:{alertId}"));
        Assert.Equal(4, receiver.Received.Count);
    }

    [Fact]
    public async Task ClientError_IsDeadLetteredWithoutRetrying()
    {
        using var receiver = new WebhookReceiver { ThenStatus = 410 };
        using var admin = _factory.WithApiKey("admin");
        await AddAsync(admin, receiver.Url);
        await _factory.StoreAsync(Threats.Bomb);

        await WaitForAsync(() => _factory.Audit.Search("webhook.dead-letter", null, null, 10).Count == 1);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task SlackFormat_EscapesPostTextAsSlackMarkup()
    {
        using var receiver = new WebhookReceiver();
        using var admin = _factory.WithApiKey("admin");
        await AddAsync(admin, receiver.Url, format: "slack");

        await _factory.StoreAsync(Threats.Markup);

        var hook = await receiver.NextAsync(_ => true, Within);
        var text = JsonDocument.Parse(hook.Body).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Contains("busd", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadRequestOrNotAdmin_IsRefused()
    {
        using var admin = _factory.WithApiKey("admin");
        var bad = await admin.PostAsJsonAsync("/api/webhooks", new { url = "javascript:alert(1)", format = "fax", events = new[] { "post.seen" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _) && errors.TryGetProperty("format", out _) && errors.TryGetProperty("events", out _), errors.ToString());

        using var supervisor = _factory.WithApiKey("supervisor");
        var refused = await supervisor.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example.org/x" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/webhooks", Ct)).StatusCode);
    }

    [Fact]
    public async Task List_NeverShowsTheSecretAgain()
    {
        using var admin = _factory.WithApiKey("admin");
        var (id, secret) = await AddAsync(admin, "https://hooks.example.org/parapet");

        var listed = await admin.GetStringAsync("/api/webhooks", Ct);

        Assert.Contains($"\"id\":{id}", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await (await _factory.SignedInAsync("admin")).GetStringAsync("/webhooks", Ct), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
            await Task.Delay(50);
        }
    }
}
