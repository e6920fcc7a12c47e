import Foundation

/// The changes the store's visits found, gathered batch by batch from several threads.
final class VisitedRecords: @unchecked Sendable {
    /// A change to one row's record, with the record's part of the records digest.
    struct Changed {
        let index: Int
        let change: RecordChange
        let digestPart: [UInt8]
    }

    private let lock = NSLock()
    /// Each batch's changes, in row order within the batch; batches cover disjoint row ranges.
    private var batches: [[Changed]] = []
    private var sawUnreadable = false

    /// Keeps one batch's changes.
    func add(_ batch: [Changed]) {
        guard !batch.isEmpty else { return }
        lock.withLock { batches.append(batch) }
    }

    /// Notes a stored record whose fields could not be read.
    func markUnreadable() { lock.withLock { sawUnreadable = true } }

    /// The changes and their digest parts in row order; read after every visit returned.
    ///
    /// Batches are put in order by their first row and laid end to end, each array sized once:
    /// growing one array of 3M changes batch by batch copied it a dozen times.
    var changes: (changes: [RecordChange], digestParts: [[UInt8]]) {
        lock.withLock {
            let ordered = batches.sorted { $0[0].index < $1[0].index }
            let count = ordered.reduce(0) { $0 + $1.count }
            var changes: [RecordChange] = []
            var parts: [[UInt8]] = []
            changes.reserveCapacity(count)
            parts.reserveCapacity(count)
            for batch in ordered {
                for changed in batch {
                    changes.append(changed.change)
                    parts.append(changed.digestPart)
                }
            }
            return (changes, parts)
        }
    }

    /// Whether any stored record was unreadable.
    var unreadable: Bool { lock.withLock { sawUnreadable } }
}
