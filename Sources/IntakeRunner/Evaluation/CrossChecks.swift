import IntakeCompiler

/// Checks that need the store or the whole file: accounts that must exist, the account
/// hierarchy, and Totango users' managers and required fields for new users.
struct CrossChecks {
    let plan: Plan
    let store: any StateStore
    let layout: RowLayout
    /// Field → 1-based column in the file, so rejects can point at the cell.
    let columns: [String: Int]

    /// Splits rows (sorted by key in UTF-8 byte order) into those that pass, in the same order,
    /// and rejects (in no particular order).
    ///
    /// The rows that fail are removed in place: a filtered copy of ten million rows held both
    /// arrays at once.
    func check(_ kept: consuming [EvaluatedRow]) throws -> (kept: [EvaluatedRow], rejects: [RejectedRow]) {
        let references = try RowReferences.of(kept, plan: plan, layout: layout)
        let (rejects, removed): ([RejectedRow], BitSet)
        // The keys share the rows' storage: they go before the rows are changed in place.
        do {
            let keys = references.searchesKeys ? SortedKeys(copy kept) : nil
            (rejects, removed) = try ReferenceChecks(store: store, columns: columns).check(count: kept.count, keys: keys, references: references)
        }
        if removed.count > 0 { Self.remove(&kept, marked: kept.indices.map { removed.contains($0) }) }
        return (kept, rejects)
    }

    /// Removes the rows marked in `bad` in place, keeping the others' order.
    private static func remove(_ rows: inout [EvaluatedRow], marked bad: [Bool]) {
        // Moved down by swaps through the buffer: a swap retains nothing.
        let kept = rows.withUnsafeMutableBufferPointer { rows in
            var kept = 0
            for index in rows.indices where !bad[index] {
                if kept != index { rows.swapAt(kept, index) }
                kept += 1
            }
            return kept
        }
        rows.removeSubrange(kept...)
    }
}
