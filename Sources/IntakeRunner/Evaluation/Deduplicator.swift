import IntakeCompiler

/// Applies the duplicate-key policy: one-time files fail on duplicates, recurring keep the last row.
struct Deduplicator {
    struct Duplicate {
        let key: String
        let lines: [Int]
    }

    let policy: Plan.DuplicatePolicy

    /// The winning rows (file order), the superseded rows, and — for `fail` — every duplicated key.
    func deduplicate(_ rows: [EvaluatedRow]) -> ([EvaluatedRow], [SupersededRow], [Duplicate]) {
        guard policy != .append else { return (rows, [], []) }
        var last: [String: Int] = [:]
        last.reserveCapacity(rows.count)
        var lines: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() {
            if let previous = last[row.key] {
                lines[row.key, default: [rows[previous].line]].append(row.line)
            }
            last[row.key] = index
        }
        guard !lines.isEmpty else { return (rows, [], []) }
        if policy == .fail {
            let duplicates = lines.map { Duplicate(key: $0.key, lines: $0.value) }.sorted { $0.lines[0] < $1.lines[0] }
            return ([], [], duplicates)
        }
        var winners: [EvaluatedRow] = []
        var superseded: [SupersededRow] = []
        for (index, row) in rows.enumerated() {
            let winner = last[row.key]!
            if winner == index {
                winners.append(row)
            } else {
                superseded.append(SupersededRow(key: row.key, line: row.line, by: rows[winner].line))
            }
        }
        return (winners, superseded, [])
    }
}
