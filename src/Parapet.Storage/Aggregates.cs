namespace Parapet.Storage;

/// <summary>One entity's mentions in one time bucket, by sentiment. Counts only: no post, no author.</summary>
public sealed record AggregatePoint(string Entity, DateTimeOffset Start, long Posts, long Negative, long Neutral, long Positive);

/// <summary>What the transparency report tells for a period. Counts only.</summary>
public sealed record TransparencyCounts
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required long PostsSeen { get; init; }
    public required long PostsMatched { get; init; }
    public required IReadOnlyDictionary<string, long> AlertsBySeverity { get; init; }
    public required long Escalations { get; init; }
    public required IReadOnlyDictionary<string, long> DismissalsByReason { get; init; }
    public required long DeletionsHonoured { get; init; }
    public required long PostsPurged { get; init; }
}

/// <summary>Per-entity volume and sentiment over time, and the transparency report's counts.</summary>
public sealed class AggregateQueries(StoreConnections db)
{
    public IReadOnlyList<AggregatePoint> Series(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        var minutes = Math.Max(1, (long)bucket.TotalMinutes);
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            SELECT entity, (minute / @bucket) * @bucket AS b, CAST(SUM(posts) AS BIGINT), CAST(SUM(negative) AS BIGINT),
                CAST(SUM(neutral) AS BIGINT), CAST(SUM(positive) AS BIGINT)
            FROM aggregates WHERE minute >= @from AND minute < @to
            GROUP BY entity, b ORDER BY entity, b
            """);
        cmd.Add("bucket", minutes);
        cmd.Add("from", from.ToUnixTimeMilliseconds() / 60_000);
        // The minute that holds "to" counts: the current minute is where the newest mentions are.
        cmd.Add("to", (to.ToUnixTimeMilliseconds() + 59_999) / 60_000);
        using var r = cmd.ExecuteReader();
        var list = new List<AggregatePoint>();
        while (r.Read())
        {
            list.Add(new AggregatePoint(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1) * 60_000),
                r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)));
        }

        return list;
    }

    /// <summary>Counts for [from, to). Daily totals (seen, matched, deletions, purges) count whole UTC days.</summary>
    public TransparencyCounts Transparency(DateTimeOffset from, DateTimeOffset to)
    {
        using var c = db.Open();
        var (f, t) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var (fromDay, toDay) = (from.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            to.AddMilliseconds(-1).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        long Daily(string name)
        {
            using var cmd = Sql.Command(c, null,
                "SELECT COALESCE(SUM(value), 0) FROM daily_counters WHERE name = @name AND day >= @from AND day <= @to");
            cmd.Add("name", name);
            cmd.Add("from", fromDay);
            cmd.Add("to", toDay);
            return Sql.Long(cmd.ExecuteScalar());
        }

        Dictionary<string, long> Grouped(string sql)
        {
            using var cmd = Sql.Command(c, null, sql);
            cmd.Add("from", f);
            cmd.Add("to", t);
            using var r = cmd.ExecuteReader();
            var d = new Dictionary<string, long>(StringComparer.Ordinal);
            while (r.Read())
            {
                d[r.IsDBNull(0) ? "unspecified" : r.GetString(0)] = r.GetInt64(1);
            }

            return d;
        }

        var severity = Grouped("SELECT severity, COUNT(*) FROM alerts WHERE raised_at >= @from AND raised_at < @to GROUP BY severity");
        var dismissals = Grouped("SELECT detail, COUNT(*) FROM alert_events WHERE action = 'dismiss' AND at >= @from AND at < @to GROUP BY detail");
        var escalations = Grouped("SELECT action, COUNT(*) FROM alert_events WHERE action = 'escalate' AND at >= @from AND at < @to GROUP BY action");
        return new TransparencyCounts
        {
            From = from,
            To = to,
            PostsSeen = Daily("posts_seen"),
            PostsMatched = Daily("posts_stored"),
            AlertsBySeverity = AlertRecords.Severities.ToDictionary(s => s, s => severity.GetValueOrDefault(s), StringComparer.Ordinal),
            Escalations = escalations.GetValueOrDefault("escalate"),
            DismissalsByReason = AlertRecords.DismissReasons.ToDictionary(s => s, s => dismissals.GetValueOrDefault(s), StringComparer.Ordinal),
            DeletionsHonoured = Daily("deletions_honoured"),
            PostsPurged = Daily("posts_purged"),
        };
    }

    /// <summary>Adds to a daily total (for counts the pipeline keeps in memory, such as posts seen).</summary>
    public void AddDaily(string name, long value, DateTimeOffset at)
    {
        if (value == 0)
        {
            return;
        }

        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            INSERT INTO daily_counters(day, name, value) VALUES (@day, @name, @n)
            ON CONFLICT(day, name) DO UPDATE SET value = daily_counters.value + @n
            """);
        cmd.Add("day", at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Add("name", name);
        cmd.Add("n", value);
        cmd.ExecuteNonQuery();
    }
}
