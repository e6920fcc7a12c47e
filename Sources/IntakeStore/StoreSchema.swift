import GRDB
import IntakeRunner

/// The store's tables, as named migrations applied in order on every open.
///
/// Migrations are append-only: a released one is never edited, a change is a new migration.
enum StoreSchema {
    /// The migrator with every migration this version of intake knows.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records-runs") { db in
            // WITHOUT ROWID: records are always found by (namespace, key), so the primary key
            // is the table and no second B-tree is kept in step.
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        integration TEXT NOT NULL,
                        command TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        file_sha256 TEXT,
                        source TEXT,
                        spec_digest TEXT,
                        model_digest TEXT,
                        counts TEXT,
                        reason TEXT
                    );
                    CREATE INDEX runs_by_integration ON runs(integration, id);
                    CREATE INDEX runs_by_integration_outcome ON runs(integration, outcome, id);
                    CREATE TABLE records (
                        namespace TEXT NOT NULL,
                        key TEXT NOT NULL CHECK (key <> ''),
                        fields TEXT NOT NULL,
                        updated_run INTEGER NOT NULL,
                        PRIMARY KEY (namespace, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY,
                        namespace TEXT NOT NULL,
                        run_id INTEGER NOT NULL,
                        line INTEGER NOT NULL,
                        fields TEXT NOT NULL
                    );
                    CREATE INDEX events_by_namespace ON events(namespace, run_id);
                    """)
        }
        migrator.registerMigration("v2-apply-lock") { db in
            // At most one row (id = 1): the apply that holds the store.
            try db.execute(
                sql: """
                    CREATE TABLE apply_lock (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        pid INTEGER NOT NULL,
                        host TEXT NOT NULL,
                        since TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-run-source-object") { db in
            // The object a fetched source resolved to (key or path, ETag or mtime); null for local files.
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN source_object TEXT")
        }
        migrator.registerMigration("v4-record-source-fingerprint") { db in
            // The fingerprint of the row whose change last wrote the record (`RowFingerprint`),
            // null when none stands behind the write. Set by the same upsert as the fields, so
            // it can never describe fields written since; the trigger clears it when anything
            // else rewrites the fields (a hand edit with sqlite3, another tool) and leaves it.
            try db.execute(sql: "ALTER TABLE records ADD COLUMN source_fp BLOB; " + fieldsRewrittenTrigger)
        }
        migrator.registerMigration("v5-run-fingerprint-tag") { db in
            // Which plan's fingerprints an apply kept: a later plan reads the store's only when
            // the last apply kept its own (a saved changeset's keeps none).
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN fingerprint_tag INTEGER")
        }
        return migrator
    }

    /// Clears a record's fingerprint when anything but intake's apply rewrites its fields (a hand
    /// edit with sqlite3, another tool). An apply drops it for its own transaction and creates it
    /// again before committing (`ChangesetWriter`): with it, SQLite ran the upserts 65% slower.
    static let fieldsRewrittenTrigger = """
        CREATE TRIGGER records_fields_rewritten AFTER UPDATE OF fields ON records
        WHEN NEW.source_fp IS NOT NULL AND NEW.source_fp IS OLD.source_fp AND NEW.fields IS NOT OLD.fields
        BEGIN
            UPDATE records SET source_fp = NULL WHERE namespace = NEW.namespace AND key = NEW.key;
        END;
        """

    /// Brings the database up to date; refuses one written by a newer intake.
    static func migrate(_ writer: any DatabaseWriter) throws(StoreError) {
        let migrator = Self.migrator
        do {
            try migrator.migrate(writer)
            if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(.unavailable, "the store was written by a newer version of intake; upgrade intake to use it")
            }
        } catch {
            throw StoreError.wrapping(error, while: "migrate the store", kind: .unavailable)
        }
    }
}
