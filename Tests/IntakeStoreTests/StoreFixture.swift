import Foundation
import IntakeRunner
import IntakeStore
import IntakeTestSupport

/// A store in a temporary folder, and changesets built against it.
///
/// Changesets are decoded from JSON: the runner's types have no public memberwise
/// initialisers, and decoding is how a saved changeset reaches `apply` anyway.
final class StoreFixture {
    /// The temporary folder, removed on deinit.
    let folder: URL
    /// The store file.
    let path: URL
    /// The store under test.
    let store: SQLiteStateStore

    init() throws {
        folder = try Fixtures.temporaryFolder()
        path = folder.appendingPathComponent(".intake/state.sqlite")
        store = try SQLiteStateStore(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A second store object on the same file, as another process would open it.
    func reopen() throws -> SQLiteStateStore { try SQLiteStateStore(path: path) }

    /// A changeset of `changes` planned against the store as it is now.
    func plan(
        _ changes: [[String: Any]], appends: [[String: Any]] = [], namespace: String = "account",
        counts: [String: Int] = [:]
    ) throws -> Changeset {
        let keys = changes.map { $0["key"] as! String }
        let digest = RecordDigest.compute(keys: keys, records: try store.records(in: namespace, keys: keys))
        return try Self.changeset(changes, appends: appends, namespace: namespace, counts: counts, recordsDigest: digest)
    }

    /// Plans and applies `changes`, returning the recorded run.
    @discardableResult
    func apply(_ changes: [[String: Any]], appends: [[String: Any]] = [], namespace: String = "account") throws -> RunRecord {
        try store.apply(try plan(changes, appends: appends, namespace: namespace), run: Self.run())
    }

    /// The fields stored for `key`, or nil when absent.
    func fields(_ key: String, namespace: String = "account") throws -> [String: String]? {
        try store.records(in: namespace, keys: [key])[key]?.fields
    }

    /// One record change: attribute name → new value, nil to remove it.
    static func change(
        _ key: String, _ attributes: [String: String?] = [:], keyFields: [String: String]? = nil, line: Int = 2
    ) -> [String: Any] {
        var encoded = [String: Any]()
        for (name, value) in attributes { encoded[name] = value.map { ["new": $0] } ?? [String: Any]() }
        return [
            "key": key, "key_fields": keyFields ?? ["id": key], "action": "update", "line": line, "attributes": encoded,
        ]
    }

    /// An appended event.
    static func event(line: Int, _ fields: [String: String]) -> [String: Any] { ["line": line, "fields": fields] }

    /// A changeset decoded from its JSON form.
    static func changeset(
        _ changes: [[String: Any]], appends: [[String: Any]] = [], namespace: String = "account",
        counts: [String: Int] = [:], recordsDigest: String
    ) throws -> Changeset {
        var allCounts = ["created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "superseded": 0, "appended": 0]
        allCounts.merge(counts) { _, new in new }
        let object: [String: Any] = [
            "changeset_version": 1, "integration": "accounts-crm", "object": "account", "namespace": namespace,
            "as_of": "2026-01-02T00:00:00Z",
            "source": ["path": "data/accounts.csv", "sha256": "sha256:feed", "rows": changes.count],
            "digests": ["spec": "sha256:spec", "model": "sha256:model", "records": recordsDigest],
            "counts": allCounts, "changes": changes, "appends": appends, "rejects": [], "superseded": [],
            "warnings": [], "errors": [],
        ]
        let data = try JSONSerialization.data(withJSONObject: object)
        return try JSONDecoder().decode(Changeset.self, from: data)
    }

    /// A run as the apply command would pass it.
    static func run(
        integration: String = "accounts-crm", command: String = "apply", outcome: String = "applied",
        reason: String? = nil
    ) -> RunRecord {
        RunRecord(
            integration: integration, command: command, outcome: outcome, startedAt: "2026-01-02T00:00:00Z",
            reason: reason)
    }
}
