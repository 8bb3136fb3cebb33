using Xunit;

namespace Parapet.Tests.Server;

/// <summary><c>parapet serve</c>: a dashboard apart from the pipeline pushes the alerts other processes store.</summary>
public sealed class StoreAlertFeedTests : IDisposable
{
    private readonly ParapetFactory _factory = new(loginAttemptsPerMinute: 1000, followStore: true);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AlertStoredByAnotherProcess_ReachesTheLiveQueueWithinASecond()
    {
        using var client = _factory.WithApiKey("analyst");
        Assert.True((await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        var (_, earlier) = await _factory.StoreAsync(Threats.Bomb, tellLiveQueue: false);
        await Task.Delay(600, TestContext.Current.CancellationToken);
        using var subscription = _factory.Live.Subscribe();

        var (_, id) = await _factory.StoreAsync(Threats.Knife, tellLiveQueue: false);

        using var within = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        within.CancelAfter(TimeSpan.FromSeconds(1));
        var pushed = await subscription.Reader.ReadAsync(within.Token);
        Assert.Equal(id, pushed.Id);
        Assert.Equal(Threats.Knife, pushed.Text);
        Assert.False(subscription.Reader.TryRead(out var more) && more.Id == earlier, "an alert stored before the feed looked was pushed again");
    }
}
