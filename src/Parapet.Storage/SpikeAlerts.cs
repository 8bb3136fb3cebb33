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
        using var insert = Sql.Command(c, tx, """
            INSERT INTO spike_alerts(entity, hour_start, mentions, baseline_mean, baseline_sigma, threshold, raised_at)
            VALUES (@entity, @hour, @mentions, @mean, @sigma, @threshold, @now)
            ON CONFLICT DO NOTHING
            """);
        insert.Add("entity", entity);
        insert.Add("hour", hour.ToUnixTimeMilliseconds());
        insert.Add("mentions", mentions);
        insert.Add("mean", mean);
        insert.Add("sigma", sigma);
        insert.Add("threshold", threshold);
        insert.Add("now", now.ToUnixTimeMilliseconds());
        var fresh = insert.ExecuteNonQuery() == 1;
        if (fresh)
        {
            Sql.Bump(c, tx, "spike_alerts", 1);
        }
        else
        {
            using var update = Sql.Command(c, tx,
                "UPDATE spike_alerts SET mentions = CASE WHEN mentions < @mentions THEN @mentions ELSE mentions END WHERE entity = @entity AND hour_start = @hour");
            update.Add("entity", entity);
            update.Add("hour", hour.ToUnixTimeMilliseconds());
            update.Add("mentions", mentions);
            update.ExecuteNonQuery();
        }

        tx.Commit();
        return fresh;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<SpikeAlert> Since(DateTimeOffset since, int limit = 200)
    {
        using var c = db.Open();
        using var cmd = Sql.Command(c, null, """
            SELECT id, entity, hour_start, mentions, baseline_mean, baseline_sigma, threshold, raised_at FROM spike_alerts
            WHERE raised_at >= @since ORDER BY id DESC LIMIT @n
            """);
        cmd.Add("since", since.ToUnixTimeMilliseconds());
        cmd.Add("n", limit);
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
