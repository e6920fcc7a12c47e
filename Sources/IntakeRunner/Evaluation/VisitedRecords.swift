import Foundation

/// What the store's visits found, filled from several threads at once.
final class VisitedRecords: @unchecked Sendable {
    // Each index is written by one visit only, so the flags need no lock; the dictionary does.
    private let flags: UnsafeMutableBufferPointer<Bool>
    private let lock = NSLock()
    private var decoded: [String: StoredRecord] = [:]
    private var sawUnreadable = false

    init(count: Int) {
        flags = .allocate(capacity: count)
        flags.initialize(repeating: false)
    }

    deinit { flags.deallocate() }

    /// Notes that the row at `index` leaves its stored record as it is.
    func markUnchanged(_ index: Int) { flags[index] = true }

    /// Keeps a decoded stored record that the row may change.
    func add(_ record: StoredRecord) { lock.withLock { decoded[record.key] = record } }

    /// Notes a stored record whose fields could not be read.
    func markUnreadable() { lock.withLock { sawUnreadable = true } }

    /// Per row, whether it is unchanged; read after every visit returned.
    var unchangedFlags: [Bool] { Array(flags) }

    /// The decoded records; read after every visit returned.
    var records: [String: StoredRecord] { lock.withLock { decoded } }

    /// Whether any stored record was unreadable.
    var unreadable: Bool { lock.withLock { sawUnreadable } }
}
