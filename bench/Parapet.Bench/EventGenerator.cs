using System.Text;

namespace Parapet.Bench;

internal sealed record GeneratorStats(
    long Events, long Posts, long WatchedPosts, long Threats, long Likes, long Reposts, long Follows, long Deletes, long Other, long Bytes);

/// <summary>
/// Writes a deterministic synthetic Jetstream v1 stream in the shapes of a real capture: commit create,
/// delete and update events with records as the Bluesky app writes them, plus identity and account events.
/// </summary>
internal sealed class EventGenerator
{
    // Shares of all events. Posts are what the classifier cares about; everything else must be skipped fast.
    private const double PostShare = 0.12;
    private const double LikeShare = 0.59;
    private const double RepostShare = 0.10;
    private const double FollowShare = 0.085;
    private const double DeleteShare = 0.07;
    private const double BlockShare = 0.01;
    private const double ProfileShare = 0.015;

    // Share of posts that mention a watched name, and the tone of those mentions.
    private const double WatchedShare = 0.01;
    private const double ThreatShare = 0.05;
    private const double CriticismShare = 0.40;
    private const double PraiseShare = 0.15;

    private const int DidPoolSize = 200_000;
    private const int DidLength = 24;
    private const long StartTimeUs = 1_783_175_888_085_434; // 2026-07-04T14:38:08Z, the capture's first event
    private const long Day = 86_400_000_000;

    private static ReadOnlySpan<byte> Base32 => "abcdefghijklmnopqrstuvwxyz234567"u8;
    private static ReadOnlySpan<byte> SortableBase32 => "234567abcdefghijklmnopqrstuvwxyz"u8;

    private static readonly string[] s_displayNames = ["Mira ✨", "Tom K.", "jules", "Ana López", "river otter 🦦", "Sam", "Theo writes", "quiet fox"];
    private static readonly string[] s_bios =
    [
        "Artist, cat person, coffee first. she/her", "Writing about trains, maps and bad puns.",
        "Periodista. Opiniones propias.", "Gardener & amateur astronomer 🌙", "Software, synths, sourdough.",
    ];

    private static readonly string[] s_titles =
    [
        "What happened at the harbor last week", "Cómo preparar la mejor tortilla", "A quiet guide to night photography",
        "Release notes: version 2.4", "Ten trails worth the drive",
    ];

    private readonly Random _rng;
    private readonly JsonLineWriter _w;
    private readonly PostTexts _texts;
    private readonly PostDraft _draft = new();
    private readonly byte[] _dids = new byte[DidPoolSize * DidLength];
    private long _timeUs = StartTimeUs;
    private long _seq = 31_527_015_470;

    private long _posts, _watched, _threats, _likes, _reposts, _follows, _deletes, _other;

    private EventGenerator(JsonLineWriter writer, IReadOnlyList<WatchedName> names, int seed)
    {
        _rng = new Random(seed);
        _w = writer;
        _texts = new PostTexts(new Random(seed ^ 0x5eed), names);
        for (int i = 0; i < _dids.Length; i++)
        {
            _dids[i] = Base32[_rng.Next(32)];
        }
    }

    public static GeneratorStats Write(string path, long events, IReadOnlyList<WatchedName> names, int seed)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        using var writer = new JsonLineWriter(file);
        var generator = new EventGenerator(writer, names, seed);
        long written = 0;
        while (written < events)
        {
            written += generator.WriteNext(events - written);
        }

