/// What one row asks of one field.
public enum FieldAction: Sendable, Equatable {
    /// Store this canonical value; `fired` names the default when the cell was empty.
    case set(String, fired: String?)
    /// Remove the stored value; `fired` names the default when the cell was empty.
    case delete(fired: String?)
}

/// A row that passed its own checks: its key and what it does to each field.
public struct EvaluatedRow: Sendable {
    /// The physical line of the row.
    public var line: Int
    /// The record key (key fields joined by ` / `); empty for appended events.
    public var key: String
    /// The key fields by name.
    public var keyFields: [String: String]
    /// Field → action, for every column present in the file (absent columns are untouched).
    public var actions: [String: FieldAction]

    /// The value the row sets for a field, if it sets one.
    public func value(of field: String) -> String? {
        if case .set(let value, _)? = actions[field] { return value }
        return nil
    }
}
