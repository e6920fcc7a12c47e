import Foundation

/// Writes a changeset as JSON by hand: sorted keys, one record per line, byte-for-byte stable.
///
/// `JSONEncoder` spent most of a million-row plan building and sorting dictionaries; this
/// writer appends bytes in a fixed key order instead. `ChangesetEncoder.decode` reads it back.
struct ChangesetJSONWriter: ~Copyable {
    private var bytes: OutputBytes
    /// Where the document goes when streaming (chunks of about a megabyte, and each slice of
    /// changes as it is written); nil builds the whole document in `bytes`.
    private var sink: ((UnsafeBufferPointer<UInt8>) -> Void)?
    private static let chunk = 1 << 20
    /// Changes per slice written on one core.
    private static let slice = 4_096

    init(capacity: Int) {
        bytes = OutputBytes(capacity: capacity)
    }

    /// The whole document.
    static func write(_ c: Changeset) -> [UInt8] {
        var w = ChangesetJSONWriter(capacity: 256 + c.changes.count * 160 + c.appends.count * 160 + c.rejects.count * 120)
        w.document(c)
        return w.bytes.array
    }

    /// The document in chunks of about a megabyte, so a million-change changeset is never held whole.
    static func stream(_ c: Changeset, to sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        var w = ChangesetJSONWriter(capacity: chunk + 64 * 1024)
        w.sink = sink
        w.document(c)
        sink(w.bytes.buffer)
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
        changes(c.changes)
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

    /// The changes, one per line, written a slice at a time on every core: a million-row
    /// changeset is 100 MB of JSON, and each change's bytes depend on that change alone.
    private mutating func changes(_ changes: ChangeList) {
        guard changes.count >= Self.slice * 2 else {
            return list(changes) { w, change in w.change(change) }
        }
        let slices = (changes.count + Self.slice - 1) / Self.slice
        // A few slices per core at a time, capped so that the two waves held (one going out, the
        // next being written) stay tens of megabytes on any machine, not the whole document.
        let perWave = min(Parallel.threads * 2, 16)
        let wave: @Sendable (Int) -> [[UInt8]] = { first in
            Parallel.map(min(perWave, slices - first), serialBelow: 2) { part in
                let range = ((first + part) * Self.slice)..<min((first + part + 1) * Self.slice, changes.count)
                var w = ChangesetJSONWriter(capacity: range.count * 400)
                // Read in order, so changes set aside on disk come through a buffer of the slice's own.
                var slice = changes.changes(in: range)
                var index = range.lowerBound
                while let change = slice.next() {
                    w.raw(index == 0 ? "\n    " : ",\n    ")
                    w.change(change)
                    index += 1
                }
                return w.bytes.array
            }
        }
        // The next wave is written while this one goes out, so no core waits on the file.
        var next: Wave? = Wave { wave(0) }
        var first = 0
        while let current = next {
            first += perWave
            next = first < slices ? Wave { [first] in wave(first) } : nil
            for part in current.parts() { emit(part) }
        }
        raw("\n  ]")
    }

    private mutating func change(_ change: RecordChange) {
        raw("{\"action\": ")
        string(change.action.rawValue)
        raw(", \"attributes\": {")
        var first = true
        for (name, a) in change.attributes {
            if !first { raw(", ") }
            first = false
            string(name)
            raw(": {\"default\": ")
            optional(a.default)
            raw(", \"new\": ")
            optional(a.new)
            raw(", \"old\": ")
            optional(a.old)
            raw("}")
        }
        raw("}, \"key\": ")
        string(change.key)
        raw(", \"key_fields\": {")
        var firstKey = true
        change.forEachKeyField { name, value in entry(name, value, first: &firstKey) }
        raw("}")
        raw(", \"line\": ")
        int(change.line)
        raw("}")
    }

    /// Appends a finished part; streaming, it goes to the sink as it is, after what is buffered.
    private mutating func emit(_ part: [UInt8]) {
        guard let sink else { return part.withUnsafeBufferPointer { bytes.append($0) } }
        if !bytes.isEmpty {
            sink(bytes.buffer)
            bytes.removeAll()
        }
        part.withUnsafeBufferPointer(sink)
    }

    /// Parts of the changes being written on other threads.
    private final class Wave: @unchecked Sendable {
        // Written once by the worker before `done` is signalled, read after it.
        private var result: [[UInt8]] = []
        private let done = DispatchSemaphore(value: 0)

        init(_ work: @escaping @Sendable () -> [[UInt8]]) {
            DispatchQueue.global().async {
                self.result = work()
                self.done.signal()
            }
        }

        /// The parts, once written.
        func parts() -> [[UInt8]] {
            done.wait()
            // Signalled again, so a second call returns at once instead of waiting forever.
            done.signal()
            return result
        }
    }

    private mutating func flushIfFull() {
        if let sink, bytes.count >= Self.chunk {
            sink(bytes.buffer)
            bytes.removeAll()
        }
    }

    /// `[]`, or one element per line.
    private mutating func list<Items: Collection>(_ items: Items, _ element: (inout ChangesetJSONWriter, Items.Element) -> Void) {
        guard !items.isEmpty else {
            raw("]")
            return
        }
        for (index, item) in items.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            element(&self, item)
            flushIfFull()
        }
        raw("\n  ]")
    }

    /// A JSON object of `map`, keys in order.
    private mutating func stringMap(_ map: [String: String]) {
        stringMap(map.sorted { $0.key < $1.key })
    }

    /// A JSON object of `fields`, in their order.
    private mutating func stringMap(_ fields: [(key: String, value: String)]) {
        raw("{")
        var first = true
        for (key, value) in fields { entry(key, value, first: &first) }
        raw("}")
    }

    /// One `"name": "value"` member of an object, after a comma unless it is the `first`.
    private mutating func entry(_ name: String, _ value: String, first: inout Bool) {
        if !first { raw(", ") }
        first = false
        string(name)
        raw(": ")
        string(value)
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append($0) }
    }

    private mutating func int(_ value: Int) {
        // Digits written straight into the bytes: `String(value)` allocated a string per line number.
        guard value >= 0 else { return Array(String(value).utf8).withUnsafeBufferPointer { bytes.append($0) } }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var rest = value
            var at = buffer.count
            repeat {
                at -= 1
                buffer[at] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(UnsafeBufferPointer(rebasing: buffer[at...]))
        }
    }

    private mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    private mutating func string(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            // Most values need no escape: one append instead of one per byte.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                return bytes.append(utf8)
            }
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    for escaped in [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] { bytes.append(escaped) }
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }
}
