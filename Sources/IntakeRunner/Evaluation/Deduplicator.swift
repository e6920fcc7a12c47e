import IntakeCompiler

/// Applies the duplicate-key policy: one-time files fail on duplicates, recurring keep the last row.
struct Deduplicator {
    struct Duplicate {
        let key: String
        let lines: [Int]
    }

    let policy: Plan.DuplicatePolicy

    /// The winning rows (file order), the superseded rows, and — for `fail` — every duplicated key.
    ///
    /// `rejected` lists rejected rows whose key was readable: a rejected LAST row still
    /// supersedes the earlier ones, so the record is left alone rather than set from an older row.
    func deduplicate(_ rows: [EvaluatedRow], rejected: [(key: String, line: Int)] = []) -> ([EvaluatedRow], [SupersededRow], [Duplicate]) {
        guard policy != .append else { return (rows, [], []) }
        var last: [String: Int] = [:]
        last.reserveCapacity(rows.count)
        var lines: [String: [Int]] = [:]
        // One hash per row: the key's previous row comes back from the same update.
        for index in rows.indices {
            if let previous = last.updateValue(index, forKey: rows[index].key) {
                lines[rows[index].key, default: [rows[previous].line]].append(rows[index].line)
            }
        }
        var lastRejected: [String: Int] = [:]
        for (key, line) in rejected where last[key] != nil {
            lastRejected[key] = max(lastRejected[key] ?? 0, line)
            let valid = lines[key] ?? [rows[last[key]!].line]
            lines[key] = (valid + [line]).sorted()
        }
        // Rows whose key's latest row was rejected: every valid one is superseded by that line.
        var rejectedWins: [String: Int] = [:]
        for (key, line) in lastRejected where line > rows[last[key]!].line { rejectedWins[key] = line }
        guard !lines.isEmpty else { return (rows, [], []) }
        if policy == .fail {
            let duplicates = lines.map { Duplicate(key: $0.key, lines: $0.value) }.sorted { $0.lines[0] < $1.lines[0] }
            return ([], [], duplicates)
        }
        var isWinner = [Bool](repeating: false, count: rows.count)
        for index in last.values { isWinner[index] = true }
        var winners: [EvaluatedRow] = []
        winners.reserveCapacity(last.count)
        var superseded: [SupersededRow] = []
        for index in rows.indices {
            if rejectedWins.isEmpty && isWinner[index] {
                winners.append(rows[index])
                continue
            }
            let row = rows[index]
            if !rejectedWins.isEmpty, let by = rejectedWins[row.key] {
                superseded.append(SupersededRow(key: row.key, line: row.line, by: by))
            } else if isWinner[index] {
                winners.append(row)
            } else {
                superseded.append(SupersededRow(key: row.key, line: row.line, by: rows[last[row.key]!].line))
            }
        }
        return (winners, superseded, [])
    }
}
