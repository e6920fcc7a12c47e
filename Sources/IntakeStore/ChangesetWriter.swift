import Foundation
import GRDB
import GRDBSQLite
import IntakeRunner

/// Writes one changeset inside the caller's write transaction.
///
/// Throwing anywhere leaves the rollback to the caller's transaction, which is what makes an
/// apply all or nothing.
struct ChangesetWriter {
    /// The open write transaction's connection.
    let db: Database
    /// The changeset to write.
    let changeset: Changeset
    /// The changes' keys, read once for this writer and the hierarchy check beside it.
    let keys: [String]

    private static let upsertSQL = """
        INSERT INTO records (namespace, key, fields, updated_run, source_fp) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (namespace, key) DO UPDATE SET fields = excluded.fields, updated_run = excluded.updated_run, source_fp = excluded.source_fp
        """

    /// Checks the touched records are as planned, then writes the run, the records and the
    /// appended events, and (unless the caller does it beside) re-checks the hierarchy.
    /// Returns the run with its id.
    func write(run: RunRecord, checkingHierarchy: Bool = true) throws -> RunRecord {
        // The trigger is for other writers; this transaction sets every fingerprint itself, and
        // no other connection can write, or see the table without the trigger, before it
        // commits. It is created again below; an error rolls the drop back with the rest.
        try db.execute(sql: "DROP TRIGGER IF EXISTS records_fields_rewritten")
        // A plan's changes come in strictly increasing key order; a hand-edited file may not.
        let saved = zip(keys, keys.dropFirst()).allSatisfy({ ByteOrder.less($0, $1) })
            ? try writeSortedRecords(keys, run: run) : try writeRecordsInTurn(keys, run: run)
        if checkingHierarchy {
            try HierarchyGuard.check(changeset, in: db, keys: keys)
            PhaseClock.current?.mark("hierarchy")
        }
        let append = try db.cachedStatement(
            sql: "INSERT INTO events (namespace, run_id, line, fields) VALUES (?, ?, ?, ?)")
        for event in changeset.appends {
            append.setUncheckedArguments([changeset.namespace, saved.id, event.line, FieldsJSON.encode(event.fields)])
            try append.execute()
        }
        try db.execute(sql: StoreSchema.fieldsRewrittenTrigger)
        return saved
    }

    /// Distinct keys in store order: the stored records come from one ordered visit, each is
    /// merged with its change on every core, and the upserts bind the merged bytes directly.
    private func writeSortedRecords(_ keys: [String], run: RunRecord) throws -> RunRecord {
        var stored = [[UInt8]?](repeating: nil, count: keys.count)
        try RecordQueries.visitFields(db, namespace: changeset.namespace, sortedKeys: keys) { index, json in stored[index] = Array(json) }
        PhaseClock.current?.mark("fetch")
        // The run goes first: its id is every written row's `updated_run`.
        let saved = try RunRows.insert(appliedRun(from: run), in: db)
        let upsert = try db.cachedStatement(sql: Self.upsertSQL)
        let sqlite = upsert.sqliteStatement
        // SQLite copies bound text (SQLITE_TRANSIENT): the Swift buffers need not outlive the call.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let digest: String
        do {
            // Records are written as they are merged; a stale digest, found once all are, rolls
            // the caller's transaction back like any other error.
            digest = try AppliedRecords.merge(changeset.changes, keys: keys, stored: stored) { index, change, json in
                sqlite3_reset(sqlite)
                sqlite3_bind_text(sqlite, 1, changeset.namespace, -1, transient)
                sqlite3_bind_text(sqlite, 2, keys[index], -1, transient)
                _ = json.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(sqlite, 3, $0.baseAddress, Int32(json.count), transient) }
                sqlite3_bind_int64(sqlite, 4, saved.id)
                // Every write sets the fingerprint, to null when no row stands behind the change.
                if let tag = run.fingerprintTag, let fingerprint = change.sourceFingerprint(tag: tag) {
                    _ = fingerprint.withStored { sqlite3_bind_blob(sqlite, 5, $0.baseAddress, Int32($0.count), transient) }
                } else {
                    sqlite3_bind_null(sqlite, 5)
                }
                let code = sqlite3_step(sqlite)
                guard code == SQLITE_DONE else {
                    sqlite3_reset(sqlite)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        } catch let error as AppliedRecords.Unreadable {
            // The key and text go in the detail: store errors show no row values unless --verbose.
            throw StoreError(
                .failed, "a stored record in namespace '\(changeset.namespace)' has unreadable fields",
                detail: "key \(keys[error.index]): \(String(decoding: stored[error.index] ?? [], as: UTF8.self))")
        }
        sqlite3_reset(sqlite)
        PhaseClock.current?.mark("merge+upserts")
        try checkDigest(digest, keys: keys)
        return saved
    }

    /// Any other order: changes are written one after another, and a key changed twice builds
    /// its second change on the first.
    private func writeRecordsInTurn(_ keys: [String], run: RunRecord) throws -> RunRecord {
        let stored = try RecordQueries.records(db, namespace: changeset.namespace, keys: keys)
        try checkDigest(RecordDigest.compute(keys: keys, records: stored), keys: keys)
        // The run goes first: its id is every written row's `updated_run` / `run_id`.
        let saved = try RunRows.insert(appliedRun(from: run), in: db)
        let upsert = try db.cachedStatement(sql: Self.upsertSQL)
        var previous: (key: String, fields: [String: String])?
        for change in changeset.changes {
            var fields = (previous?.key == change.key ? previous?.fields : stored[change.key]?.fields) ?? [:]
            change.apply(to: &fields)
            upsert.setUncheckedArguments([
                changeset.namespace, change.key, FieldsJSON.encode(fields), saved.id,
                run.fingerprintTag.flatMap { change.sourceFingerprint(tag: $0) }.map { Data($0.stored) },
            ])
            try upsert.execute()
            previous = (change.key, fields)
        }
        return saved
    }

    private func checkDigest(_ digest: String, keys: [String]) throws {
        guard digest == changeset.digests.records else {
            throw StoreError(.stale, "records touched by this changeset changed since it was planned (\(keys.count) keys)")
        }
    }

    /// `run` as recorded for this apply: outcome `applied`, and whatever the caller left out
    /// taken from the changeset.
    private func appliedRun(from run: RunRecord) -> RunRecord {
        var run = run
        run.outcome = "applied"
        run.counts = run.counts ?? changeset.counts
        run.fileSHA256 = run.fileSHA256 ?? changeset.source.sha256
        run.source = run.source ?? changeset.source.path
        run.specDigest = run.specDigest ?? changeset.digests.spec
        run.modelDigest = run.modelDigest ?? changeset.digests.model
        return run
    }
}
