import Foundation

/// Reads changeset JSON byte by byte into a changeset, for `intake apply FILE`.
///
/// `JSONDecoder` took about 4 s on a 95 MB, 300k-change changeset; this reader builds the
/// types directly. It accepts any valid JSON with the changeset's keys, in any order and
/// spacing, so hand-edited files still load; anything else is an error with a byte offset.
struct ChangesetJSONReader: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "\(message) at byte \(offset)" }
    }

    /// The document, borrowed for the duration of `read`: readers on several cores share it
    /// without touching a reference count per byte (an array's would be one cache line fought over).
    let bytes: UnsafeBufferPointer<UInt8>
    /// The read position.
    var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func read(_ data: Data) throws -> Changeset {
        try data.withUnsafeBytes { raw in
            var reader = ChangesetJSONReader(raw.bindMemory(to: UInt8.self))
            let changeset = try reader.changeset()
            reader.skipSpace()
            guard reader.i == reader.bytes.count else { throw reader.fail("unexpected text after the changeset") }
            return changeset
        }
    }

    private mutating func changeset() throws -> Changeset {
        var c = Changeset(
            changesetVersion: 0, integration: "", object: "", namespace: "", asOf: "",
            source: ChangesetSource(path: "", sha256: "", rows: 0), digests: ChangesetDigests(spec: "", model: "", records: ""),
            counts: ChangesetCounts(), changes: [], appends: [], rejects: [], superseded: [], warnings: [])
        var seen = Set<String>()
        try object { r, key in
            seen.insert(key)
            switch key {
            case "changeset_version": c.changesetVersion = try r.int()
            case "integration": c.integration = try r.string()
            case "object": c.object = try r.string()
            case "namespace": c.namespace = try r.string()
            case "as_of": c.asOf = try r.string()
            case "source":
                try r.object { r, key in
                    switch key {
                    case "path": c.source.path = try r.string()
                    case "sha256": c.source.sha256 = try r.string()
                    case "rows": c.source.rows = try r.int()
                    default: try r.skipValue()
                    }
                }
            case "digests":
                try r.object { r, key in
                    switch key {
                    case "spec": c.digests.spec = try r.string()
                    case "model": c.digests.model = try r.string()
                    case "records": c.digests.records = try r.string()
                    default: try r.skipValue()
                    }
                }
            case "counts":
                try r.object { r, key in
                    let n = try r.int()
                    switch key {
                    case "created": c.counts.created = n
                    case "updated": c.counts.updated = n
                    case "unchanged": c.counts.unchanged = n
                    case "rejected": c.counts.rejected = n
                    case "superseded": c.counts.superseded = n
                    case "appended": c.counts.appended = n
                    default: break
                    }
                }
            case "changes": c.changes = ChangeList(try r.changes())
            case "appends":
                try r.array { r in
                    var event = AppendedEvent(line: 0, fields: [:])
                    try r.object { r, key in
                        switch key {
                        case "line": event.line = try r.int()
                        case "fields": event.fields = try r.stringMap()
                        default: try r.skipValue()
                        }
                    }
                    c.appends.append(event)
                }
            case "rejects":
                try r.array { r in
                    var reject = RejectedRow(line: 0, column: nil, value: nil, code: "", reason: "")
                    try r.object { r, key in
                        switch key {
                        case "line": reject.line = try r.int()
                        case "column": reject.column = try r.optionalInt()
                        case "value": reject.value = try r.optionalString()
                        case "code": reject.code = try r.string()
                        case "reason": reject.reason = try r.string()
                        default: try r.skipValue()
                        }
                    }
                    c.rejects.append(reject)
                }
            case "superseded":
                try r.array { r in
                    var row = SupersededRow(key: "", line: 0, by: 0)
                    try r.object { r, key in
                        switch key {
                        case "key": row.key = try r.string()
                        case "line": row.line = try r.int()
                        case "by": row.by = try r.int()
                        default: try r.skipValue()
                        }
                    }
                    c.superseded.append(row)
                }
            case "warnings": try r.array { r in c.warnings.append(try r.string()) }
            case "errors": try r.array { r in c.errors.append(try r.string()) }
            default: try r.skipValue()
            }
        }
        for key in ["changeset_version", "integration", "object", "namespace", "source", "digests", "counts", "changes"] where !seen.contains(key) {
            throw fail("the changeset has no '\(key)'")
        }
        return c
    }

    /// The changes array. Its elements' extents are found first by a scan that only follows
    /// strings and nesting, then the elements are read on every core: reading 300k changes was
    /// most of applying a saved changeset.
    private mutating func changes() throws -> [RecordChange] {
        try expect(0x5B)
        if peek() == 0x5D {
            i += 1
            return []
        }
        var extents: [Range<Int>] = []
        while true {
            skipSpace()
            let start = i
            guard i < bytes.count, bytes[i] == 0x7B else { throw fail("expected '{'") }
            try skipObjectBytes()
            extents.append(start..<i)
            if peek() == 0x2C { i += 1; continue }
            try expect(0x5D)
            break
        }
        let base = self
        let found = extents
        let read = Parallel.map(found.count, serialBelow: 4_096) { index -> Result<RecordChange, Failure> in
            var r = base
            r.i = found[index].lowerBound
            do {
                let change = try r.change()
                guard r.i == found[index].upperBound else { throw r.fail("unexpected text in a change") }
                return .success(change)
            } catch let failure as Failure {
                return .failure(failure)
            } catch {
                return .failure(r.fail("\(error)"))
            }
        }
        return try read.map { try $0.get() }
    }

    /// Moves past the object starting at `i`, following only strings and nesting.
    private mutating func skipObjectBytes() throws {
        let start = i
        var depth = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x22:
                i += 1
                while i < bytes.count, bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 {
                    i += 1
                    return
                }
            default: break
            }
            i += 1
        }
        i = start
        throw fail("unterminated object")
    }

    private mutating func change() throws -> RecordChange {
        var change = RecordChange(key: "", keyFields: [:], action: .create, line: 0, attributes: [:])
        try object { r, key in
            switch key {
            case "key": change.key = try r.string()
            case "key_fields": change.keyFields = SortedFields(try r.stringMap())
            case "line": change.line = try r.int()
            case "action":
                let at = r.i
                guard let action = RecordChange.Action(rawValue: try r.string()) else {
                    r.i = at
                    throw r.fail("action must be create or update")
                }
                change.action = action
            case "attributes":
                try r.object { r, name in
                    var attribute = AttributeChange(old: nil, new: nil)
                    try r.object { r, key in
                        switch key {
                        case "old": attribute.old = try r.optionalString()
                        case "new": attribute.new = try r.optionalString()
                        case "default": attribute.default = try r.optionalString()
                        default: try r.skipValue()
                        }
                    }
                    change.attributes[name] = attribute
                }
            default: try r.skipValue()
            }
        }
        return change
    }
}
