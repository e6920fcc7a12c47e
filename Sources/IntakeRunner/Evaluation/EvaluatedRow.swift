/// The default an empty cell fired; one byte, since a million rows each hold several.
public enum FiredDefault: UInt8, Sendable {
    /// The stored value is removed.
    case delete
    /// A fixed value is set.
    case value
    /// The run's date is set.
    case today

    /// The name shown in changesets.
    public var name: String {
        switch self {
        case .delete: "delete"
        case .value: "value"
        case .today: "today"
        }
    }
}

/// What one row asks of one field.
public enum FieldAction: Sendable, Equatable {
    /// Store this canonical value; `fired` names the default when the cell was empty.
    case set(String, fired: FiredDefault?)
    /// Remove the stored value; `fired` names the default when the cell was empty.
    case delete(fired: FiredDefault?)
}

/// The fields a run's rows act on, one slot each, shared by every row of the run.
///
/// Rows hold arrays indexed by slot instead of dictionaries keyed by name: a million rows
/// then cost no hashing of field names and no dictionary per row.
struct RowLayout: Sendable {
    /// Field names by slot.
    let names: [String]
    /// Slot by field name.
    let slots: [String: Int]
    /// The slots of the key fields, in key order.
    let keySlots: [Int]

    init(fields: [String], key: [String]) {
        var names: [String] = []
        var slots: [String: Int] = [:]
        for name in fields + key where slots[name] == nil {
            slots[name] = names.count
            names.append(name)
        }
        self.names = names
        self.slots = slots
        keySlots = key.map { slots[$0]! }
    }

    /// Whether a slot holds a key field.
    func isKey(_ slot: Int) -> Bool { keySlots.contains(slot) }
}

/// A row that passed its own checks: its key and what it does to each field.
struct EvaluatedRow: Sendable {
    /// The physical line of the row.
    var line: Int
    /// The record key (key fields joined by ` / `); empty for appended events.
    var key: String
    /// What the row does to each layout slot.
    var values: RowValues
    /// The fingerprint of its cells when the run takes them (`.known`: recognised by it, and
    /// holding only the values the key and the checks need); kept in `values`.
    var fingerprint: RowFingerprint { values.fingerprint }

    init(line: Int, key: String, values: RowValues) {
        self.line = line
        self.key = key
        self.values = values
    }

    /// A row from its actions per slot (nil: untouched).
    init(line: Int, key: String, actions: [FieldAction?]) {
        self.init(line: line, key: key, values: RowValues(actions))
    }

    /// Bytes the row takes in memory, roughly: its place in an array, its values and a key
    /// too long to be held inline.
    var footprint: Int {
        MemoryLayout<EvaluatedRow>.stride + values.footprint + (key.utf8.count > 15 ? key.utf8.count + 32 : 0)
    }

    /// The value the row sets in a slot, if it sets one.
    func value(at slot: Int?) -> String? {
        guard let slot else { return nil }
        return values.value(slot)
    }

    /// The key fields by name.
    func keyFields(_ layout: RowLayout) -> SortedFields<String> {
        var fields = SortedFields<String>()
        for slot in layout.keySlots {
            if let value = value(at: slot) { fields[layout.names[slot]] = value }
        }
        return fields
    }

    /// Every set field by name (appended events).
    func setFields(_ layout: RowLayout) -> [String: String] {
        var fields: [String: String] = [:]
        for (slot, name) in layout.names.enumerated() {
            if let value = value(at: slot) { fields[name] = value }
        }
        return fields
    }
}
