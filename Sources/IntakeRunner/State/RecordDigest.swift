import IntakeSpec

/// The digest of a set of stored records, so `apply` can tell whether they changed since `plan`.
///
/// Keys are hashed in sorted order with their fields sorted by name; an absent record hashes
/// as absent, so "created since the plan" is a change too.
public enum RecordDigest {
    /// The digest of `keys` as found in `records`.
    public static func compute(keys: [String], records: [String: StoredRecord]) -> String {
        var builder = DigestBuilder()
        // Hashed through a 64 KiB buffer: a SHA-256 update per separator and field cost more than the hashing.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func add(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { flush() }
        }
        func add(_ byte: UInt8) { buffer.append(byte) }
        func flush() {
            buffer.withUnsafeBytes { builder.update($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        for key in keys.sorted() {
            add(0x1E)
            add(key)
            add(0x1F)
            guard let record = records[key] else {
                add(0x00)
                continue
            }
            for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) {
                add(name)
                add(0x1D)
                add(value)
                add(0x1C)
            }
        }
        flush()
        return builder.finalize()
    }
}
