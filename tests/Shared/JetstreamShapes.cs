using System.Text.Json.Nodes;

namespace Parapet.Tests;

/// <summary>
/// Jetstream v1 events in the shape of the real capture (../shared/data/jetstream-capture/golden_v1.jsonl): a post
/// create with reply refs, and the record embeds and richtext facets the app.bsky lexicons define for quotes and mentions.
/// </summary>
internal static class JetstreamShapes
{
    /// <summary>The golden capture's post with reply refs, when the capture is present.</summary>
    public static string? GoldenReplyPost()
    {
        var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "jetstream-capture", "golden_v1.jsonl"));
        return File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.Contains("\"app.bsky.feed.post\"", StringComparison.Ordinal) && l.Contains("\"reply\"", StringComparison.Ordinal))
            : null;
    }

    public static string PostUri(string did, string rkey) => $"at://{did}/app.bsky.feed.post/{rkey}";

    /// <summary>A post create; <paramref name="replyTo"/> is the parent's (and root's) at:// URI.</summary>
    public static string Post(string did, string rkey, string text, string? replyTo = null, string? replyRoot = null,
        string? quote = null, bool quoteWithMedia = false, IReadOnlyList<string>? mentions = null, long timeUs = 1779719009157119,
        string operation = "create")
    {
        var record = new JsonObject
        {
            ["$type"] = "app.bsky.feed.post",
            ["createdAt"] = "2026-05-25T14:23:28.757Z",
        };
        if (quote is not null)
        {
            var strongRef = new JsonObject { ["cid"] = "bafyreiainko5un5pbcdosvxpbisjnjzemojnry6nsgtdftdgslbu37kxai", ["uri"] = quote };
            record["embed"] = quoteWithMedia
                ? new JsonObject
                {
                    ["$type"] = "app.bsky.embed.recordWithMedia",
                    ["media"] = new JsonObject
                    {
                        ["$type"] = "app.bsky.embed.images",
                        ["images"] = new JsonArray(new JsonObject { ["alt"] = "", ["image"] = new JsonObject { ["$type"] = "blob", ["mimeType"] = "image/jpeg", ["size"] = 1000 } }),
                    },
                    ["record"] = new JsonObject { ["$type"] = "app.bsky.embed.record", ["record"] = strongRef },
                }
                : new JsonObject { ["$type"] = "app.bsky.embed.record", ["record"] = strongRef };
        }

        if (mentions is { Count: > 0 })
        {
            var facets = new JsonArray();
            var at = 0;
            foreach (var mention in mentions)
            {
                facets.Add(new JsonObject
                {
                    ["$type"] = "app.bsky.richtext.facet",
                    ["features"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.richtext.facet#mention", ["did"] = mention }),
                    ["index"] = new JsonObject { ["byteEnd"] = at + 10, ["byteStart"] = at },
                });
                at += 11;
            }

            record["facets"] = facets;
        }

        record["langs"] = new JsonArray("en");
        if (replyTo is not null)
        {
            record["reply"] = new JsonObject
            {
                ["parent"] = new JsonObject { ["cid"] = "bafyreiainko5un5pbcdosvxpbisjnjzemojnry6nsgtdftdgslbu37kxai", ["uri"] = replyTo },
                ["root"] = new JsonObject { ["cid"] = "bafyreiainko5un5pbcdosvxpbisjnjzemojnry6nsgtdftdgslbu37kxai", ["uri"] = replyRoot ?? replyTo },
            };
        }

        record["text"] = text;
        return new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "commit",
            ["commit"] = new JsonObject
            {
                ["rev"] = "3mmoojpaqkn2z",
                ["operation"] = operation,
                ["collection"] = "app.bsky.feed.post",
                ["rkey"] = rkey,
                ["record"] = record,
                ["cid"] = "bafyreicl7rzkxdrm4zz2ehbx52kuk3mvfow6p3gzfys72r5grvskxoswy4",
            },
        }.ToJsonString();
    }

    /// <summary>An identity event, as the capture's, with the handle Jetstream adds when the account has one.</summary>
    public static string Identity(string did, string handle, long timeUs = 1779719010267528) =>
        new JsonObject
        {
            ["did"] = did,
            ["time_us"] = timeUs,
            ["kind"] = "identity",
            ["identity"] = new JsonObject { ["did"] = did, ["handle"] = handle, ["seq"] = 30340180350, ["time"] = "2026-05-25T14:23:29.950Z" },
        }.ToJsonString();
}
