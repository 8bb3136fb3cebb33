using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Parapet.Posts;

public enum LineKind
{
    /// <summary>A post to match: a Parapet post or a Jetstream post create (or update).</summary>
    Post,

    /// <summary>A post deleted at its source; <see cref="ParsedLine.Id"/> names it.</summary>
    Delete,

    /// <summary>An account deactivated or deleted at its source; <see cref="ParsedLine.Id"/> is the author.</summary>
    AccountGone,

    /// <summary>An account's identity event: <see cref="ParsedLine.Id"/> is its DID, <see cref="ParsedLine.Handle"/> its handle now.</summary>
    Identity,

    /// <summary>Not a post (likes, follows, profile updates, blank lines).</summary>
    Skip,

    /// <summary>A line that cannot be read; <see cref="ParsedLine.Error"/> says why.</summary>
    Error,
}

public readonly record struct ParsedLine(LineKind Kind, Post? Post = null, string? Id = null, string? Error = null, long? Cursor = null,
    string? Handle = null)
{
    public static readonly ParsedLine Skipped = new(LineKind.Skip);
}

/// <summary>
/// Turns one JSON line into a post. A line is either a Parapet post (<c>{"id","text",…}</c>), a Parapet deletion
/// (<c>{"delete":"id"}</c>, the post with that id was deleted at its source) or a raw Bluesky Jetstream event, told
/// apart per line. Most Jetstream events are likes, follows and reposts: a byte search
/// rejects them before any JSON is read, which is most of why reading a firehose is cheap.
/// </summary>
public static class PostLineParser
{
    private const string PostCollection = "app.bsky.feed.post";

    // The kinds of source a Parapet post line may name in "source"; anything else reads as a replayed file's post.
    private static readonly string[] KnownSources = ["bluesky", "mastodon", "rss", "replay"];

    // A post's collection is a whole JSON string; in likes and reposts the same words appear only inside a URI.
    private static readonly byte[] PostCollectionValue = "app.bsky.feed.post\""u8.ToArray();
    private static readonly byte[] AccountValue = "account\""u8.ToArray();
    private static readonly byte[] IdentityValue = "identity\""u8.ToArray();

    // Jetstream writes every event with "did" first. A line shaped otherwise is parsed in full, never guessed at.
    private static readonly byte[] JetstreamStart = "{\"did\":\""u8.ToArray();

    public static ParsedLine Parse(ReadOnlySpan<byte> line)
    {
        line = Trim(line);
        if (line.IsEmpty)
        {
            return ParsedLine.Skipped;
        }

        // Needles whose first and last bytes rarely pair up keep the vectorized search from stopping at every quote.
        if (line.StartsWith(JetstreamStart) && line.IndexOf(PostCollectionValue) < 0 && line.IndexOf(AccountValue) < 0
            && line.IndexOf(IdentityValue) < 0)
        {
            return ParsedLine.Skipped;
        }

        try
        {
            return ParseJson(line);
        }
        catch (JsonException e)
        {
            return new ParsedLine(LineKind.Error, Error: $"malformed JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return new ParsedLine(LineKind.Error, Error: $"malformed JSON: {e.Message}");
        }
        catch (DecoderFallbackException)
        {
            return new ParsedLine(LineKind.Error, Error: "invalid UTF-8");
        }
    }

    private static ParsedLine ParseJson(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return new ParsedLine(LineKind.Error, Error: "expected a JSON object");
        }

        var e = new Fields();
        ReadTop(ref reader, ref e);
        if (reader.Read())
        {
            return new ParsedLine(LineKind.Error, Error: "malformed JSON: text after the object");
        }

        // Jetstream events always carry "kind" and "did"; anything else is a Parapet post, extra fields and all.
        return e.Kind is not null && e.Did is not null ? ToJetstream(ref e) : ToParapetPost(ref e);
    }

    private static ParsedLine ToParapetPost(ref Fields e)
    {
        if (e.Delete is not null)
        {
            return e.Id is not null || e.Text is not null || e.Delete.Length == 0
                ? new ParsedLine(LineKind.Error, Error: "a deletion is {\"delete\":\"id\"} with a non-empty id and no post fields")
                : new ParsedLine(LineKind.Delete, Id: e.Delete);
        }

        if (string.IsNullOrEmpty(e.Id))
        {
            return new ParsedLine(LineKind.Error, Error: "a post needs a non-empty string \"id\"");
        }

        if (e.Text is null)
        {
            return new ParsedLine(LineKind.Error, Error: $"post '{e.Id}' has no string \"text\"");
        }

        return new ParsedLine(LineKind.Post, new Post
        {
            Id = e.Id,
            Text = e.Text,
            Lang = e.Lang,
            CreatedAt = ParseTime(e.CreatedAt),
            Author = e.Author,
            Uri = e.Uri,
            Source = e.Source is { } source && KnownSources.Contains(source) ? source : "replay",
            Edited = e.Edited == true,
            References = References(e.ReplyParent, e.ReplyParentAuthor, e.ReplyRoot, e.ReplyRootAuthor, e.Quoted, e.QuotedAuthor, e.Mentions),
        });
    }

