/// The checks on rows' references to other records: accounts that must exist, and the account
/// hierarchy. They read only the references (`Reference`) and the file's keys, so rows set
/// aside on disk are checked without holding a skeleton of every one.
struct ReferenceChecks {
    let store: any StateStore
    /// Field → 1-based column in the file, so rejects can point at the cell.
    let columns: [String: Int]

    /// The rejects among `count` rows in key order, and the indices of the rows rejected.
    ///
    /// `accounts` are the rows' `account_id`s, which must be stored accounts; `parents` their
    /// `parent_id`s, which must be in the store or among the rows' `keys`, and leave no cycle.
    /// Repeated until the hierarchy rejects nothing more: a rejected row may have been the
    /// parent another row relied on.
    func check(count: Int, keys: (any KeyIndex)?, accounts: [Reference], parents: [Reference]) throws -> (rejects: [RejectedRow], removed: BitSet) {
        var rejects: [RejectedRow] = []
        var removed = BitSet(capacity: count)
        if !accounts.isEmpty {
            let known = try store.existingKeys(in: "account", among: Array(Set(accounts.map(\.value))))
            for ref in accounts where !known.contains(ref.value) {
                rejects.append(reject(ref, "account_id", .unknownAccount, "account '\(ref.value)' is in neither the store nor this file; load it with an account integration first"))
                removed.insert(Int(ref.index))
            }
        }
        guard let keys, !parents.isEmpty else { return (rejects, removed) }
        while true {
            let live = removed.count == 0 ? parents : parents.filter { !removed.contains(Int($0.index)) }
            var graph = ParentGraph(count: count, keys: keys, removed: removed, parents: live)
            let failures = try graph.failures(store: store)
            guard !failures.isEmpty else { return (rejects, removed) }
            for (position, failure) in failures {
                let ref = live[position]
                switch failure {
                case .unknownParent:
                    rejects.append(reject(ref, "parent_id", .unknownParent, "parent account '\(ref.value)' is in neither the store nor this file"))
                case .cycle:
                    rejects.append(reject(ref, "parent_id", .parentCycle, "parent '\(ref.value)' would make the account hierarchy circular"))
                }
                removed.insert(Int(ref.index))
            }
        }
    }

    private func reject(_ ref: Reference, _ field: String, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: ref.line, column: columns[field], value: ref.value, code: code.rawValue, reason: reason)
    }
}
