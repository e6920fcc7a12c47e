import IntakeSpec

/// The value type of a target, system field or attribute, as the runner coerces it.
public enum FieldType: String, Sendable, Codable, CaseIterable {
    /// Letters, digits, `_` and `-` only (account, collection, task, touchpoint and role ids).
    case id
    /// An id or an email address (DESIGN §5 decides the reference's contradiction this way).
    case userID = "user_id"
    /// A valid email address.
    case email
    /// Free text.
    case text
    /// A canonical decimal.
    case number
    /// A canonical decimal, currency symbols and codes stripped.
    case currency
    /// ISO 8601 in UTC.
    case date
    /// One value out of a fixed list.
    case list
    /// Several texts separated by `;`.
    case textList = "text_list"
    /// Several emails or user ids separated by `;`.
    case userList = "user_list"

    /// The field type of a model attribute type.
    public init(_ type: AttributeType) {
        switch type {
        case .text: self = .text
        case .number: self = .number
        case .currency: self = .currency
        case .date: self = .date
        case .list: self = .list
        }
    }

    /// Whether values of this type are text-like (trim, case, map and pattern apply).
    public var isTextual: Bool {
        switch self {
        case .number, .currency, .date: false
        default: true
        }
    }

    /// Whether `number:` options apply.
    public var isNumeric: Bool { self == .number || self == .currency }
}
