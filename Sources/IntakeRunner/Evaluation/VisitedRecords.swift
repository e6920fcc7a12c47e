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

    /// The changes in row order and the records digest (`RecordDigest`) of their stored
    /// records; called once, after every visit returned.
    ///
    /// The batches are put in order by their first row; the digest is hashed on one core while
    /// the changes are laid end to end (each array sized once) on another, and the batches are
    /// freed off the calling thread: at a million rows each of the three took ~40 ms alone.
    func finish() -> (changes: [RecordChange], recordsDigest: String) {
        let ordered = lock.withLock {
            defer { batches = [] }
            return batches.sorted { $0[0].index < $1[0].index }
        }
        let count = ordered.reduce(0) { $0 + $1.count }
        let (digest, changes) = Parallel.both({ Self.digest(ordered) }) {
            var changes: [RecordChange] = []
            changes.reserveCapacity(count)
            for batch in ordered {
                for changed in batch { changes.append(changed.change) }
            }
            return changes
        }
        Parallel.release(ordered)
        return (changes, digest)
    }

    /// The records digest of the batches' changes. Keys come in byte order, which is `String`
    /// order unless some key is not in NFC: then they are sorted as `RecordDigest` defines.
    private static func digest(_ ordered: [[Changed]]) -> String {
        var stream = RecordDigest.Stream()
        var previous: String?
        // Read in place: copying each key and part out retained and released them once more.
        for batch in ordered {
            for changed in batch {
                if let previous, !(previous < changed.change.key) { return sortedDigest(ordered) }
                stream.add(changed.change.key, changed.digestPart)
                previous = changed.change.key
            }
        }
        return stream.finalize()
    }

    /// The records digest with the keys sorted as `RecordDigest` sorts them.
    private static func sortedDigest(_ ordered: [[Changed]]) -> String {
        let all = Array(ordered.joined())
        return RecordDigest.compute(keys: all.map(\.change.key)) { all[$0].digestPart }
    }

    /// Whether any stored record was unreadable.
    var unreadable: Bool { lock.withLock { sawUnreadable } }
}
