/// The rows of a `RowSpill`'s runs, merged back into `RowOrder` (key bytes, then line).
struct SpilledRows {
    /// One run read front to back through a buffer.
    private struct Cursor {
        let range: Range<Int>
        var offset: Int
        var buffer: [UInt8]
        var start = 0
        var filled = 0

        /// A cursor at the start of the run at `range`, reading `bufferSize` bytes at a time.
        init(range: Range<Int>, bufferSize: Int) {
            self.range = range
            offset = range.lowerBound
            buffer = [UInt8](repeating: 0, count: bufferSize)
        }

        /// The run's next row; nil after its last.
        mutating func next(from spill: RowSpill) throws(RowSpill.Failure) -> EvaluatedRow? {
            guard try available(12, spill) else {
                if filled > start { throw truncated(spill) }
                return nil
            }
            // No line past 32 bits is read (`Runner.lineLimit`), so none was written.
            guard let line = Int(exactly: load(UInt64.self, at: start)), line <= UInt32.max else {
                throw RowSpill.Failure(message: "\(spill.holding) set aside in the temporary directory '\(spill.directory)' do not read back")
            }
            let keyCount = Int(load(UInt32.self, at: start + 8))
            guard try available(12 + keyCount + 4, spill) else { throw truncated(spill) }
            let valuesCount = Int(load(UInt32.self, at: start + 12 + keyCount))
            guard try available(16 + keyCount + valuesCount, spill) else { throw truncated(spill) }
            let row = buffer.withUnsafeBufferPointer { bytes in
                EvaluatedRow(
                    line: line, key: String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 12)..<(start + 12 + keyCount)]), as: UTF8.self),
                    values: RowValues(packed: UnsafeBufferPointer(rebasing: bytes[(start + 16 + keyCount)..<(start + 16 + keyCount + valuesCount)])))
            }
            start += 16 + keyCount + valuesCount
            return row
        }

        private func load<T: FixedWidthInteger>(_ type: T.Type, at position: Int) -> T {
            buffer.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
        }

        /// Whether `count` bytes are buffered from `start` (false: the run ended first),
        /// reading more of the run, and growing the buffer for a row longer than it.
        private mutating func available(_ count: Int, _ spill: RowSpill) throws(RowSpill.Failure) -> Bool {
            if filled - start >= count { return true }
            if start > 0 {
                let kept = start..<filled
                buffer.withUnsafeMutableBytes { raw in raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[kept])) }
                filled -= start
                start = 0
            }
            if buffer.count < count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
            let wanted = min(buffer.count - filled, range.upperBound - offset)
            let (into, from) = (filled..<(filled + wanted), offset)
            let outcome = buffer.withUnsafeMutableBytes { raw -> Result<Int, RowSpill.Failure> in
                do throws(RowSpill.Failure) {
                    return .success(try spill.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[into]), at: from))
                } catch {
                    return .failure(error)
                }
            }
            let read = try outcome.get()
            guard read == wanted else { throw truncated(spill) }
            offset += read
            filled += read
            return filled - start >= count
        }

        private func truncated(_ spill: RowSpill) -> RowSpill.Failure {
            RowSpill.Failure(message: "\(spill.holding) set aside in the temporary directory '\(spill.directory)' were cut short")
        }
    }

    private let spill: RowSpill
    private var cursors: [Cursor]
    /// Each cursor's next row, and its key and line apart: comparing those copies no row.
    private var heads: [EvaluatedRow?]
    private var headKeys: [String]
    private var headLines: [Int]
    /// Cursors with a row, as a binary heap on their heads (`RowOrder.less`).
    private var heap: [Int] = []

    /// Reads `spill`'s runs, buffering `bufferBytes` of them in all.
    init(_ spill: RowSpill, bufferBytes: Int) throws(RowSpill.Failure) {
        self.spill = spill
        let each = min(max(bufferBytes / max(spill.runs.count, 1), 1 << 16), 1 << 22)
        cursors = spill.runs.map { Cursor(range: $0, bufferSize: each) }
        heads = []
        headKeys = []
        headLines = []
        for index in cursors.indices {
            let head = try cursors[index].next(from: spill)
            heads.append(head)
            headKeys.append(head?.key ?? "")
            headLines.append(head?.line ?? 0)
            if head != nil { push(index) }
        }
    }

    /// The next row in `RowOrder`; nil after the last.
    mutating func next() throws(RowSpill.Failure) -> EvaluatedRow? {
        guard let top = heap.first else { return nil }
        let row = heads[top].take()!
        heads[top] = try cursors[top].next(from: spill)
        if let head = heads[top] {
            headKeys[top] = head.key
            headLines[top] = head.line
        }
        // The heads apart from `self`: the heap is changed in place beside them.
        let (keys, lines) = (headKeys, headLines)
        let less = { (x: Int, y: Int) -> Bool in
            let order = ByteOrder.compare(keys[x], keys[y])
            return order != 0 ? order < 0 : lines[x] < lines[y]
        }
        if heads[top] != nil { IndexHeap.siftDown(&heap, from: 0, by: less) } else { IndexHeap.pop(&heap, by: less) }
        return row
    }

    /// Adds a cursor whose head is read.
    private mutating func push(_ cursor: Int) {
        let (keys, lines) = (headKeys, headLines)
        IndexHeap.push(cursor, onto: &heap) { x, y in
            let order = ByteOrder.compare(keys[x], keys[y])
            return order != 0 ? order < 0 : lines[x] < lines[y]
        }
    }
}
