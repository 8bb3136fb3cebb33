using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Parapet.Bench;

/// <summary>
/// The limit for any .NET reader of a Jetstream file: stream the lines and walk every token of every line
/// with Utf8JsonReader, keeping only what a classifier needs (kind, collection, operation, post text).
/// </summary>
internal static class ParseOnly
{
    private const int BufferSize = 1 << 20;

    private enum Kind : byte
    {
        Other,
        Commit,
        Identity,
        Account,
    }

    private enum Collection : byte
    {
        None,
        Other,
        Post,
        Like,
        Repost,
        Follow,
    }

    private enum Operation : byte
    {
        None,
        Other,
        Create,
        Update,
        Delete,
    }

    private struct Counts
    {
        public long Events;
        public long Posts;
        public long Commits;
        public long TextChars;
        public long Malformed;
    }

    public static int Run(string path)
    {
        long started = Stopwatch.GetTimestamp();
        var counts = default(Counts);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
        {
            int filled = 0;
            while (true)
            {
                int read = file.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                ReadOnlySpan<byte> pending = buffer.AsSpan(0, filled);
                int consumed = 0;
                int newline;
                while ((newline = pending[consumed..].IndexOf((byte)'\n')) >= 0)
                {
                    ParseLine(pending.Slice(consumed, newline), ref counts);
                    consumed += newline + 1;
                }

                int tail = filled - consumed;
                if (consumed == 0 && filled == buffer.Length)
                {
                    // One line longer than the whole buffer: grow rather than split it.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    buffer.AsSpan(consumed, tail).CopyTo(buffer);
                }

                filled = tail;
            }

            if (filled > 0)
            {
                ParseLine(buffer.AsSpan(0, filled), ref counts);
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"events={counts.Events} posts={counts.Posts} seconds={seconds:F3} events_per_sec={counts.Events / seconds:F0}"));
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"commits={counts.Commits} post_text_chars={counts.TextChars} malformed_lines={counts.Malformed}"));
        return 0;
    }

    private static void ParseLine(ReadOnlySpan<byte> line, ref Counts counts)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return;
        }

        var reader = new Utf8JsonReader(line);
        var kind = Kind.Other;
        var collection = Collection.None;
        var operation = Operation.None;
        string? text = null;
        bool inCommit = false;
        bool inRecord = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                switch (reader.CurrentDepth)
                {
                    case 1:
                        inCommit = false;
                        inRecord = false;
                        if (reader.ValueTextEquals("kind"u8))
                        {
                            reader.Read();
                            kind = reader.ValueTextEquals("commit"u8) ? Kind.Commit
                                : reader.ValueTextEquals("identity"u8) ? Kind.Identity
                                : reader.ValueTextEquals("account"u8) ? Kind.Account
                                : Kind.Other;
                        }
                        else if (reader.ValueTextEquals("commit"u8))
                        {
                            inCommit = true;
                        }

                        break;
                    case 2 when inCommit:
                        inRecord = false;
                        if (reader.ValueTextEquals("collection"u8))
                        {
                            reader.Read();
                            collection = reader.ValueTextEquals("app.bsky.feed.post"u8) ? Collection.Post
                                : reader.ValueTextEquals("app.bsky.feed.like"u8) ? Collection.Like
                                : reader.ValueTextEquals("app.bsky.feed.repost"u8) ? Collection.Repost
                                : reader.ValueTextEquals("app.bsky.graph.follow"u8) ? Collection.Follow
                                : Collection.Other;
                        }
                        else if (reader.ValueTextEquals("operation"u8))
                        {
                            reader.Read();
                            operation = reader.ValueTextEquals("create"u8) ? Operation.Create
                                : reader.ValueTextEquals("update"u8) ? Operation.Update
                                : reader.ValueTextEquals("delete"u8) ? Operation.Delete
                                : Operation.Other;
                        }
                        else if (reader.ValueTextEquals("record"u8))
                        {
                            inRecord = true;
                        }

                        break;
                    case 3 when inRecord && reader.ValueTextEquals("text"u8):
                        reader.Read();

                        // Jetstream writes collection and operation before record, but nothing guarantees it:
                        // when they are still unknown, keep the text and decide at the end of the line.
                        bool wanted = collection == Collection.None || operation == Operation.None
                            || (collection == Collection.Post && operation == Operation.Create);
                        if (wanted && reader.TokenType == JsonTokenType.String)
                        {
                            text = reader.GetString();
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            counts.Malformed++;
            return;
        }

        counts.Events++;
        if (kind != Kind.Commit)
        {
            return;
        }

        counts.Commits++;
        if (collection == Collection.Post && operation == Operation.Create)
        {
            counts.Posts++;
            counts.TextChars += text?.Length ?? 0;
        }
    }
}
