import Foundation

/// Encodes plans as deterministic JSON: sorted keys, snake_case, fixed formatting.
public enum PlanEncoder {
    /// The plan as pretty JSON with a trailing newline.
    public static func encode(_ plan: Plan) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(plan)
        data.append(0x0A)
        return data
    }

    /// Decodes a plan written by `encode`.
    public static func decode(_ data: Data) throws -> Plan {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Plan.self, from: data)
    }
}
