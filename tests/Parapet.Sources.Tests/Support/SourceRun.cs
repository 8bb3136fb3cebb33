using System.Text;
using System.Threading.Channels;
using Parapet.Pipeline;

namespace Parapet.Tests.Sources;

/// <summary>Runs one source into a channel of its own, as the pipeline would, and lets a test read what it wrote.</summary>
internal sealed class SourceRun : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Channel<SourceLine> _lines;
    private readonly CancellationTokenSource _stop = new();

    private SourceRun(IPostSource source, int capacity)
    {
        _lines = Channel.CreateBounded<SourceLine>(new BoundedChannelOptions(capacity) { SingleReader = true });
        Task = Task.Run(() => source.RunAsync(_lines.Writer, _stop.Token));
    }

    public Task Task { get; }

    public static SourceRun Start(IPostSource source, int capacity = 1024) => new(source, capacity);

    public async Task<SourceLine> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the source wrote no line within {Patience.TotalSeconds} s (source task: {Task.Status}, {Task.Exception?.GetBaseException().Message})");
        }
    }

    public async Task<IReadOnlyList<SourceLine>> TakeAsync(int count)
    {
        var lines = new List<SourceLine>();
        while (lines.Count < count)
        {
            lines.Add(await NextAsync());
        }

        return lines;
    }

    public bool TryRead(out SourceLine? line)
    {
        var ok = _lines.Reader.TryRead(out var l);
        line = l;
        return ok;
    }

    public static string Text(SourceLine line) => Encoding.UTF8.GetString(line.Bytes);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        try
        {
            await Task.WaitAsync(Patience);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

internal static class Poll
{
    /// <summary>Waits for a condition, checking often, failing with <paramref name="what"/> after a generous timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? SourceRun.Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}
