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
            References = References(instance, status),
        };
    }

    /// <summary>
    /// <c>in_reply_to_id</c>/<c>in_reply_to_account_id</c>, <c>mentions</c> and a quoted status's account. An account id is
    /// local to the instance, so the replied-to account is named through the mention Mastodon puts in every reply.
    /// </summary>
    private static PostReferences? References(Uri instance, JsonElement status)
    {
        var mentions = new List<(string? Id, string Key)>();
        if (status.TryGetProperty("mentions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var mention in list.EnumerateArray())
            {
                if ((AccountKeys.Fediverse(String(mention, "acct"), instance.Host) ?? AccountKeys.FediverseOfProfileUrl(String(mention, "url"))) is { } key)
                {
                    mentions.Add((String(mention, "id"), key));
                }
            }
        }

        string? parentAuthor = null;
        if (String(status, "in_reply_to_account_id") is { Length: > 0 } accountId)
        {
            parentAuthor = mentions.FirstOrDefault(m => m.Id == accountId).Key
                ?? (status.TryGetProperty("account", out var author) && String(author, "id") == accountId
                    ? AccountKeys.Fediverse(String(author, "acct"), instance.Host)
                    : $"{instance.GetLeftPart(UriPartial.Authority)}/api/v1/accounts/{accountId}");
        }

        string? quotedAuthor = null;
        if (status.TryGetProperty("quote", out var quote) && quote.ValueKind == JsonValueKind.Object
            && quote.TryGetProperty("quoted_status", out var quoted) && quoted.ValueKind == JsonValueKind.Object
            && quoted.TryGetProperty("account", out var quotedAccount))
        {
            quotedAuthor = AccountKeys.Fediverse(String(quotedAccount, "acct"), instance.Host);
        }

        var references = new PostReferences
        {
            ReplyParent = String(status, "in_reply_to_id") is { Length: > 0 } parent ? PostId(instance, parent) : null,
            ReplyParentAuthor = parentAuthor,
            QuotedAuthor = quotedAuthor,
            Mentions = [.. mentions.Select(m => m.Key).Distinct(StringComparer.Ordinal)],
        };
        return references.IsEmpty ? null : references;
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
