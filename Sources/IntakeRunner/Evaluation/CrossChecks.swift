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

/// The keys of rows sorted in UTF-8 byte order, searched by bisection: no million-entry hash set.
///
/// Every 64th key is copied into `fences`, small enough to stay in cache: a search bisects
/// the fences, then one block of 64 neighbouring keys, instead of jumping across the whole
/// array (at 9M keys, 23 cache misses per search). Each fence is also abbreviated to the
/// eight bytes that follow the prefix every key shares (`acct-`), as one integer: the fence
/// bisection compares integers, and strings only where two abbreviations tie. At ten million
/// keys its 17 string comparisons per search were most of the cross-checks' time.
struct SortedKeys: Sendable {
    private let keys: [String]
    private let fences: [String]
    private let shared: [UInt8]
    private let abbreviated: [UInt64]
    private static let block = 64

    init(_ rows: [EvaluatedRow]) {
        let keys = rows.map(\.key)
        self.keys = keys
        let fences = stride(from: 0, to: keys.count, by: Self.block).map { keys[$0] }
        self.fences = fences
        // Sorted keys between the first and the last share what those two share.
        let (first, last) = (Array((keys.first ?? "").utf8), Array((keys.last ?? "").utf8))
        let shared = Array(zip(first, last).prefix { $0 == $1 }.map(\.0))
        self.shared = shared
        abbreviated = fences.map { Self.abbreviate($0, skipping: shared.count) }
    }

    /// The eight bytes of `key` after its first `count`, big-endian, zero past its end: when two
    /// keys' differ, so do the keys, in the same order (a key that ends first sorts first).
    private static func abbreviate(_ key: String, skipping count: Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 56
        for byte in key.utf8.dropFirst(count).prefix(8) {
            value |= UInt64(byte) << shift
            shift &-= 8
        }
        return value
    }

    func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// The index of `key` among the rows, if it is one of theirs.
    func index(of key: String) -> Int? {
        // The last block whose first key is not after `key`.
        let fence = lastFence(notAfter: key)
        guard fence >= 0 else { return nil }
        let start = fence * Self.block
        let low = ByteOrder.firstIndex(notBefore: key, in: start..<min(start + Self.block, keys.count)) { keys[$0] }
        // Bytes, as the store compares keys: canonically equal spellings are different keys.
        return low < keys.count && ByteOrder.equal(keys[low], key) ? low : nil
    }

    /// The last fence that does not sort after `key`; -1 if all do.
    private func lastFence(notAfter key: String) -> Int {
        guard key.utf8.starts(with: shared) else {
            return ByteOrder.firstIndex(notBefore: key, in: fences.indices, after: true) { fences[$0] } - 1
        }
        let wanted = Self.abbreviate(key, skipping: shared.count)
        var low = 0
        var high = fences.count
        while low < high {
            let mid = (low + high) / 2
            let fence = abbreviated[mid]
            let notAfter = fence != wanted ? fence < wanted : ByteOrder.compare(fences[mid], key) <= 0
            if notAfter { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}
