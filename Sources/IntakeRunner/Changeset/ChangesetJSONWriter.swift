/// Writes a changeset as JSON by hand: sorted keys, one record per line, byte-for-byte stable.
///
/// `JSONEncoder` spent most of a million-row plan building and sorting dictionaries; this
/// writer appends bytes in a fixed key order instead. `ChangesetEncoder.decode` reads it back.
struct ChangesetJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Where full chunks go when streaming; nil builds the whole document in `bytes`.
    private var sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    private static let chunk = 1 << 20

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The whole document.
    static func write(_ c: Changeset) -> [UInt8] {
        var w = ChangesetJSONWriter(capacity: 256 + c.changes.count * 160 + c.appends.count * 160 + c.rejects.count * 120)
        w.document(c)
        return w.bytes
    }

    /// The document in chunks of about a megabyte, so a million-change changeset is never held whole.
    static func stream(_ c: Changeset, to sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        var w = ChangesetJSONWriter(capacity: chunk + 64 * 1024)
        w.sink = sink
        w.document(c)
        w.bytes.withUnsafeBufferPointer(sink)
    }

    private mutating func document(_ c: Changeset) {
        raw("{\n  \"appends\": [")
        list(c.appends) { w, e in
            w.raw("{\"fields\": ")
            w.stringMap(e.fields)
            w.raw(", \"line\": ")
            w.int(e.line)
            w.raw("}")
        }
        raw(",\n  \"as_of\": ")
        string(c.asOf)
        raw(",\n  \"changes\": [")
        list(c.changes) { w, change in
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
        raw(",\n  \"changeset_version\": ")
        int(c.changesetVersion)
        raw(",\n  \"counts\": {\"appended\": ")
        int(c.counts.appended)
        raw(", \"created\": ")
        int(c.counts.created)
        raw(", \"rejected\": ")
        int(c.counts.rejected)
        raw(", \"superseded\": ")
        int(c.counts.superseded)
        raw(", \"unchanged\": ")
        int(c.counts.unchanged)
        raw(", \"updated\": ")
        int(c.counts.updated)
        raw("},\n  \"digests\": {\"model\": ")
        string(c.digests.model)
        raw(", \"records\": ")
        string(c.digests.records)
        raw(", \"spec\": ")
        string(c.digests.spec)
        raw("},\n  \"errors\": [")
        list(c.errors) { w, text in w.string(text) }
        raw(",\n  \"integration\": ")
        string(c.integration)
        raw(",\n  \"namespace\": ")
        string(c.namespace)
        raw(",\n  \"object\": ")
        string(c.object)
        raw(",\n  \"rejects\": [")
        list(c.rejects) { w, r in
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
        raw(",\n  \"source\": {\"path\": ")
        string(c.source.path)
        raw(", \"rows\": ")
        int(c.source.rows)
        raw(", \"sha256\": ")
        string(c.source.sha256)
        raw("},\n  \"superseded\": [")
        list(c.superseded) { w, s in
            w.raw("{\"by\": ")
            w.int(s.by)
            w.raw(", \"key\": ")
            w.string(s.key)
            w.raw(", \"line\": ")
            w.int(s.line)
            w.raw("}")
        }
        raw(",\n  \"warnings\": [")
        list(c.warnings) { w, text in w.string(text) }
        raw("\n}\n")
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
            if let sink, bytes.count >= Self.chunk {
                bytes.withUnsafeBufferPointer(sink)
                bytes.removeAll(keepingCapacity: true)
            }
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
