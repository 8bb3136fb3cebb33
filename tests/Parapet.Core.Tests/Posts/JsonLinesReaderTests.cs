using System.Text;
using Parapet.Posts;
using Xunit;

namespace Parapet.Tests.Posts;

public sealed class JsonLinesReaderTests
{
    private sealed record Line(long Number, string Text, bool Oversized);

    /// <summary>Hands out at most a few bytes per read, the way a slow socket or pipe does.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        private readonly Random _random = new(seed);

        public int Reads { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return _inner.Read(buffer, offset, Math.Min(count, _random.Next(1, 4)));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private static List<Line> ReadAll(Stream stream, int maxLineBytes = JsonLinesReader.DefaultMaxLineBytes)
    {
        var lines = new List<Line>();
        JsonLinesReader.Read(stream, (number, line, oversized) =>
        {
            Assert.True(!oversized || line.IsEmpty, "an oversized line must not be handed over");
            lines.Add(new Line(number, Encoding.UTF8.GetString(line), oversized));
        }, maxLineBytes);
        return lines;
    }

    private static List<Line> ReadAll(string text, int maxLineBytes = JsonLinesReader.DefaultMaxLineBytes) =>
        ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes);

    private static List<Line> NonEmpty(List<Line> lines) => [.. lines.Where(l => l.Oversized || l.Text.Length > 0)];

    [Fact]
    public void Read_SeveralLines_DeliversEachWithItsNumber()
    {
        var lines = ReadAll("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");

        Assert.Equal([new Line(1, "{\"a\":1}", false), new Line(2, "{\"b\":2}", false), new Line(3, "{\"c\":3}", false)], lines);
    }

    [Fact]
    public void Read_LastLineWithoutNewline_IsDelivered()
    {
        var lines = ReadAll("first\nsecond");

        Assert.Equal([new Line(1, "first", false), new Line(2, "second", false)], lines);
    }

    [Fact]
    public void Read_TrailingNewline_AddsNoExtraLine()
    {
        var lines = ReadAll("only\n");

        Assert.Equal([new Line(1, "only", false)], lines);
    }

    [Fact]
    public void Read_EmptyStream_DeliversNothing()
    {
        Assert.Empty(ReadAll(new MemoryStream()));
    }

    [Fact]
    public void Read_BlankLines_StillCountTowardLineNumbers()
    {
        var lines = NonEmpty(ReadAll("a\n\n\nb\n\nc"));

        Assert.Equal([new Line(1, "a", false), new Line(4, "b", false), new Line(6, "c", false)], lines);
    }

    [Fact]
    public void Read_MultiByteCharacters_AreNotSplit()
    {
        var text = "caf\u00E9 \U0001F525\n\u041F\u0440\u0438\u0432\u0435\u0442\n\u0645\u0631\u062D\u0628\u0627";

        var lines = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), seed: 3), maxLineBytes: 16);

        Assert.Equal(["caf\u00E9 \U0001F525", "\u041F\u0440\u0438\u0432\u0435\u0442", "\u0645\u0631\u062D\u0628\u0627"], lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Read_OneToThreeBytesPerRead_SplitsLinesAcrossBufferBoundaries(int seed)
    {
        var random = new Random(seed * 31);
        var expected = new List<string>();
        var builder = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            var line = $"{{\"id\":\"{i}\",\"text\":\"{new string((char)('a' + (i % 26)), random.Next(0, 30))}\"}}";
            expected.Add(line);
            builder.Append(line).Append('\n');
        }

        var stream = new TrickleStream(Encoding.UTF8.GetBytes(builder.ToString()), seed);
        var lines = ReadAll(stream, maxLineBytes: 64);

        Assert.True(stream.Reads > 1000, $"only {stream.Reads} reads: the stream did not trickle");
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), lines.Select(l => l.Number));
        Assert.DoesNotContain(lines, l => l.Oversized);
    }

    [Fact]
    public void Read_LineOfExactlyTheLimit_IsDelivered()
    {
        var exact = new string('x', 32);

        var lines = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes($"a\n{exact}\nb\n"), seed: 9), maxLineBytes: 32);

        Assert.Equal([new Line(1, "a", false), new Line(2, exact, false), new Line(3, "b", false)], lines);
    }

    [Fact]
    public void Read_LineOneByteOverTheLimit_IsReportedOversized()
    {
        var over = new string('x', 33);

        var lines = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes($"a\n{over}\nb\n"), seed: 9), maxLineBytes: 32);

        Assert.Equal([new Line(1, "a", false), new Line(2, "", true), new Line(3, "b", false)], lines);
    }

    [Fact]
    public void Read_SeveralOversizedLinesInARow_AreEachReportedOnce()
    {
        var big = new string('y', 100);
        var text = $"one\n{big}\n{big}\ntwo\n{big}";

        var lines = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), seed: 11), maxLineBytes: 16);

        Assert.Equal(
            [new Line(1, "one", false), new Line(2, "", true), new Line(3, "", true), new Line(4, "two", false), new Line(5, "", true)],
            lines);
    }

    [Fact]
    public void Read_TenMegabyteLineBetweenTwoGoodLines_IsReportedOnceAndTheGoodLinesSurvive()
    {
        const int Huge = 10 * 1024 * 1024;
        var first = "{\"id\":\"before\",\"text\":\"fine\"}"u8.ToArray();
        var last = "{\"id\":\"after\",\"text\":\"fine too\"}"u8.ToArray();
        var data = new byte[first.Length + 1 + Huge + 1 + last.Length + 1];
        first.CopyTo(data, 0);
        data[first.Length] = (byte)'\n';
        var hugeStart = first.Length + 1;
        data.AsSpan(hugeStart, Huge).Fill((byte)'z');
        data[hugeStart] = (byte)'{';
        data[hugeStart + Huge] = (byte)'\n';
        last.CopyTo(data, hugeStart + Huge + 1);
        data[^1] = (byte)'\n';

        var lines = ReadAll(new MemoryStream(data), maxLineBytes: 1 << 20);

        Assert.Equal(
            [
                new Line(1, "{\"id\":\"before\",\"text\":\"fine\"}", false),
                new Line(2, "", true),
                new Line(3, "{\"id\":\"after\",\"text\":\"fine too\"}", false),
            ],
            lines);
    }

    [Fact]
    public void Read_OversizedLastLineWithoutNewline_IsReportedOnce()
    {
        var lines = ReadAll("ok\n" + new string('w', 500), maxLineBytes: 64);

        Assert.Equal([new Line(1, "ok", false), new Line(2, "", true)], lines);
    }

    [Fact]
    public void Read_LinesFeedTheParser_EndToEnd()
    {
        const string Text = "{\"id\":\"p1\",\"text\":\"one\"}\r\n\r\n{\"id\":\"p2\",\"text\":\"two\"}\r\nnot json\r\n";
        var kinds = new List<(long, LineKind, string?)>();

        JsonLinesReader.Read(new TrickleStream(Encoding.UTF8.GetBytes(Text), seed: 5), (number, line, oversized) =>
        {
            var parsed = PostLineParser.Parse(line);
            kinds.Add((number, parsed.Kind, parsed.Post?.Id));
        }, maxLineBytes: 128);

        Assert.Equal([(1L, LineKind.Post, "p1"), (2L, LineKind.Skip, null), (3L, LineKind.Post, "p2"), (4L, LineKind.Error, null)], kinds);
    }
}
