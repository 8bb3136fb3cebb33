using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parapet.Server.Alerts;
using Parapet.Storage;

namespace Parapet.Server.Webhooks;

/// <summary>What a webhook receives about one alert. The author is never sent; a deleted post goes out as a tombstone.</summary>
internal sealed record WebhookAlert(long Id, string Status, string Severity, double Score, IReadOnlyList<string> Entities,
    IReadOnlyList<string> Reasons, string? Text, string? Uri, DateTimeOffset? PostedAt, DateTimeOffset RaisedAt, bool Deleted, string? DashboardUrl);

internal sealed record GenericPayload(string Event, long DeliveryId, DateTimeOffset SentAt, WebhookAlert Alert);

/// <summary>The bodies Parapet sends (generic JSON, or Slack's incoming-webhook shape) and the signature over them.</summary>
internal static class WebhookPayload
{
    public const string SignatureHeader = "X-Parapet-Signature", TimestampHeader = "X-Parapet-Timestamp",
        EventHeader = "X-Parapet-Event", DeliveryHeader = "X-Parapet-Delivery";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Body(string format, WebhookDelivery delivery, AlertRecord alert, DateTimeOffset now, string? dashboardUrl)
    {
        var a = new WebhookAlert(alert.Id, alert.Status, alert.Severity, Math.Round(alert.Score, 3), alert.Entities, alert.Reasons,
            alert.Text, AlertDto.SafeLink(alert.Uri), alert.PostCreatedAt, alert.RaisedAt, alert.DeletedAt is not null,
            dashboardUrl is null ? null : $"{dashboardUrl.TrimEnd('/')}/alerts/{alert.Id}");
        return format == "slack"
            ? JsonSerializer.Serialize(new { text = SlackText(delivery.Event, a) }, Json)
            : JsonSerializer.Serialize(new GenericPayload(delivery.Event, delivery.Id, now, a), Json);
    }

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256, keyed by the webhook's secret, of "<c>{timestamp}.{body}</c>".</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup; post text is hostile, so they are escaped as Slack asks.</summary>
    private static string SlackText(string evt, WebhookAlert a)
    {
        var what = evt == Storage.Webhooks.Escalated ? "escalated" : "new";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"*{Escape(a.Severity)}* threat alert #{a.Id} ({what}) for {Escape(string.Join(", ", a.Entities))}");
        if (a.Reasons.Count > 0)
        {
            text.Append(": ").Append(Escape(string.Join("; ", a.Reasons)));
        }

        text.Append('\n').Append(a.Text is null ? "_the post was deleted at its source_" : "> " + Escape(a.Text).Replace("\n", "\n> ", StringComparison.Ordinal));
        if (a.Uri is not null)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"<{Escape(a.Uri)}|source post>");
        }

        if (a.DashboardUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" · <{Escape(a.DashboardUrl)}|open in Parapet>");
        }

        return text.ToString();
    }

    private static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