    private static PostReferences? References(string? parent, string? parentAuthor, string? root, string? rootAuthor,
        string? quoted, string? quotedAuthor, List<string>? mentions)
    {
        var references = new PostReferences
        {
            ReplyParent = parent,
            ReplyParentAuthor = parentAuthor ?? AccountKeys.DidOfAtUri(parent),
            ReplyRoot = root,
            ReplyRootAuthor = rootAuthor ?? AccountKeys.DidOfAtUri(root),
            Quoted = quoted,
            QuotedAuthor = quotedAuthor ?? AccountKeys.DidOfAtUri(quoted),
            Mentions = mentions is null ? [] : [.. mentions.Distinct(StringComparer.Ordinal)],
        };
        return references.IsEmpty ? null : references;
    }

    private static ParsedLine ToJetstream(ref Fields e)
    {
        long? cursor = e.TimeUs;
        switch (e.Kind)
        {
            case "commit" when e.Collection == PostCollection && e.Did is not null && e.Rkey is not null:
                var id = $"at://{e.Did}/{PostCollection}/{e.Rkey}";
                if (e.Operation == "delete")
                {
                    return new ParsedLine(LineKind.Delete, Id: id, Cursor: cursor);
                }

                if (e.Operation is "create" or "update" && e.RecordText is not null)
                {
                    return new ParsedLine(LineKind.Post, new Post
                    {
                        Id = id,
                        Text = e.RecordText,
                        Lang = e.RecordLang,
                        CreatedAt = ParseTime(e.RecordCreatedAt),
                        Author = e.Did,
                        Uri = $"https://bsky.app/profile/{e.Did}/post/{e.Rkey}",
                        Source = "bluesky",
                        Edited = e.Operation == "update",
                        References = References(e.RecordReplyParent, null, e.RecordReplyRoot, null, QuotedUri(ref e), null, e.RecordMentions),
                    }, Cursor: cursor);
                }

                return ParsedLine.Skipped with { Cursor = cursor };
            case "account" when e.AccountActive == false && e.Did is not null:
                return new ParsedLine(LineKind.AccountGone, Id: e.Did, Cursor: cursor);
            case "identity" when e.Did is not null:
                return new ParsedLine(LineKind.Identity, Id: e.Did, Cursor: cursor, Handle: e.IdentityHandle);
            default:
                return ParsedLine.Skipped with { Cursor = cursor };
        }
    }

    /// <summary>The record a quote post embeds: <c>app.bsky.embed.record</c>, or the record half of <c>recordWithMedia</c>.</summary>
    private static string? QuotedUri(ref Fields e) => e.EmbedType switch
    {
        "app.bsky.embed.record" => e.EmbedRecordUri,
        "app.bsky.embed.recordWithMedia" => e.EmbedInnerRecordUri,
        _ => null,
    };

