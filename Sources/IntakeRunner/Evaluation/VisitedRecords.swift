import Foundation

/// The changes the store's visits found, gathered from several threads at once.
final class VisitedRecords: @unchecked Sendable {
    /// A change to one row's record, with the record's part of the records digest.
    struct Changed {
        let index: Int
        let change: RecordChange
        let digestPart: [UInt8]
    }

    private let lock = NSLock()
    private var changed: [Changed] = []
    private var sawUnreadable = false

    /// Keeps one batch's changes.
    func add(_ batch: [Changed]) { lock.withLock { changed += batch } }

    /// Notes a stored record whose fields could not be read.
    func markUnreadable() { lock.withLock { sawUnreadable = true } }

    /// The changes in row order; read after every visit returned.
    var changes: [Changed] { lock.withLock { changed.sorted { $0.index < $1.index } } }

    /// Whether any stored record was unreadable.
    var unreadable: Bool { lock.withLock { sawUnreadable } }
}
