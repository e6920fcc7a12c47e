import Foundation

/// A record as stored: its key and its fields (system fields and attributes), canonical strings.
public struct StoredRecord: Sendable, Equatable, Codable {
    /// The record key (key fields joined by ` / `).
    public var key: String
    /// Field name → canonical value; absent fields are not stored.
    public var fields: [String: String]

    /// Creates a record.
    public init(key: String, fields: [String: String]) {
        self.key = key
        self.fields = fields
    }
}

/// One recorded run (plan, apply, skip or failure).
public struct RunRecord: Sendable, Equatable, Codable {
    /// The run number, from 1.
    public var id: Int64
    /// The integration.
    public var integration: String
    /// `plan` or `apply`.
    public var command: String
    /// `planned`, `applied`, `skipped`, `failed`.
    public var outcome: String
    /// When the run started (ISO 8601 UTC).
    public var startedAt: String
    /// `sha256:` of the source file, when one was read.
    public var fileSHA256: String?
    /// The source path or URL (secrets redacted).
    public var source: String?
    /// The fetched object: its key or remote path, with ETag or modification time when known.
    public var sourceObject: String?
    /// The spec digest.
    public var specDigest: String?
    /// The model digest.
    public var modelDigest: String?
    /// The counts, when the run got that far.
    public var counts: ChangesetCounts?
    /// Why it was skipped or failed; overridden guards.
    public var reason: String?
    /// The tag of the row fingerprints an apply kept with the records it wrote
    /// (`RowFingerprint`); nil when it kept none (a saved changeset's apply, a plan).
    public var fingerprintTag: UInt32?

    /// Creates a run record (id assigned by the store).
    public init(
        id: Int64 = 0, integration: String, command: String, outcome: String, startedAt: String, fileSHA256: String? = nil,
        source: String? = nil, specDigest: String? = nil, modelDigest: String? = nil, counts: ChangesetCounts? = nil,
        reason: String? = nil, sourceObject: String? = nil
    ) {
        self.sourceObject = sourceObject
        self.id = id
        self.integration = integration
        self.command = command
        self.outcome = outcome
        self.startedAt = startedAt
        self.fileSHA256 = fileSHA256
        self.source = source
        self.specDigest = specDigest
        self.modelDigest = modelDigest
        self.counts = counts
        self.reason = reason
    }
}

/// Errors a store reports. Messages never include row values (CSV data may be sensitive).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// Another apply holds the store.
        case busy
        /// The changeset's touched records changed since it was planned.
        case stale
        /// The store cannot be opened or migrated.
        case unavailable
        /// A statement failed.
        case failed
    }

    /// The kind.
    public var kind: Kind
    /// A message without row values.
    public var message: String
    /// Detail that may contain row values, shown only with `--verbose`.
    public var detail: String?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.detail = detail
    }

    /// The message, without row values.
    public var description: String { message }
}

/// What the runner reads from the state: records by key, and the run history.
///
/// Kept free of any database: SQLite is the default implementation, PostgreSQL will follow.
public protocol StateStore: Sendable {
    /// The stored records of a namespace among `keys` (missing keys are left out).
    func records(in namespace: String, keys: [String]) throws(StoreError) -> [String: StoredRecord]

    /// Visits the stored records among `sortedKeys` (unique, in UTF-8 byte order) with the index
    /// of each key found and its fields as canonical JSON bytes (`FieldsJSON`), holding none of
    /// them: a plan over a million rows compares in place instead of decoding every record.
    /// Visits come in ascending index order: the plan merges them with its rows.
    func visitFields(in namespace: String, sortedKeys: [String], _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void) throws(StoreError)

    /// Which of `keys` exist in the namespace.
    func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String>

    /// Every record of a namespace, in key order.
    func allRecords(in namespace: String) throws(StoreError) -> [StoredRecord]

    /// Parent links of every stored account (key → parent_id), for hierarchy checks.
    func parentLinks() throws(StoreError) -> [String: String]

    /// Applies a changeset in one transaction, after checking the touched records still have
    /// the digest the changeset was planned against. Records the run and returns it.
    func apply(_ changeset: Changeset, run: RunRecord) throws(StoreError) -> RunRecord

    /// Records a run that applied nothing (plan, skip, failure) and returns it with its id.
    func record(_ run: RunRecord) throws(StoreError) -> RunRecord

    /// Runs, newest first, optionally of one integration.
    func runs(integration: String?, limit: Int) throws(StoreError) -> [RunRecord]

    /// The last applied run of an integration.
    func lastApplied(integration: String) throws(StoreError) -> RunRecord?

    /// The row fingerprints kept with a namespace's records whose stored bytes lie in
    /// `RowFingerprint.storedRange(tag:)`: those one plan's changes wrote; nil when there are
    /// more than `limit`.
    func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]?
}

extension StateStore {
    /// None: a store that keeps no fingerprints has every row compared in full.
    public func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]? { [] }

    /// Visits through `records(in:keys:)`, re-encoding each record; stores that can hand out
    /// their bytes do better.
    public func visitFields(in namespace: String, sortedKeys: [String], _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void) throws(StoreError) {
        let found = try records(in: namespace, keys: sortedKeys)
        for (index, key) in sortedKeys.enumerated() {
            guard let record = found[key] else { continue }
            Array(FieldsJSON.encode(record.fields).utf8).withUnsafeBufferPointer { visit(index, $0) }
        }
    }
}
