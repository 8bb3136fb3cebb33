namespace Parapet.Storage;

/// <summary>A stored aggregate spike alert: an entity's mentions in one hour against its baseline. It names no post and no author.</summary>
public sealed record SpikeAlert(long Id, string Entity, DateTimeOffset HourStart, long Mentions, double BaselineMean,
    double BaselineSigma, double Threshold, DateTimeOffset RaisedAt);

/// <summary>Spike alerts, at most one per entity per clock hour (a later check in the same hour raises its count).</summary>
public sealed class SpikeAlerts(StoreConnections db)
{
    /// <summary>Stores the spike; true when it is the entity's first in that hour.</summary>
    public bool Record(string entity, DateTimeOffset hour, long mentions, double mean, double sigma, double threshold, DateTimeOffset now)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        using var insert = SqliteStore.Command(c, tx, """
            INSERT OR IGNORE INTO spike_alerts(entity, hour_start, mentions, baseline_mean, baseline_sigma, threshold, raised_at)
            VALUES ($entity, $hour, $mentions, $mean, $sigma, $threshold, $now)
            """);
        insert.Parameters.AddWithValue("$entity", entity);
        insert.Parameters.AddWithValue("$hour", hour.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$mentions", mentions);
        insert.Parameters.AddWithValue("$mean", mean);
        insert.Parameters.AddWithValue("$sigma", sigma);
        insert.Parameters.AddWithValue("$threshold", threshold);
        insert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var fresh = insert.ExecuteNonQuery() == 1;
        if (fresh)
        {
            SqliteStore.Bump(c, tx, "spike_alerts", 1);
        }
        else
        {
            using var update = SqliteStore.Command(c, tx,
                "UPDATE spike_alerts SET mentions = max(mentions, $mentions) WHERE entity = $entity AND hour_start = $hour");
            update.Parameters.AddWithValue("$entity", entity);
            update.Parameters.AddWithValue("$hour", hour.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$mentions", mentions);
            update.ExecuteNonQuery();
        }

        tx.Commit();
        return fresh;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<SpikeAlert> Since(DateTimeOffset since, int limit = 200)
    {
        using var c = db.Open();
        using var cmd = SqliteStore.Command(c, null, """
            SELECT id, entity, hour_start, mentions, baseline_mean, baseline_sigma, threshold, raised_at FROM spike_alerts
            WHERE raised_at >= $since ORDER BY id DESC LIMIT $n
            """);
        cmd.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<SpikeAlert>();
        while (r.Read())
        {
            list.Add(new SpikeAlert(r.GetInt64(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetInt64(3),
                r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7))));
        }

        return list;
    }
}
