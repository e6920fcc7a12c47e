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
        updates.reserveCapacity(change.attributes.count + change.keyFields.count)
        for (name, attribute) in change.attributes where change.keyFields[name] == nil {
            updates.append(Update(name: name, value: attribute.new))
        }
        for (name, value) in change.keyFields { updates.append(Update(name: name, value: value)) }
        guard updates.allSatisfy({ $0.name.utf8.allSatisfy(StoredFieldsMatcher.isPlain) }) else { return nil }
        // Plain ASCII: String order is byte order, the order of a canonical record's entries.
        updates.sort { $0.name < $1.name }
        return updates
    }

    /// The canonical JSON (`FieldsJSON.encodedBytes`) of these fields with `updates` applied,
    /// written from the stored bytes: entries no update touches are copied as they are.
    /// Nil when a copied value is not UTF-8, which decoding would have repaired.
    func merging(_ updates: [Update]) -> [UInt8]? {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(json.count + updates.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.utf8.count ?? 0) + 8 })
        var next = 0
        func entry(_ name: UnsafeBufferPointer<UInt8>) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name)
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func copyStored(upTo limit: UnsafeBufferPointer<UInt8>?) -> Bool {
            while next < pairs.count {
                let pair = pairs[next]
                let name = UnsafeBufferPointer(rebasing: json[pair.name])
                if let limit, !name.lexicographicallyPrecedes(limit) { break }
                let value = UnsafeBufferPointer(rebasing: json[pair.value])
                if value.contains(where: { $0 >= 0x80 }), !String(decoding: value, as: UTF8.self).utf8.elementsEqual(value) { return false }
                entry(name)
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: value)
                out.append(UInt8(ascii: "\""))
                next += 1
            }
            return true
        }
        for update in updates {
            var name = update.name
            let copied = name.withUTF8 { name -> Bool in
                guard copyStored(upTo: name) else { return false }
                // The stored entry of the same name gives way to the update.
                if next < pairs.count, json[pairs[next].name].elementsEqual(name) { next += 1 }
                if let value = update.value {
                    entry(name)
                    FieldsJSON.appendEncoded(value, to: &out)
                }
                return true
            }
            guard copied else { return nil }
        }
        guard copyStored(upTo: nil) else { return nil }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
