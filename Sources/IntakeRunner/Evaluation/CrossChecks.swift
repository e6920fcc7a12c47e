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
    func check(_ rows: [EvaluatedRow]) throws(StoreError) -> (kept: [EvaluatedRow], rejects: [RejectedRow]) {
        var rejects: [RejectedRow] = []
        var kept = rows
        if plan.rowRules.accountMustExist {
            let ids = Array(Set(kept.compactMap { $0.value(at: layout.slots["account_id"]) }))
            let known = try store.existingKeys(in: "account", among: ids)
            kept = kept.filter { row in
                guard let id = row.value(at: layout.slots["account_id"]), !known.contains(id) else { return true }
                rejects.append(reject(row, "account_id", .unknownAccount, "account '\(id)' is in neither the store nor this file; load it with an account integration first"))
                return false
            }
        }
        if plan.rowRules.checkParents { kept = try untilStable(kept, &rejects, checkParents) }
        if plan.object == .totangoUser { kept = try untilStable(kept, &rejects, checkTotangoUsers) }
        return (kept, rejects)
    }

    /// Repeats a check until it rejects nothing more: a rejected row may have been the parent
    /// or manager another row relied on.
    private func untilStable(
        _ rows: [EvaluatedRow], _ rejects: inout [RejectedRow],
        _ check: ([EvaluatedRow], inout [RejectedRow]) throws(StoreError) -> [EvaluatedRow]
    ) throws(StoreError) -> [EvaluatedRow] {
        var current = rows
        while true {
            let next = try check(current, &rejects)
            if next.count == current.count { return next }
            current = next
        }
    }

    private func checkParents(_ rows: [EvaluatedRow], _ rejects: inout [RejectedRow]) throws(StoreError) -> [EvaluatedRow] {
        guard let parentSlot = layout.slots["parent_id"] else { return rows }
        var graph = ParentGraph(rows, parentSlot: parentSlot)
        let failures = try graph.failures(store: store)
        guard !failures.isEmpty else { return rows }
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
        return rows.indices.filter { !bad[$0] }.map { rows[$0] }
    }

    private func checkTotangoUsers(_ rows: [EvaluatedRow], _ rejects: inout [RejectedRow]) throws(StoreError) -> [EvaluatedRow] {
        let existing = try store.existingKeys(in: "totango_user", among: rows.map(\.key))
        let fileKeys = SortedKeys(rows)
        let managers = Set(rows.compactMap { $0.value(at: layout.slots["manager_id"]) }).filter { !fileKeys.contains($0) }
        let storedManagers = try store.existingKeys(in: "totango_user", among: Array(managers))
        return rows.filter { row in
            if !existing.contains(row.key) {
                let missing = plan.rowRules.requiredForNew.filter { row.value(at: layout.slots[$0])?.isEmpty ?? true }
                if let first = missing.first {
                    rejects.append(reject(row, first, .missingForNew, "a new Totango user needs \(missing.joined(separator: ", "))"))
                    return false
                }
            }
            if let manager = row.value(at: layout.slots["manager_id"]), !storedManagers.contains(manager), !fileKeys.contains(manager) {
                rejects.append(reject(row, "manager_id", .unknownManager, "manager '\(manager)' is not a known Totango user"))
                return false
            }
            return true
        }
    }

    private func reject(_ row: EvaluatedRow, _ field: String, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: row.line, column: columns[field], value: row.value(at: layout.slots[field]), code: code.rawValue, reason: reason)
    }
}
