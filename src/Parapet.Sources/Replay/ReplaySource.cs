using System.Threading.Channels;
using Parapet.Pipeline;
using Parapet.Posts;

namespace Parapet.Sources.Replay;

/// <summary>
/// Replays a JSON-lines file (Parapet posts or raw Jetstream events) as if it were a live stream, at
/// <paramref name="linesPerSecond"/> or, when that is null, as fast as the pipeline takes the lines.
/// </summary>
public sealed class ReplaySource(string path, double? linesPerSecond, TimeProvider time) : IPostSource
{
    public string Name { get; } = $"replay:{Path.GetFileName(path)}";

    public Task RunAsync(ChannelWriter<SourceLine> output, CancellationToken cancellationToken) =>
        // The line reader works on spans, synchronously; it gets a thread of its own and blocks on a full channel.
        Task.Factory.StartNew(() => Replay(output, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Replay(ChannelWriter<SourceLine> output, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        // Lines keep to a schedule (line n is due n / rate seconds after the start) rather than sleeping a fixed
        // interval after each: a timer cannot sleep 50 µs, and rates of thousands of lines a second must still hold.
        var start = time.GetTimestamp();
        long sent = 0;
        JsonLinesReader.Read(stream, (number, line, oversized) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = new SourceLine(Name, number, oversized ? [] : line.ToArray(), oversized);
            if (!output.TryWrite(item))
            {
                output.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
            }

            if (linesPerSecond is { } rate)
            {
                var ahead = TimeSpan.FromSeconds(++sent / rate) - time.GetElapsedTime(start);
                if (ahead >= TimeSpan.FromMilliseconds(2))
                {
                    Task.Delay(ahead, time, cancellationToken).GetAwaiter().GetResult();
                }
            }
        });
    }
}
