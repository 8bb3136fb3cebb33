using System.Text.Json;
using Parapet.Posts;

namespace Parapet.Sources.Live;

/// <summary>
/// Writes what a source read as the Parapet lines the pipeline's parser reads: a post
/// <c>{"id","text","lang","created_at","author","uri","source","edited"}</c>, or a deletion <c>{"delete":"id"}</c>.
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
