using Parapet.Analysis;
using Parapet.Pipeline;
using Parapet.Storage;

namespace Parapet.Server.Alerts;

/// <summary>An alert as the API and the live queue show it. Text, link and author are null on a tombstone.</summary>
internal sealed record AlertDto
{
    public required long Id { get; init; }
    public required string Status { get; init; }
    public required string Severity { get; init; }
    public required double Score { get; init; }
    public required IReadOnlyList<string> Entities { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public string? Text { get; init; }
    public string? Uri { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? PostedAt { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public string? Assignee { get; init; }
    public string? DismissReason { get; init; }
    public bool Deleted { get; init; }

    /// <summary>The watched organization's own post this alert's post replies to, when it was read first.</summary>
    public string? InReplyToId { get; init; }
    public string? InReplyToText { get; init; }

    public static AlertDto From(AlertRecord a) => new()
    {
        Id = a.Id,
        Status = a.Status,
        Severity = a.Severity,
        Score = Math.Round(a.Score, 3),
        Entities = a.Entities,
        Reasons = a.Reasons,
        Text = a.Text,
        Uri = SafeLink(a.Uri),
        Author = a.Author,
        PostedAt = a.PostCreatedAt,
        RaisedAt = a.RaisedAt,
        Assignee = a.Assignee,
        DismissReason = a.DismissReason,
        Deleted = a.DeletedAt is not null,
        InReplyToId = a.ContextId,
        InReplyToText = a.ContextText,
    };

    public static AlertDto From(AlertNotice n) => new()
    {
        Id = n.AlertId,
        Status = "open",
        Severity = n.Analysis.Threat.Severity?.ToName() ?? "concerning",
        Score = Math.Round(n.Analysis.Threat.Score, 3),
        Entities = n.Analysis.AlertEntities,
        Reasons = n.Analysis.Threat.Reasons,
        Text = n.Analysis.Post.Text,
        Uri = SafeLink(n.Analysis.Post.Uri),
        Author = n.Analysis.Post.Author,
        PostedAt = n.Analysis.Post.CreatedAt,
        RaisedAt = n.RaisedAt,
        InReplyToId = n.Analysis.Parent?.Id,
        InReplyToText = n.Analysis.Parent?.Text,
    };

    /// <summary>
    /// Only http(s) links are shown as links, so a <c>javascript:</c> URI in a post stays inert; a Bluesky
    /// <c>at://</c> post URI becomes its public web address.
    /// </summary>
    public static string? SafeLink(string? uri)
    {
        if (uri is null)
        {
            return null;
        }

        // A DID holds colons, which System.Uri reads as a port: at:// URIs are taken apart by hand.
        if (uri.StartsWith("at://", StringComparison.Ordinal))
        {
            return uri.Split('/') is ["at:", "", var did, "app.bsky.feed.post", var rkey]
                && did.StartsWith("did:", StringComparison.Ordinal) && IdChars(did) && rkey.Length > 0 && IdChars(rkey)
                ? $"https://bsky.app/profile/{did}/post/{rkey}"
                : null;
        }

        return System.Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == System.Uri.UriSchemeHttps || u.Scheme == System.Uri.UriSchemeHttp)
            ? u.AbsoluteUri
            : null;
    }

    /// <summary>The characters of a DID or a record key; nothing that could end a path or start a query.</summary>
    private static bool IdChars(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-' or '~');
}

/// <summary>A triage action sent to the API.</summary>
internal sealed record TriageRequest(string Action, string? Detail);
