using System.Security.Cryptography;

namespace Parapet.Storage;

public sealed record Webhook(long Id, string Label, string Url, string Format, IReadOnlyList<string> Events, DateTimeOffset CreatedAt)
{
    /// <summary>Shared with the receiver to check the signature; shown once, when the webhook is created.</summary>
    public string Secret { get; init; } = "";
}

public sealed record WebhookDelivery(long Id, long WebhookId, string Event, long AlertId, DateTimeOffset CreatedAt);

public sealed record DeadLetter(long Id, long WebhookId, string Event, long? AlertId, int Attempts, string LastError, DateTimeOffset FailedAt);

/// <summary>
/// Webhooks, the deliveries waiting for them and the ones that failed for good. Deliveries are queued by
/// triggers on the alerts table (schema version 3), in the same transaction as the alert or its escalation.
/// </summary>
public sealed class Webhooks(StoreConnections db, TimeProvider time)
{
    public const string NewAlert = "alert.new", Escalated = "alert.escalated";
    public static readonly IReadOnlyList<string> Events = [NewAlert, Escalated];
    public static readonly IReadOnlyList<string> Formats = ["generic", "slack"];

    public Webhook Create(string label, string url, string format, IReadOnlyList<string> events)
    {
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow();
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            INSERT INTO webhooks(label, url, format, secret, events, created_at) VALUES (@label, @url, @format, @secret, @events, @now)
            RETURNING id
            """);
        cmd.Add("label", label);
        cmd.Add("url", url);
        cmd.Add("format", format);
        cmd.Add("secret", secret);
        cmd.Add("events", string.Join(',', events));
        cmd.Add("now", now.ToUnixTimeMilliseconds());
        var id = Sql.Long(cmd.ExecuteScalar());
        return new Webhook(id, label, url, format, events, now) { Secret = secret };
    }

    /// <summary>Removes the webhook and whatever was still waiting for it; its dead letters stay as a record.</summary>
    public bool Delete(long id)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var pending = Sql.Command(c, tx, "DELETE FROM webhook_deliveries WHERE webhook_id = @id");
        pending.Add("id", id);
        pending.ExecuteNonQuery();
        using var cmd = Sql.Command(c, tx, "DELETE FROM webhooks WHERE id = @id");
        cmd.Add("id", id);
        var deleted = cmd.ExecuteNonQuery() == 1;
        tx.Commit();
        return deleted;
    }

    public IReadOnlyList<Webhook> All()
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT id, label, url, format, events, created_at, secret FROM webhooks ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<Webhook>();
        while (r.Read())
        {
            list.Add(new Webhook(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)))
            {
                Secret = r.GetString(6),
            });
        }

        return list;
    }

    /// <summary>The oldest deliveries still waiting, skipping those already being sent.</summary>
    public IReadOnlyList<WebhookDelivery> Pending(IReadOnlySet<long> inFlight, int limit)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT id, webhook_id, event, alert_id, created_at FROM webhook_deliveries ORDER BY id LIMIT @n");
        cmd.Add("n", limit + inFlight.Count);
        using var r = cmd.ExecuteReader();
        var list = new List<WebhookDelivery>();
        while (r.Read() && list.Count < limit)
        {
            var id = r.GetInt64(0);
            if (!inFlight.Contains(id))
            {
                list.Add(new WebhookDelivery(id, r.GetInt64(1), r.GetString(2), r.GetInt64(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))));
            }
        }

        return list;
    }

    public long PendingCount()
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, "SELECT COUNT(*) FROM webhook_deliveries");
        return Sql.Long(cmd.ExecuteScalar());
    }

    public void Delivered(long deliveryId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Sql.Command(c, tx, "DELETE FROM webhook_deliveries WHERE id = @id");
        cmd.Add("id", deliveryId);
        cmd.ExecuteNonQuery();
        Sql.Bump(c, tx, "webhooks_delivered", 1);
        tx.Commit();
    }

    /// <summary>Moves a delivery that failed every attempt to the dead letters. The letter holds no post text.</summary>
    public void DeadLettered(WebhookDelivery delivery, int attempts, string error)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var cmd = Sql.Command(c, tx, """
            INSERT INTO webhook_dead_letters(webhook_id, event, payload, attempts, last_error, failed_at, alert_id)
            VALUES (@webhook, @event, '', @attempts, @error, @now, @alert)
            """);
        cmd.Add("webhook", delivery.WebhookId);
        cmd.Add("event", delivery.Event);
        cmd.Add("attempts", attempts);
        cmd.Add("error", error.Length > 500 ? error[..500] : error);
        cmd.Add("now", time.GetUtcNow().ToUnixTimeMilliseconds());
        cmd.Add("alert", delivery.AlertId);
        cmd.ExecuteNonQuery();
        using var remove = Sql.Command(c, tx, "DELETE FROM webhook_deliveries WHERE id = @id");
        remove.Add("id", delivery.Id);
        remove.ExecuteNonQuery();
        Sql.Bump(c, tx, "webhooks_dead_lettered", 1);
        tx.Commit();
    }

    public IReadOnlyList<DeadLetter> DeadLetters(int limit = 200)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            SELECT id, webhook_id, event, alert_id, attempts, last_error, failed_at FROM webhook_dead_letters ORDER BY id DESC LIMIT @n
            """);
        cmd.Add("n", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<DeadLetter>();
        while (r.Read())
        {
            list.Add(new DeadLetter(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt32(4),
                r.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6))));
        }

        return list;
    }

    /// <summary>Queues a dead letter again, for a webhook that still exists; false when there is nothing to retry.</summary>
    public bool Retry(long deadLetterId)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var insert = Sql.Command(c, tx, """
            INSERT INTO webhook_deliveries(webhook_id, event, alert_id, created_at)
            SELECT d.webhook_id, d.event, d.alert_id, @now FROM webhook_dead_letters d
            WHERE d.id = @id AND d.alert_id IS NOT NULL AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id)
            """);
        insert.Add("id", deadLetterId);
        insert.Add("now", time.GetUtcNow().ToUnixTimeMilliseconds());
        if (insert.ExecuteNonQuery() == 0)
        {
            return false;
        }

        using var remove = Sql.Command(c, tx, "DELETE FROM webhook_dead_letters WHERE id = @id");
        remove.Add("id", deadLetterId);
        remove.ExecuteNonQuery();
        tx.Commit();
        return true;
    }
}
