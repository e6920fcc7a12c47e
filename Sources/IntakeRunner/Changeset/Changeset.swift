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
