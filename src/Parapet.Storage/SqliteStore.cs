using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Parapet.Analysis;
using Parapet.Pipeline;

namespace Parapet.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Posts are keyed by a hash of their source id, so replays and
/// deletions find them while a post that raised no alert keeps nothing that names its author (a Bluesky post id
/// contains the author's DID). Alerts keep the id, link and author an analyst needs, until deleted at source.
/// </summary>
public sealed class SqliteStore : IPostStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public string Path { get; private init; } = "";

    public static SqliteStore Open(string path, TimeProvider time)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        // secure_delete: a post deleted at its source must not linger in freed pages of the file.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;");
        Migrations.Apply(connection, time);
        return new SqliteStore(connection, time) { Path = path };
    }

    /// <summary>The key a post is stored under: a hash of its source id, never the id itself.</summary>
    public static string KeyOf(string sourceId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));

    public async Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _connection.BeginTransaction();
            var writer = new BatchWriter(_connection, tx, _time.GetUtcNow());
            var fresh = new List<AlertNotice>();
            foreach (var op in ops)
            {
                switch (op)
                {
                    case StoreOp.Save save when writer.Save(save.Analysis) is { } alert:
                        fresh.Add(alert);
                        break;
                    case StoreOp.Delete delete:
                        writer.Delete(delete.PostId);
                        break;
                    case StoreOp.AccountGone gone:
                        writer.AccountGone(gone.Author);
                        break;
                    case StoreOp.Cursor cursor:
                        writer.Cursor(cursor.Source, cursor.Value);
                        break;
                }
            }

            tx.Commit();
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cutoff = (_time.GetUtcNow() - retention).ToUnixTimeMilliseconds();
            using var tx = _connection.BeginTransaction();
            using var entities = Command(_connection, tx,
                "DELETE FROM post_entities WHERE post_key IN (SELECT key FROM posts WHERE alert = 0 AND seen_at < $cutoff)");
            entities.Parameters.AddWithValue("$cutoff", cutoff);
            entities.ExecuteNonQuery();
            using var posts = Command(_connection, tx, "DELETE FROM posts WHERE alert = 0 AND seen_at < $cutoff");
            posts.Parameters.AddWithValue("$cutoff", cutoff);
            var purged = posts.ExecuteNonQuery();
            using var deletions = Command(_connection, tx, "DELETE FROM deleted_posts WHERE deleted_at < $cutoff");
            deletions.Parameters.AddWithValue("$cutoff", cutoff);
            deletions.ExecuteNonQuery();
            using var count = Command(_connection, tx,
                "INSERT INTO counters(name, value) VALUES ('posts_purged', $n) ON CONFLICT(name) DO UPDATE SET value = value + $n");
            count.Parameters.AddWithValue("$n", purged);
            count.ExecuteNonQuery();
            tx.Commit();
            return purged;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last saved cursor of a source, or null.</summary>
    public long? GetCursor(string source)
    {
        _gate.Wait();
        try
        {
            using var cmd = Command(_connection, null, "SELECT value FROM cursors WHERE source = $source");
            cmd.Parameters.AddWithValue("$source", source);
            return cmd.ExecuteScalar() is long value ? value : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        // Fold the write-ahead log into the file and empty it, so old page images (deleted posts) leave with it.
        try
        {
            Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
            // Another reader holds the log; the next checkpoint will do it.
        }

        _connection.Dispose();
        _gate.Dispose();
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(connection, tx, sql);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Adds to one of the store's running totals (the transparency report splits them by day).</summary>
    internal static void Bump(SqliteConnection connection, SqliteTransaction? tx, string name, long n)
    {
        using var cmd = Command(connection, tx,
            "INSERT INTO counters(name, value) VALUES ($name, $n) ON CONFLICT(name) DO UPDATE SET value = value + $n");
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$n", n);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Applies one batch inside one transaction.</summary>
    private sealed class BatchWriter(SqliteConnection connection, SqliteTransaction tx, DateTimeOffset now)
    {
        private readonly long _now = now.ToUnixTimeMilliseconds();

        public AlertNotice? Save(PostAnalysis a)
        {
            var key = KeyOf(a.Post.Id);
            using (var deleted = Command(connection, tx, "SELECT 1 FROM deleted_posts WHERE key = $key"))
            {
                deleted.Parameters.AddWithValue("$key", key);
                if (deleted.ExecuteScalar() is not null)
                {
                    // Deleted at its source earlier in the stream: a replayed copy must not bring it back.
                    return null;
                }
            }

            using var insert = Command(connection, tx, """
                INSERT OR IGNORE INTO posts(key, source, text, lang, created_at, seen_at, sentiment, negative, neutral,
                    positive, threat_label, threat_score, severity, reasons, alert)
                VALUES ($key, $source, $text, $lang, $created, $seen, $sentiment, $neg, $neu, $pos, $label, $score,
                    $severity, $reasons, $alert)
                """);
            var p = insert.Parameters;
            p.AddWithValue("$key", key);
            p.AddWithValue("$source", a.Post.Source);
            p.AddWithValue("$text", a.Post.Text);
            p.AddWithValue("$lang", (object?)a.Post.Lang ?? DBNull.Value);
            p.AddWithValue("$created", (object?)a.Post.CreatedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            p.AddWithValue("$seen", _now);
            p.AddWithValue("$sentiment", a.Sentiment.Label.ToName());
            p.AddWithValue("$neg", a.Sentiment.Negative);
            p.AddWithValue("$neu", a.Sentiment.Neutral);
            p.AddWithValue("$pos", a.Sentiment.Positive);
            p.AddWithValue("$label", a.Threat.Label);
            p.AddWithValue("$score", a.Threat.Score);
            p.AddWithValue("$severity", (object?)a.Threat.Severity?.ToName() ?? DBNull.Value);
            p.AddWithValue("$reasons", JsonSerializer.Serialize(a.Threat.Reasons));
            p.AddWithValue("$alert", a.Alert ? 1 : 0);
            if (insert.ExecuteNonQuery() == 0)
            {
                return null;
            }

            var minute = (a.Post.CreatedAt?.ToUnixTimeMilliseconds() ?? _now) / 60_000;
            foreach (var entity in a.Entities)
            {
                using var link = Command(connection, tx, "INSERT OR IGNORE INTO post_entities(post_key, entity) VALUES ($key, $entity)");
                link.Parameters.AddWithValue("$key", key);
                link.Parameters.AddWithValue("$entity", entity);
                link.ExecuteNonQuery();

                using var aggregate = Command(connection, tx, """
                    INSERT INTO aggregates(entity, minute, posts, negative, neutral, positive)
                    VALUES ($entity, $minute, 1, $neg, $neu, $pos)
                    ON CONFLICT(entity, minute) DO UPDATE SET posts = posts + 1, negative = negative + $neg,
                        neutral = neutral + $neu, positive = positive + $pos
                    """);
                aggregate.Parameters.AddWithValue("$entity", entity);
                aggregate.Parameters.AddWithValue("$minute", minute);
                aggregate.Parameters.AddWithValue("$neg", a.Sentiment.Label == SentimentLabel.Negative ? 1 : 0);
                aggregate.Parameters.AddWithValue("$neu", a.Sentiment.Label == SentimentLabel.Neutral ? 1 : 0);
                aggregate.Parameters.AddWithValue("$pos", a.Sentiment.Label == SentimentLabel.Positive ? 1 : 0);
                aggregate.ExecuteNonQuery();
            }

            Count("posts_stored", 1);
            if (!a.Alert)
            {
                return null;
            }

            using var alert = Command(connection, tx, """
                INSERT OR IGNORE INTO alerts(post_key, post_id, uri, author, text, entities, severity, score, reasons,
                    post_created_at, raised_at, status)
                VALUES ($key, $id, $uri, $author, $text, $entities, $severity, $score, $reasons, $created, $raised, 'open')
                RETURNING id
                """);
            var ap = alert.Parameters;
            ap.AddWithValue("$key", key);
            ap.AddWithValue("$id", a.Post.Id);
            ap.AddWithValue("$uri", (object?)a.Post.Uri ?? DBNull.Value);
            ap.AddWithValue("$author", (object?)a.Post.Author ?? DBNull.Value);
            ap.AddWithValue("$text", a.Post.Text);
            ap.AddWithValue("$entities", JsonSerializer.Serialize(a.AlertEntities));
            ap.AddWithValue("$severity", a.Threat.Severity?.ToName() ?? "concerning");
            ap.AddWithValue("$score", a.Threat.Score);
            ap.AddWithValue("$reasons", JsonSerializer.Serialize(a.Threat.Reasons));
            ap.AddWithValue("$created", (object?)a.Post.CreatedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            ap.AddWithValue("$raised", _now);
            if (alert.ExecuteScalar() is not long id)
            {
                return null;
            }

            Count("alerts_raised", 1);
            return new AlertNotice(id, a, now);
        }

        public void Delete(string postId)
        {
            var key = KeyOf(postId);
            using var remember = Command(connection, tx, "INSERT OR IGNORE INTO deleted_posts(key, deleted_at) VALUES ($key, $now)");
            remember.Parameters.AddWithValue("$key", key);
            remember.Parameters.AddWithValue("$now", _now);
            remember.ExecuteNonQuery();
            RemovePost(key);
        }

        public void AccountGone(string author)
        {
            // Only alerted posts keep an author, so that is where this author's data can be.
            var keys = new List<string>();
            using (var find = Command(connection, tx, "SELECT post_key FROM alerts WHERE author = $author"))
            {
                find.Parameters.AddWithValue("$author", author);
                using var reader = find.ExecuteReader();
                while (reader.Read())
                {
                    keys.Add(reader.GetString(0));
                }
            }

            foreach (var key in keys)
            {
                RemovePost(key);
            }
        }

        public void Cursor(string source, long value)
        {
            using var cmd = Command(connection, tx, """
                INSERT INTO cursors(source, value, updated_at) VALUES ($source, $value, $now)
                ON CONFLICT(source) DO UPDATE SET value = $value, updated_at = $now
                """);
            cmd.Parameters.AddWithValue("$source", source);
            cmd.Parameters.AddWithValue("$value", value);
            cmd.Parameters.AddWithValue("$now", _now);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Removes a post; its alert, if any, stays as a tombstone: that it existed, when, how severe.</summary>
        private void RemovePost(string key)
        {
            using (var tomb = Command(connection, tx, """
                UPDATE alerts SET text = NULL, author = NULL, post_id = NULL, uri = NULL, deleted_at = $now
                WHERE post_key = $key AND deleted_at IS NULL
                """))
            {
                tomb.Parameters.AddWithValue("$key", key);
                tomb.Parameters.AddWithValue("$now", _now);
                tomb.ExecuteNonQuery();
            }

            using (var links = Command(connection, tx, "DELETE FROM post_entities WHERE post_key = $key"))
            {
                links.Parameters.AddWithValue("$key", key);
                links.ExecuteNonQuery();
            }

            using var posts = Command(connection, tx, "DELETE FROM posts WHERE key = $key");
            posts.Parameters.AddWithValue("$key", key);
            Count("deletions_honoured", posts.ExecuteNonQuery());
        }

        private void Count(string name, int n)
        {
            if (n != 0)
            {
                Bump(connection, tx, name, n);
            }
        }
    }
}
