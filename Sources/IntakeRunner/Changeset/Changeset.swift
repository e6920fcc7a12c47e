import Foundation

/// The dry-run diff of one run: what applying it would do to the store, and what was rejected.
///
/// Encoded with `ChangesetEncoder` it is deterministic: same plan, data, state and as-of, same bytes.
public struct Changeset: Codable, Sendable, Equatable {
    /// The changeset format version.
    public static let formatVersion = 1

    /// The changeset format version.
    public var changesetVersion: Int
    /// The integration's name.
    public var integration: String
    /// The object kind (`account`, `usage.activity`…).
    public var object: String
    /// The store namespace records live in (`account`, `collection:Opportunities`…).
    public var namespace: String
    /// The run's as-of time (ISO 8601 UTC); `today` defaults use its date.
    public var asOf: String
    /// The source file read.
    public var source: ChangesetSource
    /// Digests that make a saved changeset refusable when its inputs changed.
    public var digests: ChangesetDigests
    /// The counts.
    public var counts: ChangesetCounts
    /// Records created or updated, in key order; a plan past its memory budget keeps them on disk.
    public var changes: ChangeList
    /// Events appended (activity usage), in file order.
    public var appends: [AppendedEvent]
    /// Rows rejected, in line order.
    public var rejects: [RejectedRow]
    /// Rows superseded by a later row with the same key (recurring runs).
    public var superseded: [SupersededRow]
    /// Run-level warnings, such as a stripped footer.
    public var warnings: [String]
    /// Why the run failed (too many rejects…); a changeset with errors can never be applied.
    public var errors: [String] = []

    // Explicit keys: a key strategy would also rewrite attribute names used as dictionary keys.
    enum CodingKeys: String, CodingKey {
        case changesetVersion = "changeset_version", integration, object, namespace, asOf = "as_of", source, digests, counts
        case changes, appends, rejects, superseded, warnings, errors
    }
}

/// The file a changeset was computed from.
public struct ChangesetSource: Codable, Sendable, Equatable {
    /// The path as given (relative to the project when inside it).
    public var path: String
    /// `sha256:` of the file's bytes.
    public var sha256: String
    /// Data rows read (header and footer excluded).
    public var rows: Int
}

/// Digests of everything the changeset depends on.
public struct ChangesetDigests: Codable, Sendable, Equatable {
    /// The spec file's digest when planned.
    public var spec: String
    /// The model file's digest when planned.
    public var model: String
    /// The digest of the touched records' stored state before the change.
    public var records: String
}

/// How many records each action touched.
public struct ChangesetCounts: Codable, Sendable, Equatable {
    /// New records.
    public var created = 0
    /// Records with at least one attribute changed.
    public var updated = 0
    /// Records whose row changes nothing.
    public var unchanged = 0
    /// Rows rejected.
    public var rejected = 0
    /// Rows superseded by a later duplicate.
    public var superseded = 0
    /// Events appended.
    public var appended = 0

    /// All zero.
    public init() {}

    /// Whether applying would change the store.
    public var hasChanges: Bool { created + updated + appended > 0 }
}

/// One record's change.
public struct RecordChange: Codable, Sendable, Equatable {
    /// `create` or `update`.
    public enum Action: String, Codable, Sendable {
        case create, update
    }

    /// The record key, its fields joined by ` / ` in key order.
    public var key: String {
        didSet {
            // A key field held by name alone takes the key's value: it keeps the one it had.
            if case .named(let name) = keyFieldStorage, !key.utf8.elementsEqual(oldValue.utf8) { keyFieldStorage = .fields(SortedFields(sorted: [(name, oldValue)])) }
        }
    }
    /// The key fields, held by name alone when there is one whose value is the key.
    private var keyFieldStorage: KeyFields
    /// The key fields by name.
    public var keyFields: SortedFields<String> {
        get {
            switch keyFieldStorage {
            case .named(let name): SortedFields(sorted: [(name, key)])
            case .fields(let fields): fields
            }
        }
        set { keyFieldStorage = KeyFields(newValue, key: key) }
    }
    /// The action.
    public var action: Action
    // The row fingerprint's bits below its plan's tag (`sourceFingerprint(tag:)`), 0 and 0
    // without one: declared beside the one-byte action, they fill its padding and the last
    // eight bytes, where a whole optional fingerprint made every change 24 bytes larger (a
    // plan holds every change until it is written) and an array allocated one per change.
    private var fingerprintMiddle: UInt32 = 0
    /// The file line of the row that produced it.
    public var line: Int
    /// Changed attributes only: old → new, and the default that fired.
    public var attributes: SortedFields<AttributeChange>
    private var fingerprintLow: UInt64 = 0

    /// Creates a change.
    public init(key: String, keyFields: SortedFields<String>, action: Action, line: Int, attributes: SortedFields<AttributeChange>) {
        self.init(key: key, keyFields: KeyFields(keyFields, key: key), action: action, line: line, attributes: attributes)
    }

    /// Creates a change whose key fields are given as held.
    init(key: String, keyFields: KeyFields, action: Action, line: Int, attributes: SortedFields<AttributeChange>) {
        self.key = key
        keyFieldStorage = keyFields
        self.action = action
        self.line = line
        self.attributes = attributes
    }

    /// How many key fields there are.
    var keyFieldCount: Int {
        switch keyFieldStorage {
        case .named: 1
        case .fields(let fields): fields.count
        }
    }

    /// `body` over each key field's name and value, in name order, without an array for them.
    func forEachKeyField(_ body: (String, String) throws -> Void) rethrows {
        switch keyFieldStorage {
        case .named(let name): try body(name, key)
        case .fields(let fields): for (name, value) in fields { try body(name, value) }
        }
    }

