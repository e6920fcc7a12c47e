/// The rows of a `RowSpill`'s runs, merged back into `RowOrder` (key bytes, then line).
struct SpilledRows {
    /// One run read front to back through a buffer.
    private struct Cursor {
        var reader: SpillReader

        /// A cursor at the start of the run at `range` of `spill`, reading `bufferSize` bytes at a time.
        init(_ spill: RowSpill, range: Range<Int>, bufferSize: Int) {
            reader = SpillReader(spill.file, range: range, bufferSize: bufferSize)
        }

        /// The run's next row (`[line: UInt64][key count: UInt32][key][values count: UInt32][values]`); nil after its last.
        mutating func next() throws(RowSpill.Failure) -> EvaluatedRow? {
            guard try reader.available(12) else {
                if reader.buffered > 0 { throw reader.cutShort }
                return nil
            }
            // No line past 32 bits is read (`Runner.lineLimit`), so none was written.
            guard let line = Int(exactly: reader.load(UInt64.self, at: 0)), line <= UInt32.max else { throw reader.damaged }
            let keyCount = Int(reader.load(UInt32.self, at: 8))
            guard try reader.available(12 + keyCount + 4) else { throw reader.cutShort }
            let valuesCount = Int(reader.load(UInt32.self, at: 12 + keyCount))
            guard try reader.available(16 + keyCount + valuesCount) else { throw reader.cutShort }
            let key = reader.bytes(at: 12, count: keyCount) { String(decoding: $0, as: UTF8.self) }
            let values = reader.bytes(at: 16 + keyCount, count: valuesCount) { RowValues(packed: $0) }
            reader.skip(16 + keyCount + valuesCount)
            return EvaluatedRow(line: line, key: key, values: values)
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
        cursors = spill.runs.map { Cursor(spill, range: $0, bufferSize: each) }
        heads = []
        headKeys = []
        headLines = []
        for index in cursors.indices {
            let head = try cursors[index].next()
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
        heads[top] = try cursors[top].next()
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
