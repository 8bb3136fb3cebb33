using System.Buffers;
using System.Text;

namespace Parapet.Sources.Mastodon;

/// <summary>One server-sent event: its <c>event:</c> name and its <c>data:</c> lines joined by line breaks.</summary>
internal sealed record ServerSentEvent(string Name, string Data, bool Oversized = false);

/// <summary>
/// Reads a <c>text/event-stream</c> (WHATWG HTML, "Server-sent events"): fields per line, an event per blank line,
/// comments (<c>:thump</c> heartbeats) skipped. Every read from the stream arms <paramref name="stall"/> for
/// <paramref name="stallTimeout"/>, so a stream that goes quiet cancels the read while a slow reader of events does not.
/// </summary>
internal sealed class ServerSentEvents(Stream stream, int maxEventBytes, CancellationTokenSource stall, TimeSpan stallTimeout)
{
    private readonly byte[] _chunk = new byte[16 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly StringBuilder _data = new();
    private int _start, _end;
    private string _name = "message";
    private bool _hasData, _oversized;
    private long _eventBytes;

    /// <summary>The next event, or null when the stream ends.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_start < _end)
            {
                var span = _chunk.AsSpan(_start, _end - _start);
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    Append(span);
                    _start = _end;
                    break;
                }

                Append(span[..newline]);
                _start += newline + 1;
                if (Line() is { } e)
                {
                    return e;
                }
            }

            stall.CancelAfter(stallTimeout);
            var n = await stream.ReadAsync(_chunk, cancellationToken).ConfigureAwait(false);
            stall.CancelAfter(Timeout.InfiniteTimeSpan);
            if (n == 0)
            {
                return null;
            }

            _start = 0;
            _end = n;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _eventBytes += bytes.Length;
        if (_oversized || _eventBytes > maxEventBytes)
        {
            // Past the limit the event is only counted to its end, never buffered.
            _oversized = true;
            _line.ResetWrittenCount();
            return;
        }

        bytes.CopyTo(_line.GetSpan(bytes.Length));
        _line.Advance(bytes.Length);
    }

    private ServerSentEvent? Line()
    {
        var line = _line.WrittenSpan;
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        try
        {
            if (line.IsEmpty && !_oversized)
            {
                return Dispatch();
            }

            if (line.IsEmpty)
            {
                var skipped = new ServerSentEvent(_name, "", Oversized: true);
                Reset();
                return skipped;
            }

            if (_oversized || line[0] == ':')
            {
                return null;
            }

            var colon = line.IndexOf((byte)':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..];
            if (value.StartsWith(" "u8))
            {
                value = value[1..];
            }

            if (field.SequenceEqual("event"u8))
            {
                _name = Encoding.UTF8.GetString(value);
            }
            else if (field.SequenceEqual("data"u8))
            {
                if (_hasData)
                {
                    _data.Append('\n');
                }

                _data.Append(Encoding.UTF8.GetString(value));
                _hasData = true;
            }

            return null;
        }
        finally
        {
            _line.ResetWrittenCount();
        }
    }

    private ServerSentEvent? Dispatch()
    {
        var e = _hasData ? new ServerSentEvent(_name, _data.ToString()) : null;
        Reset();
        return e;
    }

    private void Reset()
    {
        _name = "message";
        _data.Clear();
        _hasData = false;
        _oversized = false;
        _eventBytes = 0;
    }
}
