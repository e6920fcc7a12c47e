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
    func deduplicate(_ rows: inout [EvaluatedRow], rejected: [(key: String, line: Int)] = []) -> ([EvaluatedRow], [SupersededRow], [Duplicate]) {
        guard policy != .append else { return (rows, [], []) }
        Self.sort(&rows)
        // Rejected lines by the run of valid rows with the same key (the run's first index).
        var rejectedLines: [Int: [Int]] = [:]
        for (key, line) in rejected {
            if let run = Self.firstIndex(of: key, in: rows) { rejectedLines[run, default: []].append(line) }
        }
        let unique = rejectedLines.isEmpty && !rows.indices.dropFirst().contains { ByteOrder.compare(rows[$0 - 1].key, rows[$0].key) == 0 }
        guard !unique else { return (rows, [], []) }
        // Winners are moved down to the front of `rows` (a swap retains nothing); copying a million
        // rows into a new array retained and later released each one's key and actions.
        var winners = 0
        func win(_ index: Int) {
            rows.swapAt(winners, index)
            winners += 1
        }
        var superseded: [SupersededRow] = []
        var duplicates: [Duplicate] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, ByteOrder.compare(rows[end].key, rows[start].key) == 0 { end += 1 }
            let last = end - 1
            let lastRejected = rejectedLines[start]?.max()
            if end - start == 1 && lastRejected == nil {
                if policy != .fail { win(last) }
            } else if policy == .fail {
                let lines = rows[start..<end].map(\.line) + (rejectedLines[start] ?? [])
                duplicates.append(Duplicate(key: rows[last].key, lines: lines.sorted()))
            } else if let by = lastRejected, by > rows[last].line {
                // The latest row of the key was rejected: every valid one is superseded by it.
                superseded += rows[start..<end].map { SupersededRow(key: $0.key, line: $0.line, by: by) }
            } else {
                let by = rows[last].line
                superseded += rows[start..<last].map { SupersededRow(key: $0.key, line: $0.line, by: by) }
                win(last)
            }
            start = end
        }
        if policy == .fail {
            guard !duplicates.isEmpty else { return (rows, [], []) }
            return ([], [], duplicates.sorted { $0.lines[0] < $1.lines[0] })
        }
        rows.removeSubrange(winners...)
        return (rows, superseded.sorted { $0.line < $1.line }, [])
    }

    /// Key bytes, then line: a total order, so every sort of the same rows ends the same.
    static func less(_ a: EvaluatedRow, _ b: EvaluatedRow) -> Bool {
        let order = ByteOrder.compare(a.key, b.key)
        return order != 0 ? order < 0 : a.line < b.line
    }

    /// Sorts rows by `less`. Exports are mostly in key order already, with a few rows out of
    /// place (a later update of an earlier key): those are set aside, sorted, and merged back
    /// in one pass, where a general sort merged runs of a few hundred rows a dozen times over.
    static func sort(_ rows: inout [EvaluatedRow]) {
        var aside: [Int] = []
        var last: Int?
        for index in rows.indices {
            let next = index + 1
            if let last, less(rows[index], rows[last]) {
                aside.append(index)
            } else if next < rows.count, less(rows[next], rows[index]), last.map({ !less(rows[next], rows[$0]) }) ?? true {
                // A descent: this row is the one out of place (too large), as its successor
                // still follows the rows kept so far.
                aside.append(index)
            } else {
                last = index
            }
            // Far from sorted: a general sort does better.
            if aside.count > rows.count / 16 + 64 { return rows.sort(by: less) }
        }
        guard !aside.isEmpty else { return }
        rows.withUnsafeMutableBufferPointer { rows in
            // Moved, never copied (a copy retains a row's strings): kept rows, then those set aside.
            let spare = UnsafeMutableBufferPointer<EvaluatedRow>.allocate(capacity: rows.count)
            defer { spare.deallocate() }
            var kept = 0, moved = rows.count - aside.count, next = 0
            for index in rows.indices {
                if next < aside.count, aside[next] == index {
                    (spare.baseAddress! + moved).moveInitialize(from: rows.baseAddress! + index, count: 1)
                    moved += 1
                    next += 1
                } else {
                    (spare.baseAddress! + kept).moveInitialize(from: rows.baseAddress! + index, count: 1)
                    kept += 1
                }
            }
            var tail = UnsafeMutableBufferPointer(rebasing: spare[kept...])
            tail.sort(by: less)
            var left = 0, right = kept
            for out in rows.indices {
                let fromRight = right < rows.count && (left == kept || less(spare[right], spare[left]))
                (rows.baseAddress! + out).moveInitialize(from: spare.baseAddress! + (fromRight ? right : left), count: 1)
                if fromRight { right += 1 } else { left += 1 }
            }
        }
    }

    /// The index of the first row with `key`'s bytes in `rows` sorted by key bytes, if any.
    private static func firstIndex(of key: String, in rows: [EvaluatedRow]) -> Int? {
        let low = ByteOrder.firstIndex(notBefore: key, in: rows.indices) { rows[$0].key }
        return low < rows.count && ByteOrder.compare(rows[low].key, key) == 0 ? low : nil
    }
}
