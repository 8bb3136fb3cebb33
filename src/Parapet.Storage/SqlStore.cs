using System.Text;
using System.Text.Json;
using System.Data.Common;
using System.Globalization;
using Parapet.Analysis;
using Parapet.Posts;
using Parapet.Pipeline;

namespace Parapet.Storage;

/// <summary>
/// The store: a SQLite file in WAL mode by default, or a PostgreSQL database. Posts are keyed by a hash of their
/// source id, so replays and deletions find them while a post that raised no alert keeps nothing that names its
/// author (a Bluesky post id contains the author's DID). Alerts keep the id, link and author an analyst needs,
/// until deleted at source.
/// </summary>
public sealed class SqlStore : IPostStore, IDisposable
{
    private const int Attempts = 3;
    private readonly StoreEngine _engine;
    private readonly DbConnection? _writer;
    private readonly TimeProvider _time;
    // SQLite's one writer connection takes one transaction at a time; PostgreSQL gives each its own connection.
    private readonly SemaphoreSlim? _gate;

    private SqlStore(StoreEngine engine, DbConnection? writer, TimeProvider time)
    {
        _engine = engine;
        _writer = writer;
        _time = time;
        _gate = writer is null ? null : new SemaphoreSlim(1, 1);
    }

    /// <summary>The file, or the server and database (never the password).</summary>
    public string Display => _engine.Display;

    /// <summary>The store's engine, for readers that live no longer than this store.</summary>
    public StoreEngine Engine => _engine;

    /// <summary>Opens (creating and migrating) the store named by <paramref name="db"/>: a file path or a PostgreSQL URL.</summary>
    public static SqlStore Open(string db, TimeProvider time)
    {
        var engine = StoreEngine.For(db);
        var writer = engine.OpenWriter();
        try
        {
            Migrations.Apply(engine, writer, time);
        }
        catch
        {
            writer.Dispose();
            engine.Dispose();
            throw;
        }

        if (!engine.KeepsWriter)
        {
            writer.Dispose();
            writer = null;
        }

        return new SqlStore(engine, writer, time);
    }

    public Task<IReadOnlyList<AlertNotice>> WriteAsync(IReadOnlyList<StoreOp> ops, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var writer = new BatchWriter(_engine, tx.Connection!, tx, _time.GetUtcNow());
            var fresh = new List<AlertNotice>();
            foreach (var op in ops)
            {
                if (op is not StoreOp.Delete)
                {
                    writer.FlushDeletes();
                }

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

            writer.Finish();
            return (IReadOnlyList<AlertNotice>)fresh;
        }, cancellationToken);

