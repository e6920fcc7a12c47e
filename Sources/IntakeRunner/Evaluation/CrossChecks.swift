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
        var rejects: [RejectedRow] = []
        let checksParents = plan.rowRules.checkParents && layout.slots["parent_id"] != nil
        if plan.rowRules.accountMustExist || checksParents {
            let accounts = plan.rowRules.accountMustExist ? Reference.of(kept, slot: layout.slots["account_id"]) : []
            let parents = checksParents ? Reference.of(kept, slot: layout.slots["parent_id"]) : []
            let removed: BitSet
            // The keys share the rows' storage: they go before the rows are changed in place.
            do {
                let keys = checksParents ? SortedKeys(copy kept) : nil
                (rejects, removed) = try ReferenceChecks(store: store, columns: columns).check(count: kept.count, keys: keys, accounts: accounts, parents: parents)
            }
            if removed.count > 0 { Self.remove(&kept, marked: kept.indices.map { removed.contains($0) }) }
        }
        // Repeated until it rejects nothing more: a rejected user may have been another's manager.
        if plan.object == .totangoUser { while try checkTotangoUsers(&kept, &rejects) {} }
        return (kept, rejects)
    }

    /// Removes the rows marked in `bad` in place, keeping the others' order; false when none is.
    @discardableResult
    private static func remove(_ rows: inout [EvaluatedRow], marked bad: [Bool]) -> Bool {
        // Moved down by swaps through the buffer: a swap retains nothing.
        let kept = rows.withUnsafeMutableBufferPointer { rows in
            var kept = 0
            for index in rows.indices where !bad[index] {
                if kept != index { rows.swapAt(kept, index) }
                kept += 1
            }
            return kept
        }
        guard kept < rows.count else { return false }
        rows.removeSubrange(kept...)
        return true
    }

    /// Rejects new users missing a required field and users whose manager is unknown; whether
    /// it rejected any.
    private func checkTotangoUsers(_ rows: inout [EvaluatedRow], _ rejects: inout [RejectedRow]) throws -> Bool {
        let existing = try store.existingKeys(in: "totango_user", among: rows.map(\.key))
        var bad: [Bool] = []
        // The file's keys share the rows' storage: they go before the rows are changed in place.
        do {
            let fileKeys = SortedKeys(rows)
            let managers = Set(rows.compactMap { $0.value(at: layout.slots["manager_id"]) }).filter { !fileKeys.contains($0) }
            let storedManagers = try store.existingKeys(in: "totango_user", among: Array(managers))
            bad = rows.map { row in
                if !existing.contains(row.key) {
                    let missing = plan.rowRules.requiredForNew.filter { row.value(at: layout.slots[$0])?.isEmpty ?? true }
                    if let first = missing.first {
                        rejects.append(reject(row, first, .missingForNew, "a new Totango user needs \(missing.joined(separator: ", "))"))
                        return true
                    }
                }
                if let manager = row.value(at: layout.slots["manager_id"]), !storedManagers.contains(manager), !fileKeys.contains(manager) {
                    rejects.append(reject(row, "manager_id", .unknownManager, "manager '\(manager)' is not a known Totango user"))
                    return true
                }
                return false
            }
        }
        return Self.remove(&rows, marked: bad)
    }

    private func reject(_ row: EvaluatedRow, _ field: String, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: row.line, column: columns[field], value: row.value(at: layout.slots[field]), code: code.rawValue, reason: reason)
    }
}
