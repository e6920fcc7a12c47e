/// Compares key-sorted rows with their stored records in one ordered pass over the store.
///
/// The store steps its rows on the calling thread while other threads compare: an unchanged
/// record is recognised in its stored bytes and never decoded; a changed one is decoded, diffed
/// and hashed for the records digest on the worker that read it, so no record is held after.
struct StoreComparison {
    let store: any StateStore
    let namespace: String
    let layout: RowLayout

    /// What the rows do to the store.
    struct Result {
        /// Creates and updates, in the rows' (key) order.
        var changes: [RecordChange]
        /// Rows that leave their stored record as it is.
        var unchanged: Int
        /// The digest of the changed records as stored (`RecordDigest`).
        var recordsDigest: String
    }

    /// Compares `rows`, sorted by key bytes, with the store.
    func compare(_ rows: [EvaluatedRow]) throws(StoreError) -> Result {
        let keys = rows.map(\.key)
        let matcher = StoredFieldsMatcher(layout: layout)
        let differ = Differ(layout: layout)
        let found = VisitedRecords()
        // A row the store has no record for is a create; its index goes to the workers too, as
        // the ordered visits skip it, so they diff every row.
        let comparer = BatchedWork<(Int, [UInt8]?)> { batch in
            var pairs: [StoredFieldsMatcher.Pair] = []
            var changed: [VisitedRecords.Changed] = []
            for (index, json) in batch {
                guard let json else {
                    changed.append(.init(index: index, change: differ.change(rows[index], old: nil)!, digestPart: RecordDigest.part(nil)))
                    continue
                }
                json.withUnsafeBufferPointer { json in
                    if matcher.unchanged(rows[index], json: json, pairs: &pairs) == true {
                        return
                    } else if let fields = FieldsJSON.decode(bytes: json) {
                        if let change = differ.change(rows[index], old: fields) {
                            changed.append(.init(index: index, change: change, digestPart: RecordDigest.part(fields)))
                        }
                    } else {
                        found.markUnreadable()
                    }
                }
            }
            found.add(changed)
        }
        var next = 0
        var ordered = true
        try store.visitFields(in: namespace, sortedKeys: keys) { index, json in
            guard index >= next else { return ordered = false }
            for absent in next..<index { comparer.add((absent, nil)) }
            comparer.add((index, Array(json)))
            next = index + 1
        }
        for absent in next..<keys.count { comparer.add((absent, nil)) }
        comparer.finish()
        guard ordered else {
            throw StoreError(.failed, "the state store visited records out of key order; nothing was compared", detail: "namespace '\(namespace)'")
        }
        if found.unreadable {
            throw StoreError(
                .failed, "a stored record in namespace '\(namespace)' has unreadable fields",
                detail: "run 'intake state export' to see the records; restore the store from a backup")
        }
        let changed = found.changes
        // Every row not among the changes left its record as it is.
        return Result(
            changes: changed.map(\.change), unchanged: rows.count - changed.count,
            recordsDigest: RecordDigest.compute(keys: changed.map(\.change.key)) { changed[$0].digestPart })
    }
}
