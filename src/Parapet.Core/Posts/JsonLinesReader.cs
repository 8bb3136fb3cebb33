namespace Parapet.Posts;

/// <summary>Called once per line; <paramref name="line"/> is only valid during the call.</summary>
public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line, bool oversized);

/// <summary>
/// Splits a stream into lines without decoding it. A line longer than the limit is reported as oversized and
/// skipped without ever being held whole in memory, so one 10 MB line costs nothing and loses no other line.
/// </summary>
public static class JsonLinesReader
{
    public const int DefaultMaxLineBytes = 1 << 20;

    public static void Read(Stream stream, LineHandler handler, int maxLineBytes = DefaultMaxLineBytes)
    {
        var buffer = new byte[Math.Min(1 << 20, maxLineBytes + 1)];
        var filled = 0;
        var lineNumber = 0L;
        var discarding = false;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length <= maxLineBytes)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineBytes + 1));
                }
                else
                {
                    // The current line is over the limit: drop what we have and skip to its end.
                    if (!discarding)
                    {
                        handler(++lineNumber, default, oversized: true);
                    }

                    discarding = true;
                    filled = 0;
                }
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                if (filled > 0 && !discarding)
                {
                    handler(++lineNumber, buffer.AsSpan(0, filled), oversized: false);
                }

                return;
            }

            var scanFrom = filled;
            filled += read;
            var start = 0;
            var newline = buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf((byte)'\n');
            while (newline >= 0)
            {
                var end = scanFrom + newline;
                if (discarding)
                {
                    discarding = false;
                }
                else
                {
                    handler(++lineNumber, buffer.AsSpan(start, end - start), oversized: false);
                }

                start = end + 1;
                scanFrom = start;
                newline = buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf((byte)'\n');
            }

            if (start > 0)
            {
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
    }
}
