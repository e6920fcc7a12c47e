import Foundation
import IntakeRunner
import Testing

@testable import IntakeStore

/// `visitFields`: the merge-join scan and the keyed look-ups find the same records, with their bytes.
@Suite struct StoreVisitTests {
    func visited(_ store: SQLiteStateStore, _ keys: [String], scanThreshold: Int) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        var last = -1
        try store.visitFields(in: "account", sortedKeys: keys, scanThreshold: scanThreshold) { index, bytes in
            #expect(index > last, "visits come in index order: the plan merges on it")
            last = index
            #expect(out[keys[index]] == nil, "each key once")
            out[keys[index]] = FieldsJSON.decode(bytes: bytes)
        }
        return out
    }

    @Test func scanAndLookupAgree() throws {
        let fixture = try StoreFixture()
        // Non-ASCII keys, a prefix of another key, and a key that sorts before every stored one.
        let stored = ["A1", "A10", "B2", "Zürich-1", "café", "cafe", "z"]
        try fixture.apply(stored.map { StoreFixture.change($0, ["Region": "R-\($0)", "Note": "q\"uote\n"]) })
        try fixture.apply([StoreFixture.change("other", ["Region": "x"])], namespace: "user")
        let wanted = ["0-missing", "A1", "A10", "A2-missing", "B2", "Zürich-1", "cafe", "café", "zz-missing"]
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let scan = try visited(fixture.store, wanted, scanThreshold: 0)
        let lookup = try visited(fixture.store, wanted, scanThreshold: .max)
        #expect(scan == lookup)
        #expect(Set(scan.keys) == ["A1", "A10", "B2", "Zürich-1", "cafe", "café"])
        #expect(scan["café"] == ["id": "café", "Region": "R-café", "Note": "q\"uote\n"])
        // A part of the keys from a stored one on (a plan compared in parts): the scan starts
        // at that key and must still find it.
        let part = Array(wanted.drop { $0 != "A10" })
        #expect(try visited(fixture.store, part, scanThreshold: 0) == lookup.filter { part.contains($0.key) })
        #expect(try visited(fixture.store, part, scanThreshold: 0)["A10"] != nil)
        // The protocol's default (decode and re-encode) gives the same.
        var viaDefault: [String: [String: String]] = [:]
        try DefaultVisitStore(base: fixture.store).visitFields(in: "account", sortedKeys: wanted) { index, bytes in
            viaDefault[wanted[index]] = FieldsJSON.decode(bytes: bytes)
        }
        #expect(viaDefault == scan)
    }

    @Test func emptyKeysVisitNothing() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        #expect(try visited(fixture.store, [], scanThreshold: 0).isEmpty)
        #expect(try visited(fixture.store, ["A0", "A2"], scanThreshold: 0).isEmpty)
    }
}

/// A store that uses `StateStore`'s default `visitFields`.
private struct DefaultVisitStore: StateStore {
    let base: SQLiteStateStore
    func records(in namespace: String, keys: [String]) throws(StoreError) -> [String: StoredRecord] { try base.records(in: namespace, keys: keys) }
    func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String> { try base.existingKeys(in: namespace, among: keys) }
    func allRecords(in namespace: String) throws(StoreError) -> [StoredRecord] { try base.allRecords(in: namespace) }
    func parentLinks() throws(StoreError) -> [String: String] { try base.parentLinks() }
    func apply(_ changeset: Changeset, run: RunRecord) throws(StoreError) -> RunRecord { try base.apply(changeset, run: run) }
    func record(_ run: RunRecord) throws(StoreError) -> RunRecord { try base.record(run) }
    func runs(integration: String?, limit: Int) throws(StoreError) -> [RunRecord] { try base.runs(integration: integration, limit: limit) }
    func lastApplied(integration: String) throws(StoreError) -> RunRecord? { try base.lastApplied(integration: integration) }
}
