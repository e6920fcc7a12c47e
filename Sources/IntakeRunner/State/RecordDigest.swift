import IntakeSpec

/// The digest of a set of stored records, so `apply` can tell whether they changed since `plan`.
///
/// Keys are hashed in sorted order with their fields sorted by name; an absent record hashes
/// as absent, so "created since the plan" is a change too.
public enum RecordDigest {
    /// The digest of `keys` as found in `records`.
    public static func compute(keys: [String], records: [String: StoredRecord]) -> String {
        compute(keys: keys) { index in part(records[keys[index]]?.fields) }
    }

    /// The digest of `keys`, whose records' parts (`part(_:)`) are given by index: a plan
    /// computes them on its worker threads and never gathers the records in one dictionary.
    static func compute(keys: [String], parts: (Int) -> [UInt8]) -> String {
        var stream = Stream()
        // The permutation `keys.sorted()` would apply: the same comparisons give the same order,
        // equal-comparing keys (NFC and NFD spellings) included.
        for index in keys.indices.sorted(by: { keys[$0] < keys[$1] }) { stream.add(keys[index], parts(index)) }
        return stream.finalize()
    }

    /// The digest built record by record, the records coming in the order `[String].sorted()`
    /// gives their keys.
    struct Stream {
        /// The SHA-256 so far.
        private var builder = DigestBuilder()
        // Hashed through a 64 KiB buffer: a SHA-256 update per separator and field cost more than the hashing.
        /// Bytes not yet hashed.
        private var buffer: [UInt8] = []

        /// No records yet.
        init() { buffer.reserveCapacity(1 << 16) }

        /// Adds the next record: its key and its `part(_:)`.
        mutating func add(_ key: String, _ part: [UInt8]) {
            buffer.append(0x1E)
            buffer.append(contentsOf: key.utf8)
            buffer.append(0x1F)
            buffer.append(contentsOf: part)
            if buffer.count >= 1 << 16 { flush() }
        }

        /// `sha256:<hex>` of every record added.
        mutating func finalize() -> String {
            flush()
            return builder.finalize()
        }

        /// Hashes what the buffer holds and empties it.
        private mutating func flush() {
            buffer.withUnsafeBytes { builder.update($0) }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// What one record adds after its key: its fields sorted by name, or a mark for "absent".
    static func part(_ fields: [String: String]?) -> [UInt8] {
        guard let fields else { return [0x00] }
        var bytes: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            bytes.append(contentsOf: name.utf8)
            bytes.append(0x1D)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0x1C)
        }
        return bytes
    }
}
