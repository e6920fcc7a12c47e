import Foundation

/// Encodes changesets as deterministic JSON: sorted keys, fixed formatting.
public enum ChangesetEncoder {
    /// The changeset as JSON with a trailing newline.
    public static func encode(_ changeset: Changeset, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(changeset)
        data.append(0x0A)
        return data
    }

    /// Decodes a changeset written by `encode`.
    public static func decode(_ data: Data) throws -> Changeset {
        let decoder = JSONDecoder()
        return try decoder.decode(Changeset.self, from: data)
    }
}
