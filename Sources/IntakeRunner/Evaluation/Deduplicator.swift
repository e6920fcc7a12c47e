import IntakeCompiler

/// Applies the duplicate-key policy: one-time files fail on duplicates, recurring keep the last row.
///
/// Rows are sorted by key bytes (then line) and duplicates are neighbours: no hash table of a
/// million keys, and the sort the store merge needs is done here once. Keys are equal when their
/// bytes are, as the store compares them: an NFC and an NFD spelling are two keys.
struct Deduplicator {
    struct Duplicate: Equatable {
        let key: String
        let lines: [Int]
    }

    let policy: Plan.DuplicatePolicy

    /// The winning rows in key byte order (file order for `append`), the superseded rows in
    /// line order, and — for `fail` — every duplicated key, in order of its first line.
    ///
    /// `rejected` lists rejected rows whose key was readable: a rejected LAST row still
    /// supersedes the earlier ones, so the record is left alone rather than set from an older row.
    /// `rows` is sorted and compacted in place: a copy would retain every row's strings once more.
    /// `inOrder` says the rows are in `RowOrder` already (merged from sorted runs).
    func deduplicate(_ rows: inout [EvaluatedRow], rejected: [(key: String, line: Int)] = [], inOrder: Bool = false) -> ([EvaluatedRow], [SupersededRow], [Duplicate]) {
        guard policy != .append else { return (rows, [], []) }
        if !inOrder { RowOrder.sort(&rows) }
        assert(zip(rows, rows.dropFirst()).allSatisfy(RowOrder.less), "rows out of order")
        // Rejected lines by the run of valid rows with the same key (the run's first index).
        var rejectedLines: [Int: [Int]] = [:]
        for (key, line) in rejected {
            if let run = Self.firstIndex(of: key, in: rows) { rejectedLines[run, default: []].append(line) }
        }
        var superseded: [SupersededRow] = []
        var duplicates: [Duplicate] = []
        // Runs that rejected rows join, in order, so each run asks one comparison, not a hash lookup.
        let rejectedRuns = rejectedLines.keys.sorted()
        var nextRejected = 0
        // Winners are moved down to the front of `rows` by swaps, through the buffer: a swap
        // retains nothing, and a nested function capturing `rows` paid an exclusivity check per
        // call. Copying a million rows into a new array retained and released each one's key.
        let winners = rows.withUnsafeMutableBufferPointer { rows in
            var winners = 0
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count, ByteOrder.equal(rows[end].key, rows[start].key) { end += 1 }
                let last = end - 1
                var joined = false
                if nextRejected < rejectedRuns.count, rejectedRuns[nextRejected] == start {
                    joined = true
                    nextRejected += 1
                }
                if end - start == 1 && !joined {
                    if policy != .fail {
                        rows.swapAt(winners, last)
                        winners += 1
                    }
                } else if let winner = resolve(rows[start..<end], rejected: rejectedLines[start] ?? [], superseded: &superseded, duplicates: &duplicates) {
                    rows.swapAt(winners, winner)
                    winners += 1
                }
                start = end
            }
            return winners
        }
        if policy == .fail {
            guard !duplicates.isEmpty else { return (rows, [], []) }
            return ([], [], duplicates.sorted { $0.lines[0] < $1.lines[0] })
        }
        rows.removeSubrange(winners...)
        return (rows, superseded.sorted { $0.line < $1.line }, [])
    }

    /// Resolves a run of valid rows sharing a key, in line order, which the `rejected` lines
    /// share too: its winner's index, if it has one; the rows it supersedes go to `superseded`,
    /// and under `fail` the key to `duplicates`.
    func resolve<Run: RandomAccessCollection<EvaluatedRow>>(
        _ run: Run, rejected: [Int], superseded: inout [SupersededRow], duplicates: inout [Duplicate]
    ) -> Run.Index? {
        let last = run.index(before: run.endIndex)
        if policy == .fail {
            guard run.count > 1 || !rejected.isEmpty else { return nil }
            duplicates.append(Duplicate(key: run[last].key, lines: (run.map(\.line) + rejected).sorted()))
            return nil
        }
        if let by = rejected.max(), by > run[last].line {
            // The latest row of the key was rejected: every valid one is superseded by it.
            superseded += run.map { SupersededRow(key: $0.key, line: $0.line, by: by) }
            return nil
        }
        let by = run[last].line
        superseded += run[..<last].map { SupersededRow(key: $0.key, line: $0.line, by: by) }
        return last
    }

    /// The index of the first row with `key`'s bytes in `rows` sorted by key bytes, if any.
    private static func firstIndex(of key: String, in rows: [EvaluatedRow]) -> Int? {
        let low = ByteOrder.firstIndex(notBefore: key, in: rows.indices) { rows[$0].key }
        return low < rows.count && ByteOrder.compare(rows[low].key, key) == 0 ? low : nil
    }
}
