/// A JSON document built in memory; encoded with sorted keys, so output is deterministic.
public indirect enum JSONValue: Sendable, Equatable, Encodable {
    /// A string.
    case string(String)
    /// A whole number.
    case int(Int)
    /// A boolean.
    case bool(Bool)
    /// An array, in order.
    case array([JSONValue])
    /// An object; key order is left to the encoder (sorted).
    case object([String: JSONValue])

    /// Encodes the value as its JSON counterpart.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}