        writer.Complete();
        return new GeneratorStats(
            written, generator._posts, generator._watched, generator._threats, generator._likes, generator._reposts,
            generator._follows, generator._deletes, generator._other, writer.BytesWritten);
    }

    /// <summary>Writes one event (or an identity+account pair when room allows) and returns how many.</summary>
    private int WriteNext(long remaining)
    {
        // Jetstream emits around 2,000-3,000 events per second; time_us only ever increases here.
        _timeUs += 50 + _rng.Next(700);
        double r = _rng.NextDouble();
        int author = _rng.Next(DidPoolSize);
        if ((r -= PostShare) < 0)
        {
            WritePost(author);
            _posts++;
        }
        else if ((r -= LikeShare) < 0)
        {
            WriteSubjectRecord(author, "app.bsky.feed.like"u8, withVia: _rng.NextDouble() < 0.12);
            _likes++;
        }
        else if ((r -= RepostShare) < 0)
        {
            WriteSubjectRecord(author, "app.bsky.feed.repost"u8, withVia: _rng.NextDouble() < 0.03);
            _reposts++;
        }
        else if ((r -= FollowShare) < 0)
        {
            WriteDidSubjectRecord(author, "app.bsky.graph.follow"u8);
            _follows++;
        }
        else if ((r -= DeleteShare) < 0)
        {
            WriteDelete(author);
            _deletes++;
        }
        else if ((r -= BlockShare) < 0)
        {
            WriteDidSubjectRecord(author, "app.bsky.graph.block"u8);
            _other++;
        }
        else if ((r -= ProfileShare) < 0)
        {
            WriteProfileUpdate(author);
            _other++;
        }
        else
        {
            WriteIdentity(author);
            _other++;
            if (remaining > 1 && _rng.NextDouble() < 0.7)
            {
                _timeUs += 1 + _rng.Next(10_000);
                WriteAccount(author);
                _other++;
                return 2;
            }
        }

        return 1;
    }

    private void WritePost(int author)
    {
        MentionTone? tone = null;
        if (_rng.NextDouble() < WatchedShare)
        {
            double t = _rng.NextDouble();
            tone = (t -= ThreatShare) < 0 ? MentionTone.Threat
                : (t -= CriticismShare) < 0 ? MentionTone.Criticism
                : (t -= PraiseShare) < 0 ? MentionTone.Praise
                : MentionTone.Neutral;
            _watched++;
            if (tone == MentionTone.Threat)
            {
                _threats++;
            }
        }

        _texts.Compose(_draft, tone);
        long created = WriteCommitHead(author, "create"u8, "app.bsky.feed.post"u8, out _);
        _w.Raw(",\"record\":{\"$type\":\"app.bsky.feed.post\",\"createdAt\":"u8);
        _w.Timestamp(created);

        double embed = _rng.NextDouble();
        if (_draft.LinkUri is not null && embed < 0.6)
        {
            _w.Raw(",\"embed\":{\"$type\":\"app.bsky.embed.external\",\"external\":{\"description\":"u8);
            _w.String(_rng.NextDouble() < 0.3 ? "" : "Read more & share your thoughts <3");
            _w.Raw(",\"thumb\":"u8);
            WriteBlob(_rng.Next(20_000, 400_000));
            _w.Raw(",\"title\":"u8);
            _w.String(s_titles[_rng.Next(s_titles.Length)]);
            _w.Raw(",\"uri\":"u8);
            _w.String(_draft.LinkUri);
            _w.Raw("}}"u8);
        }
        else if (embed < 0.14)
        {
            _w.Raw(",\"embed\":{\"$type\":\"app.bsky.embed.images\",\"images\":["u8);
            int images = 1 + (_rng.NextDouble() < 0.3 ? _rng.Next(3) : 0);
            for (int i = 0; i < images; i++)
            {
                _w.Raw(i == 0 ? "{\"alt\":"u8 : ",{\"alt\":"u8);
                _w.String(_rng.NextDouble() < 0.6 ? "" : "A photo taken outside on a cloudy afternoon");
                _w.Raw(",\"aspectRatio\":{\"height\":"u8);
                _w.Number(600 + _rng.Next(1400));
                _w.Raw(",\"width\":"u8);
                _w.Number(600 + _rng.Next(1400));
                _w.Raw("},\"image\":"u8);
                WriteBlob(_rng.Next(50_000, 1_000_000));
                _w.Byte((byte)'}');
            }

            _w.Raw("]}"u8);
        }
        else if (embed < 0.19)
        {
            _w.Raw(",\"embed\":{\"$type\":\"app.bsky.embed.record\",\"record\":"u8);
            WriteStrongRef("app.bsky.feed.post"u8);
            _w.Byte((byte)'}');
        }

        if (_draft.Facets.Count > 0)
        {
            WriteFacets();
        }

        if (_rng.NextDouble() < 0.93)
        {
            _w.Raw(_draft.Spanish
                ? (_rng.NextDouble() < 0.15 ? ",\"langs\":[\"es\",\"en\"]"u8 : ",\"langs\":[\"es\"]"u8)
                : ",\"langs\":[\"en\"]"u8);
        }

        if (_rng.NextDouble() < 0.35)
        {
            // Replies deep in a thread point at a different root; direct replies repeat the parent.
            _w.Raw(",\"reply\":{\"parent\":"u8);
            int parentStart = _w.Position;
            WriteStrongRef("app.bsky.feed.post"u8);
            int parentEnd = _w.Position;
            _w.Raw(",\"root\":"u8);
            if (_rng.NextDouble() < 0.5)
            {
                _w.RepeatRange(parentStart, parentEnd);
            }
            else
            {
                WriteStrongRef("app.bsky.feed.post"u8);
            }

            _w.Byte((byte)'}');
        }

        _w.Raw(",\"text\":"u8);
        _w.String(_draft.Text.ToString());
        _w.Byte((byte)'}');
        WriteCidTail();
    }

    private void WriteFacets()
    {
        string text = _draft.Text.ToString();
        _w.Raw(",\"facets\":["u8);
        for (int i = 0; i < _draft.Facets.Count; i++)
        {
            var facet = _draft.Facets[i];
            _w.Raw(i == 0 ? "{\"features\":[{\"$type\":\"app.bsky.richtext.facet#"u8 : ",{\"features\":[{\"$type\":\"app.bsky.richtext.facet#"u8);
            switch (facet.Kind)
            {
                case FacetKind.Tag:
                    _w.Raw("tag\",\"tag\":"u8);
                    _w.String(facet.Value);
                    break;
                case FacetKind.Mention:
                    _w.Raw("mention\",\"did\":\"did:plc:"u8);
                    _w.Raw(Did(_rng.Next(DidPoolSize)));
                    _w.Byte((byte)'"');
                    break;
                default:
                    _w.Raw("link\",\"uri\":"u8);
                    _w.String(facet.Value);
                    break;
            }

            // Facet indexes are UTF-8 byte offsets, not character offsets.
            int byteStart = Encoding.UTF8.GetByteCount(text.AsSpan(0, facet.Start));
            int byteEnd = byteStart + Encoding.UTF8.GetByteCount(text.AsSpan(facet.Start, facet.End - facet.Start));
            _w.Raw("}],\"index\":{\"byteEnd\":"u8);
            _w.Number(byteEnd);
            _w.Raw(",\"byteStart\":"u8);
            _w.Number(byteStart);
            _w.Raw("}}"u8);
        }

        _w.Byte((byte)']');
    }

    private void WriteSubjectRecord(int author, ReadOnlySpan<byte> collection, bool withVia)
    {
        long created = WriteCommitHead(author, "create"u8, collection, out _);
        _w.Raw(",\"record\":{\"$type\":\""u8);
        _w.Raw(collection);
        _w.Raw("\",\"createdAt\":"u8);
        _w.Timestamp(created);
        _w.Raw(",\"subject\":"u8);
        WriteStrongRef("app.bsky.feed.post"u8);
        if (withVia)
        {
            _w.Raw(",\"via\":"u8);
            WriteStrongRef("app.bsky.feed.repost"u8);
        }

        _w.Byte((byte)'}');
        WriteCidTail();
    }

    private void WriteDidSubjectRecord(int author, ReadOnlySpan<byte> collection)
    {
        long created = WriteCommitHead(author, "create"u8, collection, out _);
        _w.Raw(",\"record\":{\"$type\":\""u8);
        _w.Raw(collection);
        _w.Raw("\",\"createdAt\":"u8);
        _w.Timestamp(created);
        _w.Raw(",\"subject\":\"did:plc:"u8);
        _w.Raw(Did(_rng.Next(DidPoolSize)));
        _w.Raw("\"}"u8);
        WriteCidTail();
    }

    private void WriteDelete(int author)
    {
        double c = _rng.NextDouble();
        var collection = c < 0.55 ? "app.bsky.feed.like"u8
            : c < 0.75 ? "app.bsky.graph.follow"u8
            : c < 0.87 ? "app.bsky.feed.repost"u8
            : "app.bsky.feed.post"u8;
        WriteCommitHead(author, "delete"u8, collection, out _, rkeyAgeUs: OldAge());
        _w.Raw("}}"u8);
        _w.EndLine();
    }

    private void WriteProfileUpdate(int author)
    {
        WriteCommitHead(author, "update"u8, "app.bsky.actor.profile"u8, out _, rkeyAgeUs: -1);
        _w.Raw(",\"record\":{\"$type\":\"app.bsky.actor.profile\",\"avatar\":"u8);
        WriteBlob(_rng.Next(20_000, 900_000));
        _w.Raw(",\"createdAt\":"u8);
        _w.Timestamp(_timeUs - OldAge());
        _w.Raw(",\"description\":"u8);
        _w.String(s_bios[_rng.Next(s_bios.Length)]);
        _w.Raw(",\"displayName\":"u8);
        _w.String(s_displayNames[_rng.Next(s_displayNames.Length)]);
        _w.Byte((byte)'}');
        WriteCidTail();
    }

    private void WriteIdentity(int author)
    {
        WriteEventHead(author, "identity"u8);
        _w.Raw(",\"identity\":{\"did\":\"did:plc:"u8);
        _w.Raw(Did(author));
        _w.Raw("\",\"seq\":"u8);
        _w.Number(_seq++);
        _w.Raw(",\"time\":"u8);
        _w.Timestamp(_timeUs - 500_000);
        _w.Raw("}}"u8);
        _w.EndLine();
    }

    private void WriteAccount(int author)
    {
        WriteEventHead(author, "account"u8);
        _w.Raw(",\"account\":{\"active\":true,\"did\":\"did:plc:"u8);
        _w.Raw(Did(author));
        _w.Raw("\",\"seq\":"u8);
        _w.Number(_seq++);
        _w.Raw(",\"time\":"u8);
        _w.Timestamp(_timeUs - 500_000);
        _w.Raw("}}"u8);
        _w.EndLine();
    }

    private void WriteEventHead(int author, ReadOnlySpan<byte> kind)
    {
        _w.Raw("{\"did\":\"did:plc:"u8);
        _w.Raw(Did(author));
        _w.Raw("\",\"time_us\":"u8);
        _w.Number(_timeUs);
        _w.Raw(",\"kind\":\""u8);
        _w.Raw(kind);
        _w.Byte((byte)'"');
    }

    /// <summary>
    /// Writes everything up to and including the rkey. Creates get an rkey minted just before the commit
    /// (a TID), deletes an old one, and <paramref name="rkeyAgeUs"/> of -1 means the "self" record.
    /// Returns the record's createdAt time.
    /// </summary>
    private long WriteCommitHead(int author, ReadOnlySpan<byte> operation, ReadOnlySpan<byte> collection, out long revUs, long rkeyAgeUs = 0)
    {
        WriteEventHead(author, "commit"u8);
        revUs = _timeUs - 200_000 - _rng.Next(800_000);
        _w.Raw(",\"commit\":{\"rev\":\""u8);
        WriteTid(revUs);
        _w.Raw("\",\"operation\":\""u8);
        _w.Raw(operation);
        _w.Raw("\",\"collection\":\""u8);
        _w.Raw(collection);
        _w.Raw("\",\"rkey\":\""u8);
        long rkeyUs = revUs - (rkeyAgeUs > 0 ? rkeyAgeUs : _rng.Next(20_000));
        if (rkeyAgeUs < 0)
        {
            _w.Raw("self"u8);
        }
        else
        {
            WriteTid(rkeyUs);
        }

        _w.Byte((byte)'"');
        return rkeyUs - _rng.Next(2_000_000);
    }

    private void WriteCidTail()
    {
        _w.Raw(",\"cid\":\"bafyrei"u8);
        WriteCidBody();
        _w.Raw("\"}}"u8);
        _w.EndLine();
    }

    /// <summary>Writes {"cid":…,"uri":"at://did:plc:…/collection/tid"} for a record of someone else's.</summary>
    private void WriteStrongRef(ReadOnlySpan<byte> collection)
    {
        _w.Raw("{\"cid\":\"bafyrei"u8);
        WriteCidBody();
        _w.Raw("\",\"uri\":\"at://did:plc:"u8);
        _w.Raw(Did(_rng.Next(DidPoolSize)));
        _w.Byte((byte)'/');
        _w.Raw(collection);
        _w.Byte((byte)'/');
        WriteTid(_timeUs - RecentAge());
        _w.Raw("\"}"u8);
    }

    private void WriteBlob(int size)
    {
        _w.Raw("{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafkrei"u8);
        WriteCidBody();
        _w.Raw("\"},\"mimeType\":\"image/jpeg\",\"size\":"u8);
        _w.Number(size);
        _w.Byte((byte)'}');
    }

    /// <summary>
    /// The 52 characters after the "bafyrei"/"bafkrei" prefix of a CIDv1 sha2-256 in base32. The last one
    /// carries only three bits of the digest, so it is always one of a, e, i, m, q, u, y, 4.
    /// </summary>
    private void WriteCidBody()
    {
        var span = _w.Take(52);
        ulong bits = 0;
        int left = 0;
        for (int i = 0; i < 51; i++)
        {
            if (left == 0)
            {
                bits = (ulong)_rng.NextInt64();
                left = 12;
            }

            span[i] = Base32[(int)(bits & 31)];
            bits >>= 5;
            left--;
        }

        span[51] = Base32[_rng.Next(8) * 4];
    }

    /// <summary>Writes an atproto TID: microseconds since the epoch and a clock id, base32-sortable, 13 characters.</summary>
    private void WriteTid(long unixMicros)
    {
        var span = _w.Take(13);
        ulong value = ((ulong)unixMicros << 10) | (uint)_rng.Next(32);
        for (int i = 12; i >= 0; i--)
        {
            span[i] = SortableBase32[(int)(value & 31)];
            value >>= 5;
        }
    }

    private ReadOnlySpan<byte> Did(int index) => _dids.AsSpan(index * DidLength, DidLength);

    // Likes and replies are mostly about posts from the last few hours, sometimes from weeks ago.
    private long RecentAge() => (long)(Day * 30 * Math.Pow(_rng.NextDouble(), 6)) + 1_000_000;

    // Deleted records and profile creation dates range over the network's lifetime.
    private long OldAge() => (long)(Day * 900 * Math.Pow(_rng.NextDouble(), 2)) + 60_000_000;
}
