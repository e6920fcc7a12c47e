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
    /// arrays at once, the peak of a set-aside plan's memory.
    func check(_ kept: consuming [EvaluatedRow]) throws(StoreError) -> (kept: [EvaluatedRow], rejects: [RejectedRow]) {
        var rejects: [RejectedRow] = []
        if plan.rowRules.accountMustExist {
            let ids = Array(Set(kept.compactMap { $0.value(at: layout.slots["account_id"]) }))
            let known = try store.existingKeys(in: "account", among: ids)
            let bad = kept.map { row in
                guard let id = row.value(at: layout.slots["account_id"]), !known.contains(id) else { return false }
                rejects.append(reject(row, "account_id", .unknownAccount, "account '\(id)' is in neither the store nor this file; load it with an account integration first"))
                return true
            }
            Self.remove(&kept, marked: bad)
        }
        // Repeated until a check rejects nothing more: a rejected row may have been the parent
        // or manager another row relied on.
        if plan.rowRules.checkParents { while try checkParents(&kept, &rejects) {} }
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

    /// Rejects the rows whose parent is unknown or closes a cycle; whether it rejected any.
    private func checkParents(_ rows: inout [EvaluatedRow], _ rejects: inout [RejectedRow]) throws(StoreError) -> Bool {
        guard let parentSlot = layout.slots["parent_id"] else { return false }
        // The graph shares the rows' storage: it goes before they are changed in place.
        let failures: [(index: Int, failure: ParentGraph.Failure)]
        do {
            var graph = ParentGraph(rows, parentSlot: parentSlot)
            failures = try graph.failures(store: store)
        }
        guard !failures.isEmpty else { return false }
        var bad = [Bool](repeating: false, count: rows.count)
        for (index, failure) in failures {
            let row = rows[index]
            let parent = row.value(at: parentSlot) ?? ""
            switch failure {
            case .unknownParent:
                rejects.append(reject(row, "parent_id", .unknownParent, "parent account '\(parent)' is in neither the store nor this file"))
            case .cycle:
                rejects.append(reject(row, "parent_id", .parentCycle, "parent '\(parent)' would make the account hierarchy circular"))
            }
            bad[index] = true
        }
        return Self.remove(&rows, marked: bad)
    }

    /// Rejects new users missing a required field and users whose manager is unknown; whether
    /// it rejected any.
    private func checkTotangoUsers(_ rows: inout [EvaluatedRow], _ rejects: inout [RejectedRow]) throws(StoreError) -> Bool {
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
