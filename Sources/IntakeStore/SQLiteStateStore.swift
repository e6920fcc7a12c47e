import Foundation
import GRDB
import IntakeRunner

/// The default state store: one SQLite file (`.intake/state.sqlite`), in WAL mode.
///
/// Plans read while an apply writes (WAL readers never wait for the writer); applies take
/// turns through the `apply_lock` row, so a second one gets a clear `.busy` error.
public final class SQLiteStateStore: StateStore {
    /// How long a statement waits for another connection's write lock before giving up.
    static let busyTimeout: TimeInterval = 5

    let writer: any DatabaseWriter

    private init(writer: any DatabaseWriter) throws(StoreError) {
        self.writer = writer
        try StoreSchema.migrate(writer)
    }

    /// Opens the store at `path`, creating its folder, the file and the tables on first use.
    public convenience init(path: URL) throws(StoreError) {
        let folder = path.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unavailable, "cannot create the store's folder \(folder.path)", detail: "\(error)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path.path, configuration: Self.configuration)
        } catch {
            throw StoreError.wrapping(error, while: "open the store at \(path.path)", kind: .unavailable)
        }
        try self.init(writer: pool)
    }

    /// A store that lives in memory only, for tests.
    public static func inMemory() throws(StoreError) -> SQLiteStateStore {
        do {
            return try SQLiteStateStore(writer: DatabaseQueue(configuration: configuration))
        } catch {
            throw StoreError.wrapping(error, while: "open an in-memory store", kind: .unavailable)
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "intake.state"
        return configuration
    }

    // MARK: - StateStore

    /// The stored records of a namespace among `keys` (missing keys are left out).
    public func records(in namespace: String, keys: [String]) throws(StoreError) -> [String: StoredRecord] {
        try read("read records") { db in try RecordQueries.records(db, namespace: namespace, keys: keys) }
    }

    /// Visits the stored records among `sortedKeys` with their fields' bytes, holding none of them.
    public func visitFields(
        in namespace: String, sortedKeys: [String], _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) throws(StoreError) {
        try read("read records") { db in try RecordQueries.visitFields(db, namespace: namespace, sortedKeys: sortedKeys, visit) }
    }

    /// Which of `keys` exist in the namespace.
    public func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String> {
        try read("read record keys") { db in try RecordQueries.existingKeys(db, namespace: namespace, among: keys) }
    }

    /// Every record of a namespace, in key order.
    public func allRecords(in namespace: String) throws(StoreError) -> [StoredRecord] {
        try read("read records") { db in try RecordQueries.all(db, namespace: namespace) }
    }

    /// Parent links of every stored account (key → parent_id), for hierarchy checks.
    public func parentLinks() throws(StoreError) -> [String: String] {
        try read("read account parents") { db in try RecordQueries.parentLinks(db) }
    }

    /// Applies a changeset in one transaction, after checking the touched records still have
    /// the digest the changeset was planned against. Records the run and returns it.
    public func apply(_ changeset: Changeset, run: RunRecord) throws(StoreError) -> RunRecord {
        let lock = try ApplyLock.acquire(in: writer)
        defer {
            lock.release(in: writer)
            PhaseClock.current?.mark("unlock")
        }
        // Read once: a plan's changes may be on disk, and the writer and the check both need them.
        let keys = changeset.changes.keys
        let saved = try write("apply the changeset") { db in
            guard let pool = writer as? DatabasePool else { return try ChangesetWriter(db: db, changeset: changeset, keys: keys).write(run: run) }
            // A reader sees the store as it was when this transaction took the write lock, and
            // no other write can come before the commit: the accounts the changeset does not
            // write have the same parents there, so the hierarchy is walked beside the upserts.
            let hierarchy = Beside { try pool.read { try HierarchyGuard.check(changeset, in: $0, keys: keys) } }
            let saved = try hierarchy.finishing { try ChangesetWriter(db: db, changeset: changeset, keys: keys).write(run: run, checkingHierarchy: false) }
            PhaseClock.current?.mark("upserts+hierarchy")
            return saved
        }
        PhaseClock.current?.mark("commit")
        return saved
    }

    /// Records a run that applied nothing (plan, skip, failure) and returns it with its id.
    public func record(_ run: RunRecord) throws(StoreError) -> RunRecord {
        try write("record the run") { db in try RunRows.insert(run, in: db) }
    }

    /// Runs, newest first, optionally of one integration.
    public func runs(integration: String?, limit: Int) throws(StoreError) -> [RunRecord] {
        try read("read runs") { db in try RunRows.fetch(db, integration: integration, limit: limit) }
    }

    /// The last applied run of an integration.
    public func lastApplied(integration: String) throws(StoreError) -> RunRecord? {
        try read("read runs") { db in try RunRows.lastApplied(db, integration: integration) }
    }

    /// The row fingerprints one plan's changes left on the namespace's records.
    public func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]? {
        try read("read row fingerprints") { db in try RecordQueries.rowFingerprints(db, namespace: namespace, tag: tag, limit: limit) }
    }

    // MARK: - Access

    private func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw mapped(error, while: operation)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: the write lock is taken up front, so the
    /// transaction never has to upgrade from reading to writing, which could fail mid-way
    /// with SQLITE_BUSY whatever the timeout.
    private func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw mapped(error, while: operation)
        }
    }

    private func mapped(_ error: any Error, while operation: String) -> StoreError {
        StoreError.isBusy(error) ? ApplyLock.busy(in: writer) : StoreError.wrapping(error, while: operation)
    }
}
