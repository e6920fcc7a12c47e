import Foundation

/// Changes set aside in a temporary file (`SpillFile`), in key order, once those a plan holds
/// outgrow their share of the memory budget; a `ChangeList` reads them back.
///
/// Each change is its byte count (UInt32, little-endian) and its bytes. What stays in memory
/// is where every 64th change starts and a bit a change for whether it is a create: a quarter
/// of a byte a change, where an end offset and a flag each took nine (27 MB at three million
/// changes, the last thing a budgeted plan's memory grew by).
///
/// Written by one thread at a time, then sealed; after `seal` nothing changes, and any thread
/// may read. Reading goes through a buffer of its own (`Cursor`). Nothing maps the file: a
/// mapped page that a failing disk cannot read back kills the process with SIGBUS, where a
/// read fails with an error to report.
final class StoredChanges: @unchecked Sendable {
    private let file: SpillFile
    /// Where changes 0, 64, 128, … start in the file.
    private var fences: [Int] = []
    /// Which changes are creates, so a renderer finds the first few of an action without
    /// reading the file through.
    private var creates = BitSet()
    /// How many changes there are.
    private(set) var count = 0
    /// Bytes not yet written to the file.
    private var pending: [UInt8] = []
    /// Whether `seal` ran: nothing is appended after.
    private var sealed = false
    /// Pending bytes written out at a time.
    private static let flushBytes = 1 << 20
    /// Bytes of a change's count before its bytes.
    fileprivate static let prefixBytes = 4

    /// Opens a new, already unlinked file in `directory`.
    init(directory: URL) throws(SpillFile.Failure) {
        file = try SpillFile(directory: directory, holding: "changes")
        pending.reserveCapacity(Self.flushBytes + 4_096)
    }

    /// The file's descriptor, for tests to cut it short.
    var descriptorForTests: Int32 { file.descriptor }

    /// Whether change `index` is a create.
    func isCreate(_ index: Int) -> Bool {
        precondition(index >= 0 && index < count, "change \(index) of \(count)")
        return creates.contains(index)
    }

    /// Appends `changes`, which come after every change before them in key order.
    func append(_ changes: some Sequence<RecordChange>) throws(SpillFile.Failure) {
        precondition(!sealed, "changes appended after the file was sealed")
        for change in changes {
            if count & 63 == 0 { fences.append(file.end + pending.count) }
            let start = pending.count
            pending.append(contentsOf: repeatElement(0, count: Self.prefixBytes))
            change.store(into: &pending)
            guard let length = UInt32(exactly: pending.count - start - Self.prefixBytes)?.littleEndian else {
                throw SpillFile.Failure(message: "a change of line \(change.line) is past the 4 GiB a change set aside may take")
            }
            pending.withUnsafeMutableBytes { $0.storeBytes(of: length, toByteOffset: start, as: UInt32.self) }
            if change.action == .create { creates.insert(count) }
            count += 1
            if pending.count >= Self.flushBytes { try file.flush(&pending) }
        }
    }

    /// Writes what is pending; nothing is appended after, and any thread may read.
    func seal() throws(SpillFile.Failure) {
        sealed = true
        try file.flush(&pending)
        pending = []
    }

    /// Change `index`, read from the file on its own (the reports show a few changes of each
    /// action; everything else reads front to back through a `Cursor`).
    subscript(index: Int) -> RecordChange {
        precondition(index >= 0 && index < count, "change \(index) of \(count)")
        var cursor = Cursor(self, indices: index..<(index + 1))
        return cursor.next()!
    }

    /// Where the changes at `indices` start and end in the file: from the fence before the
    /// first, stepping over the changes between by their counts; the end from there too when
    /// it is in the same block of 64 (one change picked by index), else from its own fence.
    fileprivate func span(of indices: Range<Int>) -> Range<Int> {
        precondition(sealed, "changes read before the file was sealed")
        precondition(indices.lowerBound >= 0 && indices.upperBound <= count, "changes \(indices) of \(count)")
        guard !indices.isEmpty else { return 0..<0 }
        let (first, last) = (indices.lowerBound, indices.upperBound)
        let start = step(from: fences[first >> 6], over: first & 63)
        let end = if last == count { file.end } else if last >> 6 == first >> 6 { step(from: start, over: last - first) } else { step(from: fences[last >> 6], over: last & 63) }
        return start..<end
    }

