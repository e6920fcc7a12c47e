import Foundation

/// Compares an evaluated row with its stored record: create, update (changed fields only) or unchanged.
struct Differ: Sendable {
    let layout: RowLayout
    /// The slots that are not key fields: the attributes a change lists, in name order (as a
    /// change keeps them, so each is added last).
    private let slots: [Int]

    init(layout: RowLayout) {
        self.layout = layout
        slots = layout.names.indices.filter { !layout.isKey($0) }.sorted { layout.names[$0] < layout.names[$1] }
    }

    /// The change `row` makes to the stored fields `old` (nil: no stored record, a create),
    /// or nil when it leaves them as they are.
    func change(_ row: EvaluatedRow, old: [String: String]?) -> RecordChange? {
        change(row, exists: old != nil) { slot in old?[layout.names[slot]] }
    }

    /// Whether the value `row` sets in `slot` has the bytes of `old`.
    private static func same(_ old: String, _ slot: Int, _ row: EvaluatedRow) -> Bool {
        var old = old
        return old.withUTF8 { before in
            row.values.withValue(slot) { value in
                value.count == before.count && (value.isEmpty || memcmp(value.baseAddress!, before.baseAddress!, value.count) == 0)
            } ?? false
        }
    }

    /// The change `row` makes to a record (`exists`: stored) whose value for a slot's field is `old(slot)`.
    func change(_ row: EvaluatedRow, exists: Bool, old: (Int) -> String?) -> RecordChange? {
        // A recognised row holds only its key's and the checks' values: diffing it would clear the rest.
        precondition(row.fingerprint != .known, "a row recognised by its fingerprint was diffed")
        var attributes = SortedFields<AttributeChange>()
        // A new record gets every field: sized once instead of growing 1 → 2 → 4 → 8.
        if !exists { attributes.reserveCapacity(slots.count) }
        for slot in slots {
            let tag = row.values.tag(slot)
            if tag == .untouched { continue }
            let field = layout.names[slot]
            let before = exists ? old(slot) : nil
            switch tag {
            // Bytes, not Swift's canonical equivalence: NFC over stored NFD is a change to store.
            case .set(let fired) where !(before.map { Self.same($0, slot, row) } ?? false):
                attributes[field] = AttributeChange(old: before, new: row.values.value(slot), default: fired?.name)
            case .delete(let fired) where before != nil:
                attributes[field] = AttributeChange(old: before, new: nil, default: fired?.name)
            default:
                break
            }
        }
        if exists && attributes.isEmpty { return nil }
        var change = RecordChange(
            key: row.key, keyFields: keyFields(of: row), action: exists ? .update : .create, line: row.line,
            attributes: attributes)
        if row.fingerprint.isReal { change.keep(row.fingerprint) }
        return change
    }

    /// The row's key fields as a change holds them: by name alone when the key is one field
    /// (the row's key is then that field's value), with no array a change.
    private func keyFields(of row: EvaluatedRow) -> KeyFields {
        if layout.keySlots.count == 1, case .set = row.values.tag(layout.keySlots[0]) { return .named(layout.names[layout.keySlots[0]]) }
        return .fields(row.keyFields(layout))
    }
}
