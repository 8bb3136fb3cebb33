using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Parapet.Analysis;
using Parapet.Posts;

namespace Parapet.Cli.Commands;

/// <summary>
/// Classifies a JSON-lines stream on every core while keeping input order: one thread cuts the stream into
/// chunks of lines, the chunks are analyzed in parallel, and their output is written chunk by chunk in order.
/// </summary>
internal sealed class ParallelClassifier(Func<PostAnalyzer> analyzerFactory, bool matchedOnly)
{
    private const int ChunkBytes = 1 << 20;
    private const int ChunkLines = 8192;

    public sealed record Totals(long Lines, long Posts, long Matched, long Alerts);

    /// <summary>Bad lines are handed to <paramref name="badLine"/> in input order.</summary>
    public async Task<Totals> RunAsync(Stream input, Stream output, Action<long, string> badLine, CancellationToken cancellationToken)
    {
        var inFlight = Channel.CreateBounded<Task<ChunkResult>>(new BoundedChannelOptions(Environment.ProcessorCount * 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var analyzers = new ThreadLocal<PostAnalyzer>(analyzerFactory);
        var reader = Task.Factory.StartNew(() => Cut(input, inFlight.Writer, analyzers, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        long lines = 0, posts = 0, matched = 0, alerts = 0;
        await foreach (var pending in inFlight.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = await pending.ConfigureAwait(false);
            foreach (var (line, message) in result.Errors)
            {
                badLine(line, message);
            }

            await output.WriteAsync(result.Output, cancellationToken).ConfigureAwait(false);
            lines += result.Lines;
            posts += result.Posts;
            matched += result.Matched;
            alerts += result.Alerts;
        }

        await reader.ConfigureAwait(false);
        return new Totals(lines, posts, matched, alerts);
    }

    private void Cut(Stream input, ChannelWriter<Task<ChunkResult>> inFlight, ThreadLocal<PostAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = new Chunk();
            var accounts = analyzers.Value!.Accounts;
            JsonLinesReader.Read(input, (number, line, oversized) =>
            {
                if (!accounts.IsEmpty && !oversized)
                {
                    Notice(accounts, number, line);
                }

                chunk.Add(number, line, oversized);
                if (chunk.Bytes >= ChunkBytes || chunk.Count >= ChunkLines)
                {
                    Dispatch(chunk, inFlight, analyzers, cancellationToken);
                    chunk = new Chunk();
                }
            });

            if (chunk.Count > 0)
            {
                Dispatch(chunk, inFlight, analyzers, cancellationToken);
            }
        }
        finally
        {
            inFlight.Complete();
        }
    }

    /// <summary>
    /// Lines about the watched accounts (their identity events, their own posts and deletions) are read here, in
    /// input order, before any chunk after them is analyzed: a reply can then find the earlier line it answers.
    /// </summary>
    private static void Notice(Matching.AccountDirectory accounts, long number, ReadOnlySpan<byte> line)
    {
        if (line.IndexOf("\"identity\""u8) < 0 && !MentionsAnyKey(accounts, line))
        {
            return;
        }

        var parsed = PostLineParser.Parse(line);
        switch (parsed.Kind)
        {
            case LineKind.Identity:
                accounts.Observe(parsed.Id!, parsed.Handle);
                break;
            case LineKind.Post:
                accounts.RememberOwnPost(parsed.Post!, number);
                break;
            case LineKind.Delete:
                accounts.ForgetOwnPost(parsed.Id!, number);
                break;
            case LineKind.AccountGone:
                accounts.ForgetAuthor(parsed.Id!, number);
                break;
        }
    }

    private static bool MentionsAnyKey(Matching.AccountDirectory accounts, ReadOnlySpan<byte> line)
    {
        foreach (var key in accounts.KeyBytes)
        {
            if (line.IndexOf(key) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Dispatch(Chunk chunk, ChannelWriter<Task<ChunkResult>> inFlight, ThreadLocal<PostAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var work = Task.Run(() => Analyze(chunk, analyzers.Value!), cancellationToken);
        // Waiting here is the backpressure: no more chunks in memory than the channel holds.
        inFlight.WriteAsync(work, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    private ChunkResult Analyze(Chunk chunk, PostAnalyzer analyzer)
    {
        var result = new ChunkResult();
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        try
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var (number, start, length, oversized) = chunk.Lines[i];
                result.Lines++;
                if (oversized)
                {
                    result.Errors.Add((number, $"line is over the {JsonLinesReader.DefaultMaxLineBytes / 1024 / 1024} MiB limit; skipped"));
                    continue;
                }

                var parsed = PostLineParser.Parse(chunk.Data.AsSpan(start, length));
                if (parsed.Kind == LineKind.Error)
                {
                    result.Errors.Add((number, parsed.Error!));
                    continue;
                }

                if (parsed.Kind == LineKind.Delete)
                {
                    analyzer.Deleted(parsed.Id!, number);
                }

                if (parsed.Kind == LineKind.AccountGone)
                {
                    analyzer.AccountGone(parsed.Id!, number);
                }

                if (parsed.Kind != LineKind.Post)
                {
                    continue;
                }

                result.Posts++;
                if (analyzer.Match(parsed.Post!, keepUnmatched: !matchedOnly, order: number) is not { } candidate)
                {
                    continue;
                }

                result.Matched += candidate.Matches.Count > 0 ? 1 : 0;
                var analysis = analyzer.Classify(candidate);
                result.Alerts += analysis.Alert ? 1 : 0;
                ClassifyOutput.Write(json, analysis);
                json.Flush();
                buffer.Write("\n"u8);
                json.Reset();
            }
        }
        finally
        {
            chunk.Return();
        }

        result.Output = buffer.WrittenMemory;
        return result;
    }

    /// <summary>Lines copied out of the reader's buffer, which is reused as soon as the callback returns.</summary>
    private sealed class Chunk
    {
        public byte[] Data { get; private set; } = ArrayPool<byte>.Shared.Rent(ChunkBytes + (ChunkBytes / 4));
        public (long Number, int Start, int Length, bool Oversized)[] Lines { get; } = new (long, int, int, bool)[ChunkLines];
        public int Count { get; private set; }
        public int Bytes { get; private set; }

        public void Add(long number, ReadOnlySpan<byte> line, bool oversized)
        {
            if (Bytes + line.Length > Data.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Bytes + line.Length);
                Data.AsSpan(0, Bytes).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(Data);
                Data = bigger;
            }

            line.CopyTo(Data.AsSpan(Bytes));
            Lines[Count++] = (number, Bytes, line.Length, oversized);
            Bytes += line.Length;
        }

        public void Return() => ArrayPool<byte>.Shared.Return(Data);
    }

    private sealed class ChunkResult
    {
        public List<(long Line, string Message)> Errors { get; } = [];
        public ReadOnlyMemory<byte> Output { get; set; }
        public long Lines { get; set; }
        public long Posts { get; set; }
        public long Matched { get; set; }
        public long Alerts { get; set; }
    }
}
