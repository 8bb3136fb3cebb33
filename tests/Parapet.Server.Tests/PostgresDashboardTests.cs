using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

// One PostgreSQL server for the whole assembly; each test class that needs one takes a database of its own.
[assembly: AssemblyFixture(typeof(Parapet.Tests.PostgresServer))]

namespace Parapet.Tests.Server;

/// <summary>The dashboard and API on a PostgreSQL store: the queue, triage, export, audit and webhooks read and write it as they do a file.</summary>
public sealed class PostgresDashboardTests : IDisposable
{
    private readonly ParapetFactory _factory;

    public PostgresDashboardTests(PostgresServer postgres) =>
        _factory = new ParapetFactory(loginAttemptsPerMinute: 1000, WebhookTests.Quick, db: postgres.NewDatabase());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task QueueTriageExportAudit_OnPostgres_ReadAndWriteTheStore()
    {
        var (_, id) = await _factory.StoreAsync(Threats.Knife);
        var (quiet, none) = await _factory.StoreAsync(Threats.Criticism);
        Assert.Null(none);
        using var analyst = _factory.WithApiKey("analyst");
        using var supervisor = _factory.WithApiKey("supervisor");

        var open = await AlertsApiTests.Json(await analyst.GetAsync("/api/alerts?status=open&entity=busd", Ct));
        await AlertsApiTests.Json(await analyst.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "escalate" }, Ct));
        var dismissed = await AlertsApiTests.Json(await analyst.PostAsJsonAsync($"/api/alerts/{id}/triage", new { action = "dismiss", detail = "handled" }, Ct));
        var history = await AlertsApiTests.Json(await analyst.GetAsync($"/api/alerts/{id}/history", Ct));
        var csv = await supervisor.GetStringAsync("/api/alerts/export?format=csv", Ct);
        using var auditor = _factory.WithApiKey("auditor");
        var verify = await AlertsApiTests.Json(await auditor.GetAsync("/api/audit/verify", Ct));

        Assert.Equal(Threats.Knife, Assert.Single(open.EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal(["escalate", "dismiss"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Contains("knife", csv, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(quiet.Post.Text, csv, StringComparison.Ordinal);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        Assert.Contains(_factory.Audit.Search("alerts.export", null, null, 10), e => e.Actor == "supervisor");
    }

    [Fact]
    public async Task NewAlert_OnPostgres_IsDeliveredToTheWebhook()
    {
        using var receiver = new WebhookReceiver();
        using var admin = _factory.WithApiKey("admin");
        var created = await admin.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, format = "generic", label = "desk" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (_, alertId) = await _factory.StoreAsync(Threats.Bomb);

        var hook = await receiver.NextAsync(h => h.Event == "alert.new", TimeSpan.FromSeconds(20));
        Assert.Equal(alertId, JsonDocument.Parse(hook.Body).RootElement.GetProperty("alert").GetProperty("id").GetInt64());
    }
}