    /// Whether a key field is called `name`.
    func hasKeyField(named name: String) -> Bool {
        switch keyFieldStorage {
        case .named(let only): only == name
        case .fields(let fields): fields[name] != nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case key, keyFields = "key_fields", action, line, attributes
    }

    /// Reads a change from its JSON object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let key = try container.decode(String.self, forKey: .key)
        self.init(
            key: key, keyFields: try container.decode(SortedFields<String>.self, forKey: .keyFields),
            action: try container.decode(Action.self, forKey: .action), line: try container.decode(Int.self, forKey: .line),
            attributes: try container.decode(SortedFields<AttributeChange>.self, forKey: .attributes))
    }

    /// Writes the change as a JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(keyFields, forKey: .keyFields)
        try container.encode(action, forKey: .action)
        try container.encode(line, forKey: .line)
        try container.encode(attributes, forKey: .attributes)
    }

    /// The fingerprint of the row behind the change, under the tag of the run that made it
    /// (`RunOutcome.fingerprintTag`), for the store to keep with the record; nil when the
    /// change was read from a file. A hint for later plans, not part of what the change does:
    /// it is neither written to changeset files nor compared by `==`.
    public func sourceFingerprint(tag: UInt32) -> RowFingerprint? {
        fingerprintMiddle == 0 && fingerprintLow == 0 ? nil : RowFingerprint(high: UInt64(tag) << 32 | UInt64(fingerprintMiddle), low: fingerprintLow)
    }

    /// Keeps `fingerprint`'s bits below its tag.
    mutating func keep(_ fingerprint: RowFingerprint) {
        fingerprintMiddle = UInt32(truncatingIfNeeded: fingerprint.high)
        fingerprintLow = fingerprint.low
    }

    /// The fingerprint bits it keeps, as they are (`keep`): for a change set aside on disk.
    var keptFingerprint: (middle: UInt32, low: UInt64) {
        get { (fingerprintMiddle, fingerprintLow) }
        set { (fingerprintMiddle, fingerprintLow) = newValue }
    }

    /// Whether both do the same to the same record, from the same line.
    public static func == (a: RecordChange, b: RecordChange) -> Bool {
        a.key == b.key && a.keyFields == b.keyFields && a.action == b.action && a.line == b.line && a.attributes == b.attributes
    }

    /// Applies the change to a record's stored `fields`: each attribute set or cleared, then
    /// the key fields written over whatever an attribute of the same name did.
    public func apply(to fields: inout [String: String]) {
        fields.reserveCapacity(fields.count + attributes.count + keyFieldCount)
        for (name, attribute) in attributes { fields[name] = attribute.new }
        forEachKeyField { name, value in fields[name] = value }
    }
}

/// A change's key fields: the one field whose value is the change's key, by name alone (an
/// array of one pair a change was 64 bytes × three million changes at ten million rows), or
/// all of them.
enum KeyFields: Sendable {
    case named(String)
    case fields(SortedFields<String>)

    /// `fields` as held for a change keyed `key`.
    init(_ fields: SortedFields<String>, key: String) {
        if fields.count == 1, let only = fields.entries.first, only.value.utf8.elementsEqual(key.utf8) {
            self = .named(only.key)
        } else {
            self = .fields(fields)
        }
    }
}

/// One attribute's change. A nil value means absent (deleted or never set).
public struct AttributeChange: Codable, Sendable, Equatable {
    /// The stored value before.
    public var old: String?
    /// The value after.
    public var new: String?
    /// The default that fired for an empty cell (`delete`, `value`, `today`), if one did.
    public var `default`: String?

    /// Creates a change.
    public init(old: String?, new: String?, default: String? = nil) {
        self.old = old
        self.new = new
        self.default = `default`
    }

    enum CodingKeys: String, CodingKey { case old, new, `default` }

    /// Writes all three keys, `null` included, so readers need not guess what a missing key means.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
        try container.encode(self.default, forKey: .default)
    }
}

/// An appended event (activity usage).
public struct AppendedEvent: Codable, Sendable, Equatable {
    /// The file line.
    public var line: Int
    /// The event's fields.
    public var fields: [String: String]

    /// Creates an event.
    public init(line: Int, fields: [String: String]) {
        self.line = line
        self.fields = fields
    }
}

/// A rejected row.
public struct RejectedRow: Codable, Sendable, Equatable {
    /// The physical line of the row in the file (header is line 1).
    public var line: Int
    /// The 1-based column of the offending cell, when one cell is at fault.
    public var column: Int?
    /// The offending value (the raw cell), when one cell is at fault.
    public var value: String?
    /// The reject code (`R001`…).
    public var code: String
    /// Why, in one sentence.
    public var reason: String

    enum CodingKeys: String, CodingKey { case line, column, value, code, reason }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(value, forKey: .value)
        try container.encode(code, forKey: .code)
        try container.encode(reason, forKey: .reason)
    }

    /// Creates a rejected row.
    public init(line: Int, column: Int?, value: String?, code: String, reason: String) {
        self.line = line
        self.column = column
        self.value = value
        self.code = code
        self.reason = reason
    }
}

/// A row superseded by a later row with the same key.
public struct SupersededRow: Codable, Sendable, Equatable {
    /// The record key.
    public var key: String
    /// The superseded row's line.
    public var line: Int
    /// The line of the row that won.
    public var by: Int

    /// Creates a superseded row.
    public init(key: String, line: Int, by: Int) {
        self.key = key
        self.line = line
        self.by = by
    }
}
