import Foundation

extension StoredRecordBytes {
    /// One field a change writes: its plain ASCII name and its new value (nil: removed).
    struct Update {
        let name: String
        let value: String?
    }

    /// The fields set by `change` over those of a record: attributes, then key fields over
    /// them, sorted by name; nil when a name is not plain ASCII (`isPlainName`).
    static func updates(of change: RecordChange) -> [Update]? {
        var updates: [Update] = []
        updates.reserveCapacity(change.attributes.count + change.keyFieldCount)
        // Key fields are one or two: comparing with each is cheaper than hashing every attribute's name.
        for (name, attribute) in change.attributes where !change.hasKeyField(named: name) {
            updates.append(Update(name: name, value: attribute.new))
        }
        change.forEachKeyField { name, value in updates.append(Update(name: name, value: value)) }
        guard updates.allSatisfy({ $0.name.utf8.allSatisfy(StoredFieldsMatcher.isPlain) }) else { return nil }
        // Plain ASCII: byte order is String order, and the order of a canonical record's entries.
        updates.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return updates
    }

    /// The canonical JSON (`FieldsJSON.encodedBytes`) of these fields with `updates` applied,
    /// written from the stored bytes: entries no update touches are copied as they are.
    /// Nil when a copied value is not UTF-8, which decoding would have repaired.
    func merging(_ updates: [Update]) -> [UInt8]? {
        // State in a struct, not in variables nested functions capture: captured variables
        // were boxed and every access checked for exclusivity at run time.
        var writer = ObjectWriter(capacity: json.count + updates.count * 32)
        var next = 0
        for update in updates {
            var name = update.name
            let written = name.withUTF8 { name -> Bool in
                guard writer.copy(self, from: &next, before: name) else { return false }
                // The stored entry of the same name gives way to the update.
                if next < pairs.count, json[pairs[next].name].elementsEqual(name) { next += 1 }
                if let value = update.value { writer.entry(name, value) }
                return true
            }
            guard written else { return nil }
        }
        guard writer.copy(self, from: &next, before: nil) else { return nil }
        return writer.finish()
    }

    /// Appends the entries of a JSON object one by one.
    private struct ObjectWriter {
        private var out: [UInt8]

        init(capacity: Int) {
            out = [UInt8(ascii: "{")]
            out.reserveCapacity(capacity + 2)
        }

        /// Copies the stored entries from `next` on whose names sort before `limit` (all when nil);
        /// false when a value is not UTF-8.
        mutating func copy(_ record: StoredRecordBytes, from next: inout Int, before limit: UnsafeBufferPointer<UInt8>?) -> Bool {
            while next < record.pairs.count {
                let pair = record.pairs[next]
                let name = UnsafeBufferPointer(rebasing: record.json[pair.name])
                if let limit, !name.lexicographicallyPrecedes(limit) { break }
                let value = UnsafeBufferPointer(rebasing: record.json[pair.value])
                if value.contains(where: { $0 >= 0x80 }), !String(decoding: value, as: UTF8.self).utf8.elementsEqual(value) { return false }
                start(name)
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: value)
                out.append(UInt8(ascii: "\""))
                next += 1
            }
            return true
        }

        /// An entry with a new value.
        mutating func entry(_ name: UnsafeBufferPointer<UInt8>, _ value: String) {
            start(name)
            FieldsJSON.appendEncoded(value, to: &out)
        }

        mutating func finish() -> [UInt8] {
            out.append(UInt8(ascii: "}"))
            return out
        }

        private mutating func start(_ name: UnsafeBufferPointer<UInt8>) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
    }
}
