import GRDB
import IntakeRunner

// Seams for IntakeStoreTests, which may not import GRDB: they stand in for a second process
// that holds, or held and died with, the apply lock.
extension SQLiteStateStore {
    /// The apply lock's current holder, if any.
    func applyLockHolder() throws(StoreError) -> ApplyLock? {
        try ApplyLock.current(in: writer)
    }

    /// Writes the apply lock row as another process would have.
    func plantApplyLock(_ lock: ApplyLock) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO apply_lock (id, pid, host, since) VALUES (1, ?, ?, ?)",
                    arguments: [lock.pid, lock.host, lock.since])
            }
        } catch {
            throw StoreError.wrapping(error, while: "plant the apply lock")
        }
    }

    /// Rewrites a record's fields as a tool other than intake would: one `UPDATE` of the column.
    func rewriteFields(in namespace: String, key: String, fields: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE records SET fields = ? WHERE namespace = ? AND key = ?", arguments: [fields, namespace, key])
        }
    }

    /// `visitFields` with the scan-or-look-up threshold chosen by the test, so both paths run on small data.
    func visitFields(
        in namespace: String, sortedKeys: [String], scanThreshold: Int, _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        try writer.read { db in
            try RecordQueries.visitFields(db, namespace: namespace, sortedKeys: sortedKeys, scanThreshold: scanThreshold, visit)
        }
    }
}