    public Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var c = tx.Connection!;
            var cutoff = (_time.GetUtcNow() - retention).ToUnixTimeMilliseconds();
            using var entities = Sql.Command(c, tx,
                "DELETE FROM post_entities WHERE post_key IN (SELECT key FROM posts WHERE alert = 0 AND seen_at < @cutoff)");
            entities.Add("cutoff", cutoff);
            entities.ExecuteNonQuery();
            using var posts = Sql.Command(c, tx, "DELETE FROM posts WHERE alert = 0 AND seen_at < @cutoff");
            posts.Add("cutoff", cutoff);
            var purged = posts.ExecuteNonQuery();
            using var deletions = Sql.Command(c, tx, "DELETE FROM deleted_posts WHERE deleted_at < @cutoff");
            deletions.Add("cutoff", cutoff);
            deletions.ExecuteNonQuery();
            Sql.Bump(c, tx, "posts_purged", purged);
            return purged;
        }, cancellationToken);

    /// <summary>The last saved cursor of a source, or null.</summary>
    public long? GetCursor(string source)
    {
        _gate?.Wait();
        try
        {
            using var owned = _writer is null ? _engine.Open() : null;
            using var cmd = Sql.Command(_writer ?? owned!, null, "SELECT value FROM cursors WHERE source = @source");
            cmd.Add("source", source);
            return cmd.ExecuteScalar() is long value ? value : null;
        }
        finally
        {
            _gate?.Release();
        }
    }

    public void Dispose()
    {
        if (_writer is not null)
        {
            _engine.Closing(_writer);
            _writer.Dispose();
        }

        _engine.Dispose();
        _gate?.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (on SQLite, one at a time in this process). A deadlock with
    /// another writer, or a connection the server dropped, is retried on a fresh transaction (the work is idempotent);
    /// one that outlasts the retries is a <see cref="StoreUnavailableException"/>.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<DbTransaction, T> work, CancellationToken cancellationToken)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                DbConnection? owned = null;
                try
                {
                    owned = _writer is null ? _engine.Open() : null;
                    using var tx = (_writer ?? owned!).BeginTransaction();
                    var result = work(tx);
                    tx.Commit();
                    return result;
                }
                catch (DbException e) when (_engine.IsTransient(e))
                {
                    if (attempt >= Attempts)
                    {
                        throw new StoreUnavailableException($"the store is unavailable: {e.Message}", e);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), _time, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    owned?.Dispose();
                }
            }
        }
        finally
        {
            _gate?.Release();
        }
    }

    /// <summary>
    /// Applies one batch inside one transaction. The rows every batch touches (per-minute aggregates, running
    /// totals) are summed here and written last, in key order, so that concurrent writers hold them only for
    /// the moment before their commit and always take them in the same order.
    /// </summary>
    private sealed class BatchWriter(StoreEngine engine, DbConnection connection, DbTransaction tx, DateTimeOffset now)
    {
        private readonly long _now = now.ToUnixTimeMilliseconds();
        private readonly List<string> _deletes = [];
        private readonly SortedDictionary<(string Entity, long Minute), (long Posts, long Negative, long Neutral, long Positive)> _aggregates =
            new(Comparer<(string Entity, long Minute)>.Create((x, y) =>
                string.CompareOrdinal(x.Entity, y.Entity) is var c and not 0 ? c : x.Minute.CompareTo(y.Minute)));
        private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
        private bool _alertIdsLocked;

        /// <summary>Writes what the batch summed up; the last step before the commit.</summary>
        public void Finish()
        {
            FlushDeletes();
            foreach (var ((entity, minute), (posts, negative, neutral, positive)) in _aggregates)
            {
                using var aggregate = Sql.Command(connection, tx, """
                    INSERT INTO aggregates(entity, minute, posts, negative, neutral, positive)
                    VALUES (@entity, @minute, @posts, @neg, @neu, @pos)
                    ON CONFLICT(entity, minute) DO UPDATE SET posts = aggregates.posts + @posts, negative = aggregates.negative + @neg,
                        neutral = aggregates.neutral + @neu, positive = aggregates.positive + @pos
                    """);
                aggregate.Add("entity", entity);
                aggregate.Add("minute", minute);
                aggregate.Add("posts", posts);
                aggregate.Add("neg", negative);
                aggregate.Add("neu", neutral);
                aggregate.Add("pos", positive);
                aggregate.ExecuteNonQuery();
            }

            foreach (var (name, n) in _counts)
            {
                Sql.Bump(connection, tx, name, n);
            }
        }

        public AlertNotice? Save(PostAnalysis a)
        {
            var key = PostKey.Of(a.Post.Id);
            using (var deleted = Sql.Command(connection, tx, "SELECT 1 FROM deleted_posts WHERE key = @key"))
            {
                deleted.Add("key", key);
                if (deleted.ExecuteScalar() is not null)
                {
                    // Deleted at its source earlier in the stream: a replayed copy must not bring it back.
                    return null;
                }
            }

            using var insert = Sql.Command(connection, tx, """
                INSERT INTO posts(key, source, text, lang, created_at, seen_at, sentiment, negative, neutral,
                    positive, threat_label, threat_score, severity, reasons, alert)
                VALUES (@key, @source, @text, @lang, @created, @seen, @sentiment, @neg, @neu, @pos, @label, @score,
                    @severity, @reasons, @alert)
                ON CONFLICT DO NOTHING
                """);
            insert.Add("key", key);
            insert.Add("source", a.Post.Source);
            insert.Add("text", a.Post.Text);
            insert.Add("lang", a.Post.Lang);
            insert.Add("created", a.Post.CreatedAt?.ToUnixTimeMilliseconds());
            insert.Add("seen", _now);
            insert.Add("sentiment", a.Sentiment.Label.ToName());
            insert.Add("neg", a.Sentiment.Negative);
            insert.Add("neu", a.Sentiment.Neutral);
            insert.Add("pos", a.Sentiment.Positive);
            insert.Add("label", a.Threat.Label);
            insert.Add("score", a.Threat.Score);
            insert.Add("severity", a.Threat.Severity?.ToName());
            insert.Add("reasons", JsonSerializer.Serialize(a.Threat.Reasons));
            insert.Add("alert", a.Alert ? 1 : 0);
            if (insert.ExecuteNonQuery() == 0)
            {
                return null;
            }

            var minute = (a.Post.CreatedAt?.ToUnixTimeMilliseconds() ?? _now) / 60_000;
            foreach (var entity in a.Entities)
            {
                using var link = Sql.Command(connection, tx, "INSERT INTO post_entities(post_key, entity) VALUES (@key, @entity) ON CONFLICT DO NOTHING");
                link.Add("key", key);
                link.Add("entity", entity);
                link.ExecuteNonQuery();

                var (posts, negative, neutral, positive) = _aggregates.GetValueOrDefault((entity, minute));
                _aggregates[(entity, minute)] = (posts + 1,
                    negative + (a.Sentiment.Label == SentimentLabel.Negative ? 1 : 0),
                    neutral + (a.Sentiment.Label == SentimentLabel.Neutral ? 1 : 0),
                    positive + (a.Sentiment.Label == SentimentLabel.Positive ? 1 : 0));
            }

            Count("posts_stored", 1);
            if (!a.Alert)
            {
                return null;
            }

            if (!_alertIdsLocked)
            {
                // Alert ids must become visible in the order they are taken: the dashboard follows the store by
                // "alerts after the last id seen", and would skip one that committed after a higher id.
                engine.Serialize(connection, tx, "alert-ids");
                _alertIdsLocked = true;
            }

            using var alert = Sql.Command(connection, tx, """
                INSERT INTO alerts(post_key, post_id, uri, author, text, entities, severity, score, reasons,
                    post_created_at, raised_at, status, context_id, context_text)
                VALUES (@key, @id, @uri, @author, @text, @entities, @severity, @score, @reasons, @created, @raised, 'open',
                    @contextId, @contextText)
                ON CONFLICT DO NOTHING
                RETURNING id
                """);
            alert.Add("key", key);
            alert.Add("id", a.Post.Id);
            alert.Add("uri", a.Post.Uri);
            alert.Add("author", a.Post.Author);
            alert.Add("text", a.Post.Text);
            alert.Add("entities", JsonSerializer.Serialize(a.AlertEntities));
            alert.Add("severity", a.Threat.Severity?.ToName() ?? "concerning");
            alert.Add("score", a.Threat.Score);
            alert.Add("reasons", JsonSerializer.Serialize(a.Threat.Reasons));
            alert.Add("created", a.Post.CreatedAt?.ToUnixTimeMilliseconds());
            alert.Add("raised", _now);
            alert.Add("contextId", a.Parent?.Id);
            alert.Add("contextText", a.Parent?.Text);
            if (alert.ExecuteScalar() is not long id)
            {
                return null;
            }

            Count("alerts_raised", 1);
            return new AlertNotice(id, a, now);
        }

        /// <summary>
        /// Deletions are most of what a busy stream asks the store to do, and nearly all are of posts never stored.
        /// Consecutive ones go to the database together (one round trip to a server), in stream order.
        /// </summary>
        public void Delete(string postId)
        {
            _deletes.Add(postId);
            if (_deletes.Count >= engine.DeletesPerCommand)
            {
                FlushDeletes();
            }
        }

        public void FlushDeletes()
        {
            if (_deletes.Count == 0)
            {
                return;
            }

            using var cmd = Sql.Command(connection, tx, "");
            var sql = new StringBuilder();
            for (var i = 0; i < _deletes.Count; i++)
            {
                // Remember the deletion (a replayed copy must not bring the post back), leave an alert a tombstone,
                // count and remove the post, and drop it where alerts keep it as a watched organization's context.
                sql.Append(CultureInfo.InvariantCulture, $"""
                    INSERT INTO deleted_posts(key, deleted_at) VALUES (@k{i}, @now) ON CONFLICT DO NOTHING;
                    UPDATE alerts SET text = NULL, author = NULL, post_id = NULL, uri = NULL, context_id = NULL, context_text = NULL,
                        deleted_at = @now WHERE post_key = @k{i} AND deleted_at IS NULL;
                    DELETE FROM post_entities WHERE post_key = @k{i};
                    INSERT INTO counters(name, value) SELECT 'deletions_honoured', 1 FROM posts WHERE key = @k{i}
                        ON CONFLICT(name) DO UPDATE SET value = counters.value + excluded.value;
                    DELETE FROM posts WHERE key = @k{i};
                    UPDATE alerts SET context_id = NULL, context_text = NULL WHERE context_id = @i{i};

                    """);
                cmd.Add($"k{i}", PostKey.Of(_deletes[i]));
                cmd.Add($"i{i}", _deletes[i]);
            }

            cmd.Add("now", _now);
            cmd.CommandText = sql.ToString();
            cmd.ExecuteNonQuery();
            _deletes.Clear();
        }

        public void AccountGone(string author)
        {
            // Only alerted posts keep an author, so that is where this author's data can be.
            var keys = new List<string>();
            using (var find = Sql.Command(connection, tx, "SELECT post_key FROM alerts WHERE author = @author"))
            {
                find.Add("author", author);
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

            // A watched organization's account gone at its source takes its posts kept as context with it.
            using var context = Sql.Command(connection, tx, """
                UPDATE alerts SET context_id = NULL, context_text = NULL
                WHERE context_id IS NOT NULL AND substr(context_id, 1, length(@prefix)) = @prefix
                """);
            context.Add("prefix", $"at://{author}/");
            context.ExecuteNonQuery();
        }

        public void Cursor(string source, long value)
        {
            using var cmd = Sql.Command(connection, tx, """
                INSERT INTO cursors(source, value, updated_at) VALUES (@source, @value, @now)
                ON CONFLICT(source) DO UPDATE SET value = @value, updated_at = @now
                """);
            cmd.Add("source", source);
            cmd.Add("value", value);
            cmd.Add("now", _now);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Removes a post; its alert, if any, stays as a tombstone: that it existed, when, how severe.</summary>
        private void RemovePost(string key)
        {
            using (var tomb = Sql.Command(connection, tx, """
                UPDATE alerts SET text = NULL, author = NULL, post_id = NULL, uri = NULL, context_id = NULL, context_text = NULL,
                    deleted_at = @now
                WHERE post_key = @key AND deleted_at IS NULL
                """))
            {
                tomb.Add("key", key);
                tomb.Add("now", _now);
                tomb.ExecuteNonQuery();
            }

            using (var links = Sql.Command(connection, tx, "DELETE FROM post_entities WHERE post_key = @key"))
            {
                links.Add("key", key);
                links.ExecuteNonQuery();
            }

            using var posts = Sql.Command(connection, tx, "DELETE FROM posts WHERE key = @key");
            posts.Add("key", key);
            Count("deletions_honoured", posts.ExecuteNonQuery());
        }

        private void Count(string name, int n)
        {
            if (n != 0)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + n;
            }
        }
    }
}
