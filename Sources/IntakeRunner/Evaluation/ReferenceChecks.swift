/// The checks on rows' references to other records: accounts that must exist, the account
/// hierarchy, and Totango users' managers and the fields a new user needs. They read only the
/// references (`RowReferences`) and the file's keys, so rows set aside on disk are checked
/// without holding a skeleton of every one.
struct ReferenceChecks {
    let store: any StateStore
    /// Field → 1-based column in the file, so rejects can point at the cell.
    let columns: [String: Int]
    /// References read from disk at a time (`ParentReferences`); held ones are read at once.
    var partSize = Int.max

    /// The rejects among `count` rows in key order, and the indices of the rows rejected.
    ///
    /// An `account_id` must be a stored account; a row new to the store must fill the fields a
    /// new record needs; a `parent_id` must be in the store or among the rows' `keys`, and
    /// leave no cycle; a `manager_id` must be a stored Totango user or among the rows' keys.
    /// The parents and managers are checked again until they reject nothing more: a rejected
    /// row may have been the parent or manager another row relied on.
    func check(count: Int, keys: (any KeyIndex)?, references: RowReferences) throws -> (rejects: [RejectedRow], removed: BitSet) {
        var rejects: [RejectedRow] = []
        var removed = BitSet(capacity: count)
        if !references.accounts.isEmpty {
            let known = try store.existingKeys(in: "account", among: Array(Set(references.accounts.map(\.value))))
            for ref in references.accounts where !known.contains(ref.value) {
                rejects.append(reject(ref, "account_id", .unknownAccount, "account '\(ref.value)' is in neither the store nor this file; load it with an account integration first"))
                removed.insert(Int(ref.index))
            }
        }
        if !references.incomplete.isEmpty {
            let existing = try store.existingKeys(in: "totango_user", among: references.incomplete.map(\.key))
            for row in references.incomplete where !existing.contains(row.key) {
                rejects.append(RejectedRow(
                    line: row.line, column: columns[row.missing[0]], value: row.value, code: RejectCode.missingForNew.rawValue,
                    reason: "a new Totango user needs \(row.missing.joined(separator: ", "))"))
                removed.insert(Int(row.index))
            }
        }
        guard let keys else { return (rejects, removed) }
        while try checkParents(count: count, keys: keys, references.parents, &rejects, &removed) {}
        while try checkManagers(keys: keys, references.managers, &rejects, &removed) {}
        return (rejects, removed)
    }

    /// Rejects the rows whose parent is unknown or closes a cycle; whether it rejected any.
    ///
    /// The references are read three times, a part at a time when they are on disk: for the
    /// rows that set a parent, for each one's parent (searched among the file's keys a part at
    /// a time), and for the references of the rows that fail.
    private func checkParents(count: Int, keys: any KeyIndex, _ parents: ParentReferences, _ rejects: inout [RejectedRow], _ removed: inout BitSet) throws -> Bool {
        var graph = ParentGraph(count: count, keys: keys, removed: removed)
        let removedBefore = removed
        try parents.forEachPart(partSize) { part in
            for ref in part where !removedBefore.contains(Int(ref.index)) { graph.addRow(ref.index) }
        }
        var position = 0
        try parents.forEachPart(partSize) { part in
            let live = removedBefore.count == 0 ? part : part.filter { !removedBefore.contains(Int($0.index)) }
            for (offset, found) in try keys.indices(of: Reference.Values(live)).enumerated() {
                graph.link(position, found: found, key: live[offset].value)
                position += 1
            }
        }
        let failures = try graph.failures(store: store)
        guard !failures.isEmpty else { return false }
        var next = 0
        position = 0
        try parents.forEachPart(partSize) { part in
            for ref in part where !removedBefore.contains(Int(ref.index)) {
                defer { position += 1 }
                guard next < failures.count, failures[next].position == position else { continue }
                let failure = failures[next].failure
                next += 1
                switch failure {
                case .unknownParent:
                    rejects.append(reject(ref, "parent_id", .unknownParent, "parent account '\(ref.value)' is in neither the store nor this file"))
                case .cycle:
                    rejects.append(reject(ref, "parent_id", .parentCycle, "parent '\(ref.value)' would make the account hierarchy circular"))
                }
                removed.insert(Int(ref.index))
            }
        }
        return true
    }

    /// Rejects the users whose manager is neither a stored Totango user nor one of the rows;
    /// whether it rejected any.
    private func checkManagers(keys: any KeyIndex, _ managers: Chunks<Reference>, _ rejects: inout [RejectedRow], _ removed: inout BitSet) throws -> Bool {
        let live = managers.filter { !removed.contains(Int($0.index)) }
        let found = try keys.indices(of: Reference.Values(live))
        let outside = live.indices.filter { found[$0] < 0 || removed.contains(Int(found[$0])) }
        let stored = try store.existingKeys(in: "totango_user", among: Array(Set(outside.map { live[$0].value })))
        let unknown = outside.filter { !stored.contains(live[$0].value) }
        for position in unknown {
            rejects.append(reject(live[position], "manager_id", .unknownManager, "manager '\(live[position].value)' is not a known Totango user"))
            removed.insert(Int(live[position].index))
        }
        return !unknown.isEmpty
    }

    private func reject(_ ref: Reference, _ field: String, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: ref.line, column: columns[field], value: ref.value, code: code.rawValue, reason: reason)
    }
}
