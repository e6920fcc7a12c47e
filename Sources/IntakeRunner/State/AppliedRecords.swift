/// What applying a changeset writes, computed on every core: each changed record's merged
/// fields as canonical JSON, and the digest of the touched records as stored.
public enum AppliedRecords {
    /// A stored record whose fields are not a flat JSON object of strings.
    public struct Unreadable: Error {
        /// The change whose stored record it is.
        public let index: Int
    }

    /// The records' digest as stored (`RecordDigest`) and, per change, the JSON of the stored
    /// fields with the change's attributes and key fields set.
    ///
    /// - Parameters:
    ///   - changes: changes with distinct keys (each builds on its stored record only).
    ///   - stored: per change, the stored record's fields JSON, or nil when there is none.
    public static func merge(_ changes: [RecordChange], stored: [[UInt8]?]) throws(Unreadable) -> (digest: String, merged: [[UInt8]]) {
        precondition(changes.count == stored.count, "one stored entry per change")
        let results = Parallel.map(changes.count, serialBelow: 2_048) { index -> (part: [UInt8], json: [UInt8])? in
            if let inPlace = mergedInPlace(changes[index], stored: stored[index]) { return inPlace }
            var fields: [String: String] = [:]
            if let json = stored[index] {
                guard let decoded = json.withUnsafeBufferPointer({ FieldsJSON.decode(bytes: $0) }) else { return nil }
                fields = decoded
            }
            let part = RecordDigest.part(stored[index] == nil ? nil : fields)
            let change = changes[index]
            change.apply(to: &fields)
            return (part, FieldsJSON.encodedBytes(fields))
        }
        var parts: [[UInt8]] = []
        var merged: [[UInt8]] = []
        parts.reserveCapacity(results.count)
        merged.reserveCapacity(results.count)
        for (index, result) in results.enumerated() {
            guard let result else { throw Unreadable(index: index) }
            parts.append(result.part)
            merged.append(result.json)
        }
        return (RecordDigest.compute(keys: changes.map(\.key)) { parts[$0] }, merged)
    }

    /// The digest part and merged JSON written from the stored bytes (`StoredRecordBytes`),
    /// without decoding the record into a dictionary and encoding it again; nil when the
    /// record or a name is not in the plain canonical form that needs, and the caller decodes.
    private static func mergedInPlace(_ change: RecordChange, stored: [UInt8]?) -> (part: [UInt8], json: [UInt8])? {
        guard let updates = StoredRecordBytes.updates(of: change) else { return nil }
        guard let stored else {
            let none = StoredRecordBytes(json: UnsafeBufferPointer(start: nil, count: 0), pairs: [])
            return none.merging(updates).map { (RecordDigest.part(nil), $0) }
        }
        return stored.withUnsafeBufferPointer { json in
            var pairs: [StoredFieldsMatcher.Pair] = []
            guard StoredFieldsMatcher.scan(json, into: &pairs),
                pairs.allSatisfy({ pair in json[pair.name].allSatisfy(StoredFieldsMatcher.isPlain) })
            else { return nil }
            let record = StoredRecordBytes(json: json, pairs: pairs)
            return record.merging(updates).map { (record.digestPart(), $0) }
        }
    }
}
