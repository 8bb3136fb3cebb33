using System.Text.Json;
using Parapet.Posts;

namespace Parapet.Sources.Live;

/// <summary>
/// Writes what a source read as the Parapet lines the pipeline's parser reads: a post
/// <c>{"id","text","lang","created_at","author","uri","source","edited"}</c>
/// (with <c>reply_to</c>, <c>reply_to_author</c>, <c>reply_root</c>, <c>reply_root_author</c>, <c>quote_of</c>,
/// <c>quote_of_author</c>, <c>mentions</c> where the post has them), or a deletion <c>{"delete":"id"}</c>.
/// </summary>
public static class PostLines
{
    public static byte[] Post(Post post)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", post.Id);
            json.WriteString("text", post.Text);
            WriteIfSet(json, "lang", post.Lang);
            WriteIfSet(json, "created_at", post.CreatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            WriteIfSet(json, "author", post.Author);
            WriteIfSet(json, "uri", post.Uri);
            json.WriteString("source", post.Source);
            if (post.Edited)
            {
                json.WriteBoolean("edited", true);
            }

            if (post.References is { } r)
            {
                WriteIfSet(json, "reply_to", r.ReplyParent);
                WriteIfSet(json, "reply_to_author", r.ReplyParentAuthor);
                WriteIfSet(json, "reply_root", r.ReplyRoot);
                WriteIfSet(json, "reply_root_author", r.ReplyRootAuthor);
                WriteIfSet(json, "quote_of", r.Quoted);
                WriteIfSet(json, "quote_of_author", r.QuotedAuthor);
                if (r.Mentions.Count > 0)
                {
                    json.WriteStartArray("mentions");
                    foreach (var mention in r.Mentions)
                    {
                        json.WriteStringValue(mention);
                    }

                    json.WriteEndArray();
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] Delete(string postId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("delete", postId);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
