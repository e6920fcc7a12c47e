import IntakeSpec

/// The digest of a set of stored records, so `apply` can tell whether they changed since `plan`.
///
/// Keys are hashed in sorted order with their fields sorted by name; an absent record hashes
/// as absent, so "created since the plan" is a change too.
public enum RecordDigest {
    /// The digest of `keys` as found in `records`.
    public static func compute(keys: [String], records: [String: StoredRecord]) -> String {
        var builder = DigestBuilder()
        for key in keys.sorted() {
            builder.update("\u{1E}")
            builder.update(key)
            builder.update("\u{1F}")
            guard let record = records[key] else {
                builder.update("\u{0}")
                continue
            }
            for (name, value) in record.fields.sorted(by: { $0.key < $1.key }) {
                builder.update(name)
                builder.update("\u{1D}")
                builder.update(value)
                builder.update("\u{1C}")
            }
        }
        return builder.finalize()
    }
}
