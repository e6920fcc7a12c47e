import Foundation

/// Encodes changesets as deterministic JSON: sorted keys, fixed formatting.
public enum ChangesetEncoder {
    /// The changeset as JSON (sorted keys, one record per line) with a trailing newline.
    public static func encode(_ changeset: Changeset) throws -> Data {
        Data(ChangesetJSONWriter.write(changeset))
    }

    /// The same JSON in pieces of about a megabyte (a few thousand changes each), for writing a
    /// large changeset without holding it.
    public static func stream(_ changeset: Changeset, to sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        ChangesetJSONWriter.stream(changeset, to: sink)
    }

    /// Decodes a changeset written by `encode` (or edited by hand, as long as it is valid JSON).
    public static func decode(_ data: Data) throws -> Changeset {
        try ChangesetJSONReader.read(data)
    }
}
