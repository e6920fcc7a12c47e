import Foundation

/// Changes set aside in a temporary file (`SpillFile`), in key order, once those a plan holds
/// outgrow their share of the memory budget; a `ChangeList` reads them back.
///
/// Written by one thread at a time, then sealed; after `seal` nothing changes, and any thread
/// may read. Reading front to back goes through a buffer of its own (`Cursor`); a change picked
/// by index is read on its own. Nothing maps the file: a mapped page that a failing disk cannot
/// read back kills the process with SIGBUS, where a read fails with an error to report.
final class StoredChanges: @unchecked Sendable {
    private let file: SpillFile
    /// Where each change's bytes end in the file; the one before's end is where it starts.
    private var ends: [Int] = []
    /// Whether each change is a create: a byte a change, so a renderer finds the first few of
    /// an action without reading the file through.
    private(set) var isCreate: [Bool] = []
    /// Bytes not yet written to the file.
    private var pending: [UInt8] = []
    /// Whether `seal` ran: nothing is appended after.
    private var sealed = false
    /// Pending bytes written out at a time.
    private static let flushBytes = 1 << 20

    /// Opens a new, already unlinked file in `directory`.
    init(directory: URL) throws(SpillFile.Failure) {
        file = try SpillFile(directory: directory, holding: "changes")
        pending.reserveCapacity(Self.flushBytes + 4_096)
    }

    /// How many changes there are.
    var count: Int { ends.count }

    /// The file's descriptor, for tests to cut it short.
    var descriptorForTests: Int32 { file.descriptor }

    /// Appends `changes`, which come after every change before them in key order.
    func append(_ changes: some Sequence<RecordChange>) throws(SpillFile.Failure) {
        precondition(!sealed, "changes appended after the file was sealed")
        for change in changes {
            change.store(into: &pending)
            ends.append(file.end + pending.count)
            isCreate.append(change.action == .create)
            if pending.count >= Self.flushBytes { try file.flush(&pending) }
        }
    }

    /// Writes what is pending; nothing is appended after, and any thread may read.
    func seal() throws(SpillFile.Failure) {
        sealed = true
        try file.flush(&pending)
        pending = []
    }

    /// The bytes of change `index` in the file.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Change `index`, read from the file on its own (the reports show a few changes of each
    /// action; everything else reads front to back through a `Cursor`).
    subscript(index: Int) -> RecordChange {
        precondition(sealed, "changes read before the file was sealed")
        var cursor = Cursor(self, indices: index..<(index + 1))
        return cursor.next()!
    }

    /// What `read` makes of change `index`'s bytes.
    fileprivate func read<T>(_ bytes: UnsafeRawBufferPointer, index: Int, with read: (UnsafeRawBufferPointer) -> T?) -> T {
        // The file is this run's own, unlinked, written moments ago: bytes that do not read
        // back are a failing disk, which no caller could recover from.
        guard let value = read(bytes) else {
            SpillFile.abandon("change \(index) set aside in the temporary directory '\(file.directory)' does not read back")
        }
        return value
    }

    /// Reads the changes at `indices` front to back through a buffer of its own.
    struct Cursor {
        private let changes: StoredChanges
        private var position: Int
        private let end: Int
        private var buffer: [UInt8] = []
        /// The file offset of `buffer`'s first byte, and how many of its bytes are read.
        private var bufferStart = 0
        private var filled = 0

        /// A cursor at the first of `indices`.
        init(_ changes: StoredChanges, indices: Range<Int>) {
            self.changes = changes
            position = indices.lowerBound
            end = indices.upperBound
        }

        /// The next change; nil after the last.
        mutating func next() -> RecordChange? { next(with: RecordChange.stored) }

        /// What `read` makes of the next change's bytes (which must read: see `read`); nil
        /// after the last.
        mutating func next<T>(with read: (UnsafeRawBufferPointer) -> T?) -> T? {
            guard position < end else { return nil }
            let range = changes.range(of: position)
            if range.lowerBound < bufferStart || range.upperBound > bufferStart + filled { refill(at: range) }
            let index = position
            position += 1
            let from = range.lowerBound - bufferStart
            let changes = changes
            return buffer.withUnsafeBytes { changes.read(UnsafeRawBufferPointer(rebasing: $0[from..<(from + range.count)]), index: index, with: read) }
        }

        /// Reads the file from `range`'s start: a quarter of a megabyte, or the change if longer,
        /// and never past the cursor's last change (an apply reads chunks of 2,048 changes).
        private mutating func refill(at range: Range<Int>) {
            let last = changes.range(of: end - 1).upperBound
            let wanted = min(max(1 << 18, range.count), last - range.lowerBound)
            if buffer.count < wanted {
                // Filled by the read below before any byte is looked at.
                buffer = [UInt8](unsafeUninitializedCapacity: wanted) { _, count in count = wanted }
            }
            let file = changes.file
            let read = buffer.withUnsafeMutableBytes { raw -> Result<Int, SpillFile.Failure> in
                do throws(SpillFile.Failure) {
                    return .success(try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<wanted]), at: range.lowerBound))
                } catch {
                    return .failure(error)
                }
            }
            switch read {
            case .success(let count) where count >= range.count:
                (bufferStart, filled) = (range.lowerBound, count)
            case .success:
                SpillFile.abandon("changes set aside in the temporary directory '\(file.directory)' were cut short")
            case .failure(let failure):
                SpillFile.abandon(failure.message)
            }
        }
    }
}
