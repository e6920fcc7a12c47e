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
        let withParent = rows.filter { $0.value(at: parentSlot) != nil }
        guard !withParent.isEmpty else { return rows }
        // Every file row carries a parent action (set or, for an empty cell, delete), so a key in
        // the file has the parent the file gives it, or none; other keys keep their stored parent.
        let fileKeys = SortedKeys(rows)
        var links = [String: String](minimumCapacity: withParent.count)
        for row in withParent { links[row.key] = row.value(at: parentSlot) }
        let parents = Array(Set(withParent.compactMap { $0.value(at: parentSlot) }).filter { !fileKeys.contains($0) })
        let stored = try store.existingKeys(in: "account", among: parents)
        try loadStoredAncestors(of: parents.filter(stored.contains), fileKeys: fileKeys, into: &links)
        var bad = Set<String>()
        var rooted = Set<String>()
        var path: [String] = []
        for row in withParent {
            guard let parent = row.value(at: parentSlot) else { continue }
            if !stored.contains(parent) && !fileKeys.contains(parent) {
                rejects.append(reject(row, "parent_id", .unknownParent, "parent account '\(parent)' is in neither the store nor this file"))
                bad.insert(row.key)
            } else if createsCycle(from: row.key, links, rooted: &rooted, path: &path) {
                rejects.append(reject(row, "parent_id", .parentCycle, "parent '\(parent)' would make the account hierarchy circular"))
                bad.insert(row.key)
            }
        }
        return bad.isEmpty ? rows : rows.filter { !bad.contains($0.key) }
    }

    /// Adds the stored parent links of accounts outside the file, level by level up the
    /// hierarchy, so a cycle through stored accounts is found without loading every link.
    private func loadStoredAncestors(of start: [String], fileKeys: SortedKeys, into links: inout [String: String]) throws(StoreError) {
        var frontier = start
        var visited = Set<String>()
        while !frontier.isEmpty {
            visited.formUnion(frontier)
            let records = try store.records(in: "account", keys: frontier)
            var next: [String] = []
            for (key, record) in records {
                guard let parent = record.fields["parent_id"] else { continue }
                links[key] = parent
                if !fileKeys.contains(parent) && !visited.contains(parent) { next.append(parent) }
            }
            frontier = next
        }
    }

    /// Whether following parents from `start` comes back to it.
    ///
    /// `rooted` remembers accounts whose chain ends at a root, where later walks stop: a deep
    /// hierarchy costs one walk per account, not one per account and ancestor. `path` is
    /// scratch space kept between calls.
    private func createsCycle(from start: String, _ links: [String: String], rooted: inout Set<String>, path: inout [String]) -> Bool {
        path.removeAll(keepingCapacity: true)
        var current = start
        while let parent = links[current], !rooted.contains(parent) {
            if parent == start { return true }
            path.append(parent)
            // A chain that loops without passing `start` again never ends; checked at doubling
            // lengths, so the check costs as much as the walk.
            if path.count >= 64, path.count & (path.count - 1) == 0, Set(path).count < path.count { return false }
            current = parent
        }
        rooted.insert(start)
        rooted.formUnion(path)
        return false
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

/// The keys of rows sorted in UTF-8 byte order, searched by bisection: no million-entry hash set.
struct SortedKeys {
    private let keys: [String]

    init(_ rows: [EvaluatedRow]) {
        keys = rows.map(\.key)
    }

    func contains(_ key: String) -> Bool {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if ByteOrder.less(keys[mid], key) { low = mid + 1 } else { high = mid }
        }
        // Bytes, as the store compares keys: canonically equal spellings are different keys.
        return low < keys.count && keys[low].utf8.elementsEqual(key.utf8)
    }
}