    private static void ReadTop(ref Utf8JsonReader reader, ref Fields e)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kind"u8)) { e.Kind = NextString(ref reader); }
            else if (reader.ValueTextEquals("did"u8)) { e.Did = NextString(ref reader); }
            else if (reader.ValueTextEquals("time_us"u8)) { e.TimeUs = NextLong(ref reader); }
            else if (reader.ValueTextEquals("id"u8)) { e.Id = NextString(ref reader); }
            else if (reader.ValueTextEquals("text"u8)) { e.Text = NextString(ref reader); }
            else if (reader.ValueTextEquals("lang"u8)) { e.Lang = NextString(ref reader); }
            else if (reader.ValueTextEquals("created_at"u8)) { e.CreatedAt = NextString(ref reader); }
            else if (reader.ValueTextEquals("author"u8)) { e.Author = NextString(ref reader); }
            else if (reader.ValueTextEquals("uri"u8)) { e.Uri = NextString(ref reader); }
            else if (reader.ValueTextEquals("source"u8)) { e.Source = NextString(ref reader); }
            else if (reader.ValueTextEquals("delete"u8)) { e.Delete = NextString(ref reader); }
            else if (reader.ValueTextEquals("edited"u8)) { e.Edited = NextBool(ref reader); }
            else if (reader.ValueTextEquals("reply_to"u8)) { e.ReplyParent = NextString(ref reader); }
            else if (reader.ValueTextEquals("reply_to_author"u8)) { e.ReplyParentAuthor = NextString(ref reader); }
            else if (reader.ValueTextEquals("reply_root"u8)) { e.ReplyRoot = NextString(ref reader); }
            else if (reader.ValueTextEquals("reply_root_author"u8)) { e.ReplyRootAuthor = NextString(ref reader); }
            else if (reader.ValueTextEquals("quote_of"u8)) { e.Quoted = NextString(ref reader); }
            else if (reader.ValueTextEquals("quote_of_author"u8)) { e.QuotedAuthor = NextString(ref reader); }
            else if (reader.ValueTextEquals("mentions"u8)) { e.Mentions = NextStrings(ref reader); }
            else if (reader.ValueTextEquals("commit"u8)) { ReadCommit(ref reader, ref e); }
            else if (reader.ValueTextEquals("account"u8)) { ReadAccount(ref reader, ref e); }
            else if (reader.ValueTextEquals("identity"u8)) { ReadIdentity(ref reader, ref e); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void ReadCommit(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("operation"u8)) { e.Operation = NextString(ref reader); }
            else if (reader.ValueTextEquals("collection"u8)) { e.Collection = NextString(ref reader); }
            else if (reader.ValueTextEquals("rkey"u8)) { e.Rkey = NextString(ref reader); }
            else if (reader.ValueTextEquals("record"u8)) { ReadRecord(ref reader, ref e); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void ReadRecord(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8)) { e.RecordText = NextString(ref reader); }
            else if (reader.ValueTextEquals("createdAt"u8)) { e.RecordCreatedAt = NextString(ref reader); }
            else if (reader.ValueTextEquals("reply"u8)) { ReadReply(ref reader, ref e); }
            else if (reader.ValueTextEquals("embed"u8)) { ReadEmbed(ref reader, ref e); }
            else if (reader.ValueTextEquals("facets"u8)) { ReadFacets(ref reader, ref e); }
            else if (reader.ValueTextEquals("langs"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            e.RecordLang ??= reader.GetString();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else { reader.Read(); reader.Skip(); }
        }
    }

    /// <summary><c>"reply":{"parent":{"cid","uri"},"root":{"cid","uri"}}</c>.</summary>
    private static void ReadReply(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("parent"u8)) { e.RecordReplyParent = NextRefUri(ref reader, out _); }
            else if (reader.ValueTextEquals("root"u8)) { e.RecordReplyRoot = NextRefUri(ref reader, out _); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    /// <summary>
    /// <c>"embed":{"$type":"app.bsky.embed.record","record":{"cid","uri"}}</c>, or for a quote with media
    /// <c>{"$type":"app.bsky.embed.recordWithMedia","record":{"$type":"app.bsky.embed.record","record":{"cid","uri"}},"media":…}</c>.
    /// Keys come in any order, so the type is decided once the object is read.
    /// </summary>
    private static void ReadEmbed(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("$type"u8)) { e.EmbedType = NextString(ref reader); }
            else if (reader.ValueTextEquals("record"u8))
            {
                e.EmbedRecordUri = NextRefUri(ref reader, out var inner);
                e.EmbedInnerRecordUri = inner;
            }
            else { reader.Read(); reader.Skip(); }
        }
    }

    /// <summary>A strong ref's <c>uri</c>, and the <c>uri</c> of a strong ref nested as its <c>record</c>.</summary>
    private static string? NextRefUri(ref Utf8JsonReader reader, out string? innerUri)
    {
        innerUri = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? uri = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("uri"u8)) { uri = NextString(ref reader); }
            else if (reader.ValueTextEquals("record"u8)) { innerUri = NextRefUri(ref reader, out _); }
            else { reader.Read(); reader.Skip(); }
        }

        return uri;
    }

    /// <summary><c>"facets":[{"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:…"}],"index":…}]</c>.</summary>
    private static void ReadFacets(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("features"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    string? type = null, did = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("$type"u8)) { type = NextString(ref reader); }
                        else if (reader.ValueTextEquals("did"u8)) { did = NextString(ref reader); }
                        else { reader.Read(); reader.Skip(); }
                    }

                    if (type == "app.bsky.richtext.facet#mention" && did is not null && AccountKeys.IsDid(did))
                    {
                        (e.RecordMentions ??= []).Add(did);
                    }
                }
            }
        }
    }

    private static void ReadIdentity(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("handle"u8)) { e.IdentityHandle = NextString(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static List<string>? NextStrings(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value)
            {
                values.Add(value);
            }
            else
            {
                reader.Skip();
            }
        }

        return values;
    }

    private static void ReadAccount(ref Utf8JsonReader reader, ref Fields e)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("active"u8))
            {
                reader.Read();
                e.AccountActive = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => null,
                };
            }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static string? NextString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool? NextBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                reader.Skip();
                return null;
        }
    }

    private static long? NextLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    private static DateTimeOffset? ParseTime(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            line = line[3..];
        }

        return line.Trim(" \t\r\n"u8);
    }

    private struct Fields
    {
        public string? Kind, Did, Id, Text, Lang, CreatedAt, Author, Uri, Source, Delete;
        public string? Operation, Collection, Rkey, RecordText, RecordCreatedAt, RecordLang;
        public string? RecordReplyParent, RecordReplyRoot, EmbedType, EmbedRecordUri, EmbedInnerRecordUri, IdentityHandle;
        public string? ReplyParent, ReplyParentAuthor, ReplyRoot, ReplyRootAuthor, Quoted, QuotedAuthor;
        public List<string>? RecordMentions, Mentions;
        public long? TimeUs;
        public bool? AccountActive, Edited;
    }
}
