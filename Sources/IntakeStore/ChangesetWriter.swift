import GRDB
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

    /// Checks the touched records are as planned, then writes the run, the records and the
    /// appended events. Returns the run with its id.
    func write(run: RunRecord) throws -> RunRecord {
        let keys = changeset.changes.map(\.key)
        let stored = try RecordQueries.records(db, namespace: changeset.namespace, keys: keys)
        guard RecordDigest.compute(keys: keys, records: stored) == changeset.digests.records else {
            throw StoreError(.stale, "records touched by this changeset changed since it was planned (\(keys.count) keys)")
        }
        // The run goes first: its id is every written row's `updated_run` / `run_id`.
        let saved = try RunRows.insert(appliedRun(from: run), in: db)
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO records (namespace, key, fields, updated_run) VALUES (?, ?, ?, ?)
                ON CONFLICT (namespace, key) DO UPDATE SET fields = excluded.fields, updated_run = excluded.updated_run
                """)
        var previous: (key: String, fields: [String: String])?
        for change in changeset.changes {
            // Changes come in key order, so a key changed twice is changed twice in a row, and
            // the second change builds on the first.
            var fields = (previous?.key == change.key ? previous?.fields : stored[change.key]?.fields) ?? [:]
            fields.reserveCapacity(fields.count + change.attributes.count + change.keyFields.count)
            for (name, attribute) in change.attributes { fields[name] = attribute.new }
            fields.merge(change.keyFields) { _, key in key }
            upsert.setUncheckedArguments([changeset.namespace, change.key, FieldsJSON.encode(fields), saved.id])
            try upsert.execute()
            previous = (change.key, fields)
        }
        try HierarchyGuard.check(changeset, in: db)
        let append = try db.cachedStatement(
            sql: "INSERT INTO events (namespace, run_id, line, fields) VALUES (?, ?, ?, ?)")
        for event in changeset.appends {
            append.setUncheckedArguments([changeset.namespace, saved.id, event.line, FieldsJSON.encode(event.fields)])
            try append.execute()
        }
        return saved
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
