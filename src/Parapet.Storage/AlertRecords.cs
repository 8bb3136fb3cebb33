using System.Text.Json;
using System.Data.Common;

namespace Parapet.Storage;

public sealed record AlertRecord
{
    public required long Id { get; init; }
    public string? PostId { get; init; }
    public string? Uri { get; init; }
    public string? Author { get; init; }
    /// <summary>Null once the post was deleted at its source: the alert is then a tombstone.</summary>
    public string? Text { get; init; }
    public required IReadOnlyList<string> Entities { get; init; }
    public required string Severity { get; init; }
    public required double Score { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public DateTimeOffset? PostCreatedAt { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public required string Status { get; init; }
    public string? Assignee { get; init; }
    public string? DismissReason { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>The watched organization's own post this alert's post replies to, when it was read first.</summary>
    public string? ContextId { get; init; }
    public string? ContextText { get; init; }
}

public sealed record AlertEvent(long Id, long AlertId, DateTimeOffset At, string Actor, string Action, string? Detail);

public sealed record AlertFilter
{
    public string? Status { get; init; }
    public string? Severity { get; init; }
    public string? Entity { get; init; }
    public long? AfterId { get; init; }
    public int Limit { get; init; } = 200;
}

/// <summary>Alerts as the triage queue reads and changes them, with each change kept in the alert's history.</summary>
public sealed class AlertRecords(StoreConnections db, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "acknowledged", "escalated", "dismissed"];
    public static readonly IReadOnlyList<string> Severities = ["imminent", "credible", "concerning"];
    public static readonly IReadOnlyList<string> DismissReasons = ["false-positive", "protected-speech", "duplicate", "handled"];

    private const string Columns = """
        id, post_id, uri, author, text, entities, severity, score, reasons, post_created_at, raised_at, status,
        assignee, dismiss_reason, deleted_at, context_id, context_text
        """;

    public IReadOnlyList<AlertRecord> List(AlertFilter filter)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, $"""
            SELECT {Columns} FROM alerts
            WHERE (@status IS NULL OR status = @status) AND (@severity IS NULL OR severity = @severity)
              AND (@entity IS NULL OR {db.Engine.JsonArrayHas("alerts.entities", "@entity")})
              AND (@after IS NULL OR id > @after)
            ORDER BY id DESC LIMIT @limit
            """);
        cmd.Add("status", filter.Status);
        cmd.Add("severity", filter.Severity);
        cmd.Add("entity", filter.Entity);
        cmd.Add("after", filter.AfterId);
        cmd.Add("limit", Math.Clamp(filter.Limit, 1, 100_000));
        return Read(cmd);
    }

    public AlertRecord? Get(long id)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, $"SELECT {Columns} FROM alerts WHERE id = @id");
        cmd.Add("id", id);
        return Read(cmd) is [var one] ? one : null;
    }

    public IReadOnlyList<AlertEvent> History(long id)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null,
            "SELECT id, alert_id, at, actor, action, detail FROM alert_events WHERE alert_id = @id ORDER BY id");
        cmd.Add("id", id);
        using var r = cmd.ExecuteReader();
        var list = new List<AlertEvent>();
        while (r.Read())
        {
            list.Add(new AlertEvent(r.GetInt64(0), r.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetString(3), r.GetString(4), Sql.Text(r, 5)));
        }

        return list;
    }

    /// <summary>
    /// Applies a triage action (acknowledge, assign, escalate, dismiss, reopen, note) and records it in the history.
    /// Returns false when there is no such alert.
    /// </summary>
    public bool Apply(long id, string actor, string action, string? detail)
    {
        var (set, value) = action switch
        {
            "acknowledge" => ("status = 'acknowledged'", null),
            "escalate" => ("status = 'escalated'", null),
            "reopen" => ("status = 'open', dismiss_reason = NULL", null),
            "dismiss" => ("status = 'dismissed', dismiss_reason = @value", detail),
            "assign" => ("assignee = @value", detail),
            "note" => ((string?)null, null),
            _ => throw new ArgumentException($"unknown triage action '{action}'", nameof(action)),
        };
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var c = db.Open();
        using var tx = db.Engine.BeginImmediate(c, "alerts");
        using var update = Sql.Command(c, tx, $"UPDATE alerts SET {set ?? "id = id"}, updated_at = @now WHERE id = @id");
        update.Add("id", id);
        update.Add("now", now);
        update.Add("value", value);
        if (update.ExecuteNonQuery() == 0)
        {
            return false;
        }

        using var history = Sql.Command(c, tx,
            "INSERT INTO alert_events(alert_id, at, actor, action, detail) VALUES (@id, @now, @actor, @action, @detail)");
        history.Add("id", id);
        history.Add("now", now);
        history.Add("actor", actor);
        history.Add("action", action);
        history.Add("detail", detail);
        history.ExecuteNonQuery();
        tx.Commit();
        return true;
    }

    private static List<AlertRecord> Read(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<AlertRecord>();
        while (r.Read())
        {
            list.Add(new AlertRecord
            {
                Id = r.GetInt64(0),
                PostId = Sql.Text(r, 1),
                Uri = Sql.Text(r, 2),
                Author = Sql.Text(r, 3),
                Text = Sql.Text(r, 4),
                Entities = JsonSerializer.Deserialize<string[]>(r.GetString(5)) ?? [],
                Severity = r.GetString(6),
                Score = r.GetDouble(7),
                Reasons = JsonSerializer.Deserialize<string[]>(r.GetString(8)) ?? [],
                PostCreatedAt = Sql.Time(r, 9),
                RaisedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
                Status = r.GetString(11),
                Assignee = Sql.Text(r, 12),
                DismissReason = Sql.Text(r, 13),
                DeletedAt = Sql.Time(r, 14),
                ContextId = Sql.Text(r, 15),
                ContextText = Sql.Text(r, 16),
            });
        }

        return list;
    }
}
