/// Changes held in memory as the chunks they were found in, end to end, for a `ChangeList`.
struct HeldChanges: Sendable {
    private let chunks: [[RecordChange]]
    /// The position of each chunk's first change; the last entry is the count.
    private let starts: [Int]

    /// The changes of `chunks` in order; empty chunks are dropped.
    init(_ chunks: [[RecordChange]]) {
        self.chunks = chunks.filter { !$0.isEmpty }
        var starts = [0]
        starts.reserveCapacity(self.chunks.count + 1)
        for chunk in self.chunks { starts.append(starts[starts.count - 1] + chunk.count) }
        self.starts = starts
    }

    /// How many changes there are.
    var count: Int { starts[starts.count - 1] }

    /// The change at `position`: in the last chunk starting at or before it.
    subscript(position: Int) -> RecordChange {
        let (chunk, offset) = locate(position)
        return chunks[chunk][offset]
    }

    /// What the change at `position` does, read in place (a copy of the change would retain
    /// and release its strings and arrays).
    func action(at position: Int) -> RecordChange.Action {
        let (chunk, offset) = locate(position)
        return chunks[chunk][offset].action
    }

    /// The positions of the first `limit` changes of `action`, and how many there are in all,
    /// each read in place, chunk after chunk.
    func positions(of action: RecordChange.Action, first limit: Int) -> (first: [Int], count: Int) {
        var first: [Int] = []
        var count = 0
        for (chunk, start) in zip(chunks, starts) {
            for offset in chunk.indices where chunk[offset].action == action {
                if count < limit { first.append(start + offset) }
                count += 1
            }
        }
        return (first, count)
    }

    /// The chunk holding `position`, by bisection of the chunks' starts, and its place there.
    private func locate(_ position: Int) -> (chunk: Int, offset: Int) {
        precondition(position >= 0 && position < count, "change \(position) of \(count)")
        var (low, high) = (0, chunks.count - 1)
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return (low, position - starts[low])
    }

    /// Steps over the changes at some positions in order, a chunk at a time.
    struct Cursor {
        private let changes: HeldChanges
        private var chunk = 0
        private var offset = 0
        private var left: Int

        /// A cursor at the first of `indices`.
        init(_ changes: HeldChanges, indices: Range<Int>) {
            self.changes = changes
            left = indices.count
            if left > 0 { (chunk, offset) = changes.locate(indices.lowerBound) }
        }

        /// The next change; nil after the last.
        mutating func next() -> RecordChange? {
            guard left > 0 else { return nil }
            left -= 1
            if offset == changes.chunks[chunk].count { (chunk, offset) = (chunk + 1, 0) }
            defer { offset += 1 }
            return changes.chunks[chunk][offset]
        }
    }
}
