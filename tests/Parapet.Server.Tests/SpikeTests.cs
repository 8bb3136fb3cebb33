using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parapet.Server.Overview;
using Parapet.Storage;
using Xunit;

namespace Parapet.Tests.Server;

public sealed class SpikeTests : IDisposable
{
    // Far from the clock the dashboard's own minute check reads, so only the test's checks see these counts.
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 14, 30, 0, TimeSpan.Zero);
    private readonly ParapetFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    private void Mentions(string entity, DateTimeOffset at, long posts)
    {
        using var c = _factory.Connections.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO aggregates(entity, minute, posts, negative, neutral, positive) VALUES (@e, @m, @n, 0, @n, 0)
            ON CONFLICT(entity, minute) DO UPDATE SET posts = aggregates.posts + @n, neutral = aggregates.neutral + @n
            """;
        cmd.Add("e", entity);
        cmd.Add("m", at.ToUnixTimeMilliseconds() / 60_000);
        cmd.Add("n", posts);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Mentions every hour of the week before the last hour, then <paramref name="lastHour"/> in it.</summary>
    private void Week(string entity, long perHour, long lastHour)
    {
        for (var h = 2; h <= 7 * 24; h++)
        {
            if (perHour > 0)
            {
                Mentions(entity, Now.AddHours(-h).AddMinutes(7), perHour);
            }
        }

        if (lastHour > 0)
        {
            Mentions(entity, Now.AddMinutes(-20), lastHour);
        }
    }

    [Fact]
    public void Check_VolumeFarAboveBaseline_StoresOneSpikeAlertPerEntityAndHour()
    {
        Week("busd", perHour: 1, lastHour: 12);
        Week("steady", perHour: 10, lastHour: 10);
        Week("quiet", perHour: 0, lastHour: 4);
        var watcher = _factory.Services.GetRequiredService<SpikeWatcher>();

        var first = watcher.Check(Now);
        var again = watcher.Check(Now.AddMinutes(5));

        Assert.Equal(["busd"], first.Select(s => s.Entity));
        Assert.Equal(12, first[0].Mentions);
        Assert.Empty(again);
        var stored = new SpikeAlerts(_factory.Connections).Since(Now.AddDays(-1));
        var one = Assert.Single(stored);
        Assert.Equal(("busd", new DateTimeOffset(2026, 1, 12, 14, 0, 0, TimeSpan.Zero)), (one.Entity, one.HourStart));
    }

    [Fact]
    public void Check_SpikeThatKeepsGrowing_RaisesTheStoredCountNotANewAlert()
    {
        Week("busd", perHour: 2, lastHour: 15);
        var watcher = _factory.Services.GetRequiredService<SpikeWatcher>();
        watcher.Check(Now);

        Mentions("busd", Now.AddMinutes(3), 9);
        Assert.Empty(watcher.Check(Now.AddMinutes(4)));

        Assert.Equal(24, Assert.Single(new SpikeAlerts(_factory.Connections).Since(Now.AddDays(-1))).Mentions);
    }

    [Fact]
    public async Task OverviewAndApi_ShowStoredSpikeAlertsWithCountsOnly()
    {
        var spikes = new SpikeAlerts(_factory.Connections);
        var now = DateTimeOffset.UtcNow;
        spikes.Record("busd", now.AddMinutes(-now.Minute), 31, 2.5, 1.1, 5.8, now);
        using var viewer = await _factory.SignedInAsync("viewer");

        var html = await viewer.GetStringAsync("/", Ct);
        var api = JsonDocument.Parse(await viewer.GetStringAsync("/api/aggregates/spike-alerts", Ct)).RootElement;

        Assert.Contains("id=\"spike-alerts\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>31</td>", html, StringComparison.Ordinal);
        var alert = Assert.Single(api.EnumerateArray());
        Assert.Equal("busd", alert.GetProperty("entity").GetString());
        Assert.Equal(31, alert.GetProperty("mentions").GetInt64());
        Assert.DoesNotContain(alert.EnumerateObject(), p => p.Name is "text" or "author" or "post_id");
    }
}