    /// Where the change `changes` after the one at `offset` starts: read a window at a time
    /// (a block of 64 changes is a few kilobytes), not a read per change.
    private func step(from offset: Int, over changes: Int) -> Int {
        var offset = offset
        var left = changes
        var window = [UInt8](repeating: 0, count: 0)
        var windowStart = 0
        while left > 0 {
            if offset < windowStart || offset + Self.prefixBytes > windowStart + window.count {
                window = [UInt8](repeating: 0, count: min(1 << 16, file.end - offset))
                let read = window.withUnsafeMutableBytes { raw in Result { () throws(SpillFile.Failure) in try file.read(into: raw, at: offset) } }
                switch read {
                case .success(let count) where count >= Self.prefixBytes: window.removeLast(window.count - count)
                case .success: SpillFile.abandon(cutShort)
                case .failure(let failure): SpillFile.abandon(failure.message)
                }
                windowStart = offset
            }
            let length = window.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset - windowStart, as: UInt32.self)) }
            offset += Self.prefixBytes + Int(length)
            guard offset <= file.end else { SpillFile.abandon(doesNotReadBack) }
            left -= 1
        }
        return offset
    }

    /// Whether the change at `offset` is change `index`, as far as the fences tell: where a
    /// block of 64 starts, it must be where its fence says.
    fileprivate func isAt(_ offset: Int, index: Int) -> Bool {
        index & 63 != 0 || index >= count || fences[index >> 6] == offset
    }

    /// What a file of changes read back shorter than written says.
    fileprivate var cutShort: String { "changes set aside in the temporary directory '\(file.directory)' were cut short" }

    /// What a file of changes whose counts do not add up says.
    fileprivate var doesNotReadBack: String { "changes set aside in the temporary directory '\(file.directory)' do not read back" }

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
        /// Where the next change starts in the file, and where the last one ends.
        private var offset: Int
        private let last: Int
        private var buffer: [UInt8] = []
        /// The file offset of `buffer`'s first byte, and how many of its bytes are read.
        private var bufferStart = 0
        private var filled = 0

        /// A cursor at the first of `indices`.
        init(_ changes: StoredChanges, indices: Range<Int>) {
            self.changes = changes
            position = indices.lowerBound
            end = indices.upperBound
            (offset, last) = { ($0.lowerBound, $0.upperBound) }(changes.span(of: indices))
        }

        /// The next change; nil after the last.
        mutating func next() -> RecordChange? { next(with: RecordChange.stored) }

        /// What `read` makes of the next change's bytes (which must read: see `read`); nil
        /// after the last.
        mutating func next<T>(with read: (UnsafeRawBufferPointer) -> T?) -> T? {
            guard position < end else { return nil }
            let prefix = StoredChanges.prefixBytes
            let lengthAt = require(prefix) - bufferStart
            let length = Int(UInt32(littleEndian: buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: lengthAt, as: UInt32.self) }))
            let from = require(prefix + length) - bufferStart + prefix
            let index = position
            position += 1
            offset += prefix + length
            // A damaged count would read the changes after it from the wrong place.
            guard changes.isAt(offset, index: position), position < end || offset == last else { SpillFile.abandon(changes.doesNotReadBack) }
            let changes = changes
            return buffer.withUnsafeBytes { changes.read(UnsafeRawBufferPointer(rebasing: $0[from..<(from + length)]), index: index, with: read) }
        }

        /// Makes the buffer hold `count` bytes from `offset`, reading the file when it does not;
        /// returns `offset`.
        private mutating func require(_ count: Int) -> Int {
            if offset < bufferStart || offset + count > bufferStart + filled { refill(count) }
            return offset
        }

        /// Reads the file from `offset`: a quarter of a megabyte, or `count` bytes if more, and
        /// never past the cursor's last change (an apply reads chunks of 2,048 changes).
        private mutating func refill(_ count: Int) {
            let wanted = min(max(1 << 18, count), last - offset)
            guard wanted >= count else { SpillFile.abandon(changes.cutShort) }
            if buffer.count < wanted {
                // Filled by the read below before any byte is looked at.
                buffer = [UInt8](unsafeUninitializedCapacity: wanted) { _, count in count = wanted }
            }
            let file = changes.file
            let offset = offset
            let read = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SpillFile.Failure) in try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<wanted]), at: offset) }
            }
            switch read {
            case .success(let filled) where filled >= count:
                (bufferStart, self.filled) = (offset, filled)
            case .success:
                SpillFile.abandon(changes.cutShort)
            case .failure(let failure):
                SpillFile.abandon(failure.message)
            }
        }
    }
}
