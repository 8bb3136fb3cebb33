using System.Buffers;
using System.Globalization;
using System.Text;

namespace Parapet.Bench;

/// <summary>
/// Appends JSON lines straight into one large byte buffer. Utf8JsonWriter would escape every non-ASCII
/// character, while Jetstream (Go's encoding/json) writes raw UTF-8 and escapes only quotes, backslashes,
/// control characters and &lt; &gt; &amp;; the generated file should look like the real stream.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private const int FlushThreshold = 1 << 20;
    private static readonly SearchValues<byte> s_needsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', (byte)'<', (byte)'>', (byte)'&']);

    private readonly Stream _out;
    private byte[] _buffer = new byte[FlushThreshold + (256 << 10)];
    private byte[] _spare = new byte[FlushThreshold + (256 << 10)];
    private Task _pendingWrite = Task.CompletedTask;
    private byte[] _utf8 = new byte[4096];
    private int _pos;

    public JsonLineWriter(Stream output) => _out = output;

    public long BytesWritten { get; private set; }

    /// <summary>Offset into the current, unflushed line; stable until <see cref="EndLine"/>.</summary>
    public int Position => _pos;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    /// <summary>Appends a copy of bytes written earlier on the same line.</summary>
    public void RepeatRange(int start, int end)
    {
        _buffer.AsSpan(start, end - start).CopyTo(_buffer.AsSpan(_pos));
        _pos += end - start;
    }

    public void Byte(byte b) => _buffer[_pos++] = b;

    /// <summary>Reserves <paramref name="length"/> bytes for the caller to fill in place.</summary>
    public Span<byte> Take(int length)
    {
        var span = _buffer.AsSpan(_pos, length);
        _pos += length;
        return span;
    }

    public void Number(long value)
    {
        value.TryFormat(_buffer.AsSpan(_pos), out int written, default, CultureInfo.InvariantCulture);
        _pos += written;
    }

    /// <summary>Writes an RFC 3339 timestamp with milliseconds, quoted, the way atproto clients do.</summary>
    public void Timestamp(long unixMicros)
    {
        var time = DateTime.UnixEpoch.AddTicks(unixMicros * 10);
        Byte((byte)'"');
        time.TryFormat(_buffer.AsSpan(_pos), out int written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
        _pos += written;
        Byte((byte)'"');
    }

    /// <summary>Writes a quoted, escaped JSON string.</summary>
    public void String(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[max];
        }

        ReadOnlySpan<byte> rest = _utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8));
        Byte((byte)'"');
        while (true)
        {
            int i = rest.IndexOfAny(s_needsEscape);
            if (i < 0)
            {
                Raw(rest);
                break;
            }

            Raw(rest[..i]);
            Escape(rest[i]);
            rest = rest[(i + 1)..];
        }

        Byte((byte)'"');
    }

    public void EndLine()
    {
        Byte((byte)'\n');
        if (_pos >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>
    /// Hands the filled buffer to a background write and continues in the spare one, so that formatting
    /// and the kernel's copy into the page cache overlap on two cores.
    /// </summary>
    public void Flush()
    {
        _pendingWrite.GetAwaiter().GetResult();
        byte[] full = _buffer;
        int length = _pos;
        _pendingWrite = Task.Run(() => _out.Write(full, 0, length));
        (_buffer, _spare) = (_spare, full);
        BytesWritten += length;
        _pos = 0;
    }

    /// <summary>Writes what is buffered and waits until the stream has it all.</summary>
    public void Complete()
    {
        if (_pos > 0)
        {
            Flush();
        }

        _pendingWrite.GetAwaiter().GetResult();
        _out.Flush();
    }

    public void Dispose() => Complete();

    private void Escape(byte b)
    {
        switch (b)
        {
            case (byte)'"':
                Raw("\\\""u8);
                break;
            case (byte)'\\':
                Raw("\\\\"u8);
                break;
            case (byte)'\n':
                Raw("\\n"u8);
                break;
            case (byte)'\r':
                Raw("\\r"u8);
                break;
            case (byte)'\t':
                Raw("\\t"u8);
                break;
            default:
                Raw("\\u00"u8);
                Byte((byte)"0123456789abcdef"[b >> 4]);
                Byte((byte)"0123456789abcdef"[b & 0xF]);
                break;
        }
    }
}
