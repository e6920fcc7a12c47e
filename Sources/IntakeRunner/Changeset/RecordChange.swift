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
