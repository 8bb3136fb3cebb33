using System.Text.Json;
using Parapet.Posts;
using Parapet.Sources.Live;

namespace Parapet.Sources.Mastodon;

/// <summary>Reads a Mastodon <c>Status</c> entity (the payload of <c>update</c> and <c>status.update</c> events).</summary>
internal static class MastodonStatus
{
    /// <summary>The id a status is stored under: its API URL on the instance the stream came from, which a <c>delete</c> event (a bare id) can name.</summary>
    public static string PostId(Uri instance, string statusId) =>
        $"{instance.GetLeftPart(UriPartial.Authority)}/api/v1/statuses/{statusId}";

    /// <summary>The status as a post, or null (with why) when it is not one to read: a boost, or an author who opted out.</summary>
    public static Post? ToPost(Uri instance, JsonElement status, bool edited, out string? skipped)
    {
        skipped = null;
        var id = String(status, "id") ?? throw new JsonException("a status without an \"id\"");
        if (status.TryGetProperty("reblog", out var reblog) && reblog.ValueKind == JsonValueKind.Object)
        {
            skipped = "boost";
            return null;
        }

        if (status.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object)
        {
            // Authors who ask not to be indexed or processed by bots are left alone, as the fediverse expects.
            if (account.TryGetProperty("noindex", out var noindex) && noindex.ValueKind == JsonValueKind.True)
            {
                skipped = "noindex";
                return null;
            }

            if (HtmlText.ToText(String(account, "note")).Contains("#nobot", StringComparison.OrdinalIgnoreCase))
            {
                skipped = "#nobot";
                return null;
            }
        }

        var content = HtmlText.ToText(String(status, "content"));
        var warning = String(status, "spoiler_text");
        var text = string.IsNullOrWhiteSpace(warning) ? content : $"{warning.Trim()}\n\n{content}";
        return new Post
        {
            Id = PostId(instance, id),
            Text = text,
            Lang = String(status, "language"),
            CreatedAt = DateTimeOffset.TryParse(String(status, "created_at"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : null,
            Author = Acct(instance, account),
            Uri = String(status, "url") ?? String(status, "uri"),
            Source = "mastodon",
            Edited = edited,
        };
    }

    private static string? Acct(Uri instance, JsonElement account)
    {
        if (account.ValueKind != JsonValueKind.Object || String(account, "acct") is not { Length: > 0 } acct)
        {
            return null;
        }

        // Local accounts come without a domain; the author is named the same way wherever it is read.
        return acct.Contains('@', StringComparison.Ordinal) ? acct : $"{acct}@{instance.Host}";
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
