import Foundation
import GRDB
import IntakeRunner

/// The `apply_lock` row that makes applies to one store take turns, across processes.
///
/// SQLite's own write lock would serialise applies too, but a waiting apply would then fail
/// with a bare SQLITE_BUSY after the timeout, saying nothing of who holds the store. The row
/// names the holder, and survives its death so a `kill -9`'ed holder can be recognised.
struct ApplyLock: Sendable, Equatable {
    /// The holder's process id.
    var pid: Int32
    /// The holder's host name.
    var host: String
    /// When the holder took the lock (ISO 8601 UTC).
    var since: String

    /// A lock for this process, taken now.
    static func forThisProcess() -> ApplyLock {
        ApplyLock(pid: getpid(), host: hostName, since: Date().formatted(.iso8601))
    }

    /// Whether the holder may still be running. A holder on another host cannot be probed, so
    /// it counts as running: waiting is safe, taking over a live apply is not.
    var holderIsAlive: Bool {
        guard host == Self.hostName else { return true }
        // EPERM: the process exists but belongs to someone else.
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The error a second apply gets while this lock is held.
    var busyError: StoreError {
        let holder = host == Self.hostName ? "pid \(pid)" : "pid \(pid) on \(host)"
        return StoreError(.busy, "another apply is running since \(since) (\(holder)); wait for it or, if it died, run again")
    }

    /// Takes the lock, replacing one left by a dead holder, or throws `.busy`.
    static func acquire(in writer: any DatabaseWriter) throws(StoreError) -> ApplyLock {
        // A plain read first: WAL readers do not wait for the writer, so a running apply is
        // reported at once instead of after the busy timeout.
        if let holder = try current(in: writer), holder.holderIsAlive { throw holder.busyError }
        let lock = forThisProcess()
        do {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if let holder = try fetch(db), holder.holderIsAlive { throw holder.busyError }
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO apply_lock (id, pid, host, since) VALUES (1, ?, ?, ?)",
                        arguments: [lock.pid, lock.host, lock.since])
                    return .commit
                }
            }
        } catch {
            throw StoreError.isBusy(error) ? busy(in: writer) : StoreError.wrapping(error, while: "lock the store for apply")
        }
        return lock
    }

    /// Gives the lock back if this process still holds it.
    ///
    /// Errors are swallowed: this runs in a `defer`, and a row left behind names a holder that
    /// is dead once this process exits, which the next apply takes over.
    func release(in writer: any DatabaseWriter) {
        _ = try? writer.writeWithoutTransaction { db in
            try db.execute(
                sql: "DELETE FROM apply_lock WHERE id = 1 AND pid = ? AND host = ? AND since = ?",
                arguments: [pid, host, since])
        }
    }

    /// The `.busy` error for a store whose write lock SQLite would not give within the timeout.
    static func busy(in writer: (any DatabaseWriter)? = nil) -> StoreError {
        if let writer, let holder = try? current(in: writer) { return holder.busyError }
        return StoreError(.busy, "the store is busy: another process is writing to it; try again")
    }

    /// The current holder, if any.
    static func current(in writer: any DatabaseReader) throws(StoreError) -> ApplyLock? {
        do {
            return try writer.read { db in try fetch(db) }
        } catch {
            throw StoreError.wrapping(error, while: "read the apply lock")
        }
    }

    private static func fetch(_ db: Database) throws -> ApplyLock? {
        try Row.fetchOne(db, sql: "SELECT pid, host, since FROM apply_lock WHERE id = 1").map {
            ApplyLock(pid: $0["pid"], host: $0["host"], since: $0["since"])
        }
    }

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }()
}
