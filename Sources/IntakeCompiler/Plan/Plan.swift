import Foundation

/// The compiled, executable form of one integration: everything the runner needs, nothing else.
///
/// A plan is a pure value. Encoded with `PlanEncoder` it is deterministic: the same spec and
/// model give the same bytes.
public struct Plan: Codable, Sendable, Equatable {
    /// The plan format version; bumped when the runner's reading of a plan changes.
    public static let formatVersion = 1

    /// The plan format version.
    public var planVersion: Int
    /// The integration's name.
    public var integration: String
    /// The object kind.
    public var object: ObjectKind
    /// The collection, for collection plans.
    public var collection: String?
    /// `one-time` or `recurring`.
    public var mode: String
    /// The cron schedule in canonical spelling.
    public var schedule: String?
    /// Where the file comes from.
    public var source: PlanSource?
    /// How to read the CSV.
    public var csv: PlanCSV
    /// The fields that identify a record; empty for appended events.
    public var key: [String]
    /// `fail` (one-time), `last_wins` (recurring) or `append` (activity events).
    public var duplicates: DuplicatePolicy
    /// Limits a run must stay within unless overridden; nil when the spec declares none.
    public var guards: PlanGuards?
    /// What to do with an unmapped header.
    public var unmapped: String
    /// For aggregated usage: `all` accepts every `Module##Action` header.
    public var usageColumns: String?
    /// How many rejected rows are tolerated.
    public var maxRejectedRows: PlanRejectLimit
    /// The resolved columns, in the spec's order.
    public var columns: [PlanColumn]
    /// Per-row requirements beyond single columns.
    public var rowRules: PlanRowRules
    /// What an empty cell does, for every attribute of the object (mapped or not).
    public var defaults: [PlanDefault]
    /// Digests of the inputs, so a changeset can be refused when they change.
    public var digests: PlanDigests

    /// How duplicate keys in one file are handled.
    public enum DuplicatePolicy: String, Codable, Sendable {
        /// Duplicate keys fail the file (one-time).
        case fail
        /// The last row of a key wins (recurring).
        case lastWins = "last_wins"
        /// Every row is an event; nothing is deduplicated.
        case append
    }
}

/// CSV reading options, with every default made explicit.
public struct PlanCSV: Codable, Sendable, Equatable {
    /// The field delimiter.
    public var delimiter: String
    /// Always `utf-8`.
    public var encoding: String
    /// `strip` or `reject`.
    public var footer: String
    /// The most columns a file may have.
    public var maxColumns: Int
}

/// The tolerated number of rejected rows.
public struct PlanRejectLimit: Codable, Sendable, Equatable, CustomStringConvertible {
    /// `count` or `percent`.
    public var kind: String
    /// The count or the percentage.
    public var value: Double

    /// As a spec writes it: `25` or `5%`.
    public var description: String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return kind == "percent" ? number + "%" : number
    }
}

/// `guards:` as the runner enforces them.
public struct PlanGuards: Codable, Sendable, Equatable {
    /// The most records created or updated: a count, or a percentage of the file's records.
    public var maxChanged: PlanRejectLimit?
    /// The most stored attribute values cleared.
    public var maxDeletedValues: Int?
    /// Whether records may be created.
    public var allowNewRecords: Bool?
    /// The spec line of `guards:`, for messages.
    public var specLine: Int

    /// Creates guards.
    public init(maxChanged: PlanRejectLimit? = nil, maxDeletedValues: Int? = nil, allowNewRecords: Bool? = nil, specLine: Int) {
        self.maxChanged = maxChanged
        self.maxDeletedValues = maxDeletedValues
        self.allowNewRecords = allowNewRecords
        self.specLine = specLine
    }
}

/// Requirements that involve several fields of a row.
public struct PlanRowRules: Codable, Sendable, Equatable {
    /// At least one field of each group must be non-empty.
    public var oneOf: [[String]]
    /// Fields that must be non-empty when the record is new.
    public var requiredForNew: [String]
    /// Whether parent ids must exist and the hierarchy stay acyclic (accounts).
    public var checkParents: Bool
    /// Whether account ids must name an account in the store or the file.
    public var accountMustExist: Bool
}

/// What an empty cell does to one attribute, and where that rule comes from.
public struct PlanDefault: Codable, Sendable, Equatable {
    /// The attribute.
    public var attribute: String
    /// `delete`, `keep`, `value` or `today`.
    public var policy: String
    /// The canonical value for `value`.
    public var value: String?
    /// `model`, `spec` or `fixed` (not configurable for this object).
    public var origin: String
}

/// The spec and model digests.
public struct PlanDigests: Codable, Sendable, Equatable {
    /// `sha256:` of the spec file.
    public var spec: String
    /// `sha256:` of the model file.
    public var model: String
}

/// Where the runner gets the file; secrets stay as `${ENV}` references.
public struct PlanSource: Codable, Sendable, Equatable {
    /// `file`, `http`, `s3` or `sftp`.
    public var kind: String
    /// Path, URL, `s3://bucket/key` or `sftp://user@host:port/path`.
    public var location: String
    /// `newest` or `all`, for globs and prefixes.
    public var pick: String?
    /// Other settings (headers, region, endpoint, known_hosts…), sorted by name.
    public var options: [Option]

    /// Creates a source.
    public init(kind: String, location: String, pick: String?, options: [Option]) {
        self.kind = kind
        self.location = location
        self.pick = pick
        self.options = options
    }

    /// One named setting.
    public struct Option: Codable, Sendable, Equatable {
        /// The setting's name, such as `header.Authorization` or `region`.
        public var name: String
        /// Its value; secrets only as `${ENV}` references.
        public var value: String

        /// Creates a setting.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
}
