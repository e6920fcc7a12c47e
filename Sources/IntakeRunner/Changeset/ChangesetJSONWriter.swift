/// Writes a changeset as JSON by hand: sorted keys, one record per line, byte-for-byte stable.
///
/// `JSONEncoder` spent most of a million-row plan building and sorting dictionaries; this
/// writer appends bytes in a fixed key order instead. `ChangesetEncoder.decode` reads it back.
struct ChangesetJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    static func write(_ c: Changeset) -> [UInt8] {
        var w = ChangesetJSONWriter(capacity: 256 + c.changes.count * 160 + c.appends.count * 160 + c.rejects.count * 120)
        w.raw("{\n  \"appends\": [")
        w.list(c.appends) { w, e in
            w.raw("{\"fields\": ")
            w.stringMap(e.fields)
            w.raw(", \"line\": ")
            w.int(e.line)
            w.raw("}")
        }
        w.raw(",\n  \"as_of\": ")
        w.string(c.asOf)
        w.raw(",\n  \"changes\": [")
        w.list(c.changes) { w, change in
            w.raw("{\"action\": ")
            w.string(change.action.rawValue)
            w.raw(", \"attributes\": {")
            var first = true
            for name in change.attributes.keys.sorted() {
                let a = change.attributes[name]!
                if !first { w.raw(", ") }
                first = false
                w.string(name)
                w.raw(": {\"default\": ")
                w.optional(a.default)
                w.raw(", \"new\": ")
                w.optional(a.new)
                w.raw(", \"old\": ")
                w.optional(a.old)
                w.raw("}")
            }
            w.raw("}, \"key\": ")
            w.string(change.key)
            w.raw(", \"key_fields\": ")
            w.stringMap(change.keyFields)
            w.raw(", \"line\": ")
            w.int(change.line)
            w.raw("}")
        }
        w.raw(",\n  \"changeset_version\": ")
        w.int(c.changesetVersion)
        w.raw(",\n  \"counts\": {\"appended\": ")
        w.int(c.counts.appended)
        w.raw(", \"created\": ")
        w.int(c.counts.created)
        w.raw(", \"rejected\": ")
        w.int(c.counts.rejected)
        w.raw(", \"superseded\": ")
        w.int(c.counts.superseded)
        w.raw(", \"unchanged\": ")
        w.int(c.counts.unchanged)
        w.raw(", \"updated\": ")
        w.int(c.counts.updated)
        w.raw("},\n  \"digests\": {\"model\": ")
        w.string(c.digests.model)
        w.raw(", \"records\": ")
        w.string(c.digests.records)
        w.raw(", \"spec\": ")
        w.string(c.digests.spec)
        w.raw("},\n  \"errors\": [")
        w.list(c.errors) { w, text in w.string(text) }
        w.raw(",\n  \"integration\": ")
        w.string(c.integration)
        w.raw(",\n  \"namespace\": ")
        w.string(c.namespace)
        w.raw(",\n  \"object\": ")
        w.string(c.object)
        w.raw(",\n  \"rejects\": [")
        w.list(c.rejects) { w, r in
            w.raw("{\"code\": ")
            w.string(r.code)
            w.raw(", \"column\": ")
            if let column = r.column { w.int(column) } else { w.raw("null") }
            w.raw(", \"line\": ")
            w.int(r.line)
            w.raw(", \"reason\": ")
            w.string(r.reason)
            w.raw(", \"value\": ")
            w.optional(r.value)
            w.raw("}")
        }
        w.raw(",\n  \"source\": {\"path\": ")
        w.string(c.source.path)
        w.raw(", \"rows\": ")
        w.int(c.source.rows)
        w.raw(", \"sha256\": ")
        w.string(c.source.sha256)
        w.raw("},\n  \"superseded\": [")
        w.list(c.superseded) { w, s in
            w.raw("{\"by\": ")
            w.int(s.by)
            w.raw(", \"key\": ")
            w.string(s.key)
            w.raw(", \"line\": ")
            w.int(s.line)
            w.raw("}")
        }
        w.raw(",\n  \"warnings\": [")
        w.list(c.warnings) { w, text in w.string(text) }
        w.raw("\n}\n")
        return w.bytes
    }

    /// `[]`, or one element per line.
    private mutating func list<T>(_ items: [T], _ element: (inout ChangesetJSONWriter, T) -> Void) {
        guard !items.isEmpty else {
            raw("]")
            return
        }
        for (index, item) in items.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            element(&self, item)
        }
        raw("\n  ]")
    }

    private mutating func stringMap(_ map: [String: String]) {
        raw("{")
        var first = true
        for key in map.keys.sorted() {
            if !first { raw(", ") }
            first = false
            string(key)
            raw(": ")
            string(map[key]!)
        }
        raw("}")
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    private mutating func string(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }
}
