/// Compares evaluated rows with the stored records: create, update (changed fields only) or unchanged.
struct Differ {
    let layout: RowLayout

    /// The changes in the rows' order and the number of unchanged records.
    ///
    /// - Parameters:
    ///   - known: per row, whether the store already found it unchanged.
    ///   - stored: the stored records of the other rows; a row whose key is absent is created.
    func diff(_ rows: [EvaluatedRow], unchanged known: [Bool], stored: [String: StoredRecord]) -> (changes: [RecordChange], unchanged: Int) {
        var changes: [RecordChange] = []
        var unchanged = 0
        let slots = layout.names.indices.filter { !layout.isKey($0) }
        for (index, row) in rows.enumerated() {
            if known[index] {
                unchanged += 1
                continue
            }
            let old = stored[row.key]?.fields
            // A new record gets every field: sized once instead of growing 1 → 2 → 4 → 8.
            var attributes = [String: AttributeChange](minimumCapacity: old == nil ? slots.count : 0)
            for slot in slots {
                guard let action = row.actions[slot] else { continue }
                let field = layout.names[slot]
                let before = old?[field]
                switch action {
                // Bytes, not Swift's canonical equivalence: NFC over stored NFD is a change to store.
                case .set(let value, let fired) where !(before.map { $0.utf8.elementsEqual(value.utf8) } ?? false):
                    attributes[field] = AttributeChange(old: before, new: value, default: fired?.name)
                case .delete(let fired) where before != nil:
                    attributes[field] = AttributeChange(old: before, new: nil, default: fired?.name)
                default:
                    break
                }
            }
            if old == nil {
                changes.append(RecordChange(key: row.key, keyFields: row.keyFields(layout), action: .create, line: row.line, attributes: attributes))
            } else if !attributes.isEmpty {
                changes.append(RecordChange(key: row.key, keyFields: row.keyFields(layout), action: .update, line: row.line, attributes: attributes))
            } else {
                unchanged += 1
            }
        }
        return (changes, unchanged)
    }
}
