namespace Parapet.Storage;

/// <summary>The SQLite schema, version by version. <see cref="PostgresMigrations"/> holds the same versions for PostgreSQL.</summary>
internal static class SqliteMigrations
{
    public static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE posts (
                key TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                text TEXT NOT NULL,
                lang TEXT,
                created_at INTEGER,
                seen_at INTEGER NOT NULL,
                sentiment TEXT NOT NULL,
                negative REAL NOT NULL,
                neutral REAL NOT NULL,
                positive REAL NOT NULL,
                threat_label TEXT NOT NULL,
                threat_score REAL NOT NULL,
                severity TEXT,
                reasons TEXT NOT NULL,
                alert INTEGER NOT NULL
            );
            CREATE INDEX posts_purge ON posts(alert, seen_at);
            CREATE TABLE post_entities (
                post_key TEXT NOT NULL,
                entity TEXT NOT NULL,
                PRIMARY KEY (post_key, entity)
            ) WITHOUT ROWID;
            CREATE TABLE alerts (
                id INTEGER PRIMARY KEY,
                post_key TEXT NOT NULL UNIQUE,
                post_id TEXT,
                uri TEXT,
                author TEXT,
                text TEXT,
                entities TEXT NOT NULL,
                severity TEXT NOT NULL,
                score REAL NOT NULL,
                reasons TEXT NOT NULL,
                post_created_at INTEGER,
                raised_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                deleted_at INTEGER
            );
            CREATE INDEX alerts_author ON alerts(author);
            CREATE TABLE aggregates (
                entity TEXT NOT NULL,
                minute INTEGER NOT NULL,
                posts INTEGER NOT NULL,
                negative INTEGER NOT NULL,
                neutral INTEGER NOT NULL,
                positive INTEGER NOT NULL,
                PRIMARY KEY (entity, minute)
            ) WITHOUT ROWID;
            CREATE TABLE deleted_posts (
                key TEXT PRIMARY KEY,
                deleted_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE cursors (
                source TEXT PRIMARY KEY,
                value INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE counters (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            );
            """),
        (2, """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id),
                label TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            ALTER TABLE alerts ADD COLUMN assignee TEXT;
            ALTER TABLE alerts ADD COLUMN dismiss_reason TEXT;
            ALTER TABLE alerts ADD COLUMN updated_at INTEGER;
            CREATE INDEX alerts_status ON alerts(status, raised_at);
            CREATE TABLE alert_events (
                id INTEGER PRIMARY KEY,
                alert_id INTEGER NOT NULL,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT
            );
            CREATE INDEX alert_events_alert ON alert_events(alert_id, id);
            CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                detail TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TABLE daily_counters (
                day TEXT NOT NULL,
                name TEXT NOT NULL,
                value INTEGER NOT NULL,
                PRIMARY KEY (day, name)
            ) WITHOUT ROWID;
            -- The store's running totals, split by UTC day for the transparency report, whoever writes them.
            -- (No OR IGNORE inside: the statement that fires a trigger imposes its own conflict policy.)
            CREATE TRIGGER counters_daily_insert AFTER INSERT ON counters BEGIN
                INSERT INTO daily_counters(day, name, value) SELECT date('now'), NEW.name, 0
                    WHERE NOT EXISTS (SELECT 1 FROM daily_counters WHERE day = date('now') AND name = NEW.name);
                UPDATE daily_counters SET value = value + NEW.value WHERE day = date('now') AND name = NEW.name;
            END;
            CREATE TRIGGER counters_daily_update AFTER UPDATE ON counters BEGIN
                INSERT INTO daily_counters(day, name, value) SELECT date('now'), NEW.name, 0
                    WHERE NOT EXISTS (SELECT 1 FROM daily_counters WHERE day = date('now') AND name = NEW.name);
                UPDATE daily_counters SET value = value + NEW.value - OLD.value WHERE day = date('now') AND name = NEW.name;
            END;
            CREATE TABLE webhooks (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL,
                format TEXT NOT NULL,
                secret TEXT NOT NULL,
                events TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE webhook_dead_letters (
                id INTEGER PRIMARY KEY,
                webhook_id INTEGER NOT NULL,
                event TEXT NOT NULL,
                payload TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT NOT NULL,
                failed_at INTEGER NOT NULL
            );
            """),
        (3, """
            -- Webhook deliveries are queued by the same statement that stores the alert or its escalation, so a
            -- crash between the two can never lose one; the dispatcher builds each payload when it sends it,
            -- from the alert as it is then (a post deleted meanwhile goes out as a tombstone).
            ALTER TABLE webhooks ADD COLUMN label TEXT NOT NULL DEFAULT '';
            ALTER TABLE webhook_dead_letters ADD COLUMN alert_id INTEGER;
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY,
                webhook_id INTEGER NOT NULL,
                event TEXT NOT NULL,
                alert_id INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TRIGGER alerts_webhook_new AFTER INSERT ON alerts BEGIN
                INSERT INTO webhook_deliveries(webhook_id, event, alert_id, created_at)
                    SELECT id, 'alert.new', NEW.id, NEW.raised_at FROM webhooks
                    WHERE instr(',' || events || ',', ',alert.new,') > 0;
            END;
            CREATE TRIGGER alerts_webhook_escalated AFTER UPDATE OF status ON alerts
                WHEN NEW.status = 'escalated' AND OLD.status <> 'escalated' BEGIN
                INSERT INTO webhook_deliveries(webhook_id, event, alert_id, created_at)
                    SELECT id, 'alert.escalated', NEW.id, COALESCE(NEW.updated_at, NEW.raised_at) FROM webhooks
                    WHERE instr(',' || events || ',', ',alert.escalated,') > 0;
            END;
            CREATE TABLE spike_alerts (
                id INTEGER PRIMARY KEY,
                entity TEXT NOT NULL,
                hour_start INTEGER NOT NULL,
                mentions INTEGER NOT NULL,
                baseline_mean REAL NOT NULL,
                baseline_sigma REAL NOT NULL,
                threshold REAL NOT NULL,
                raised_at INTEGER NOT NULL,
                UNIQUE (entity, hour_start)
            );
            """),
        (4, """
            -- A reply to a watched organization's own post keeps that post (its id and text) as the alert's context.
            -- It is the organization's public post, never the poster's; it goes when either post is deleted.
            ALTER TABLE alerts ADD COLUMN context_id TEXT;
            ALTER TABLE alerts ADD COLUMN context_text TEXT;
            CREATE INDEX alerts_context ON alerts(context_id) WHERE context_id IS NOT NULL;
            """),
    ];
}
