import GRDB
import IntakeRunner

extension StoreError {
    /// A store error for `error`, thrown while doing `operation` ("apply the changeset").
    ///
    /// The message carries only SQLite's generic text for the result code: SQLite's own message
    /// and GRDB's description can quote bound values or stored JSON, so they go to `detail`,
    /// which is shown only with `--verbose`.
    static func wrapping(_ error: any Error, while operation: String, kind: Kind = .failed) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(kind, "could not \(operation): \(type(of: error))", detail: String(describing: error))
        }
        let kind = Self.unavailableCodes.contains(error.resultCode) ? .unavailable : kind
        return StoreError(
            kind, "could not \(operation): SQLite error \(error.extendedResultCode)", detail: error.expandedDescription)
    }

    /// Result codes that mean the file itself is unusable, whatever the statement was.
    private static let unavailableCodes: [ResultCode] = [.SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_READONLY]

    /// Whether `error` is SQLite giving up on a lock after the busy timeout.
    static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}
