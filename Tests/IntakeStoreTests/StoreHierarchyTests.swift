import Foundation
import Testing

@testable import IntakeRunner
@testable import IntakeStore

/// Two changesets planned against the same state cannot together close a parent cycle.
@Suite struct StoreHierarchyTests {
    @Test func theSecondHalfOfACycleIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"]), StoreFixture.change("B1", ["Region": "APAC"])])
        let first = try fixture.plan([StoreFixture.change("A1", ["parent_id": "B1"])])
        let second = try fixture.plan([StoreFixture.change("B1", ["parent_id": "A1"])])
        _ = try fixture.store.apply(first, run: StoreFixture.run())
        #expect {
            _ = try fixture.store.apply(second, run: StoreFixture.run())
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .stale && error.message.contains("circular") && !error.message.contains("A1")
                && error.detail == "account 'B1' would become its own ancestor"
        }
        #expect(try fixture.fields("B1")?["parent_id"] == nil, "nothing of the refused changeset was written")
    }

    /// `changeset` with its changes set aside on disk, as a plan past its memory budget leaves them.
    private static func setAside(_ changeset: Changeset) throws -> Changeset {
        let stored = try StoredChanges(directory: FileManager.default.temporaryDirectory)
        try stored.append(changeset.changes)
        try stored.seal()
        var copy = changeset
        copy.changes = ChangeList(stored: stored)
        return copy
    }

    /// Held or set aside on disk (read by key and parent alone), in key order or not.
    @Test(arguments: [false, true])
    func linksTheChangesetWritesAreReadFromItInKeyOrderOrNot(aside: Bool) throws {
        let plan = { (fixture: StoreFixture, changes: [[String: Any]]) in aside ? try Self.setAside(fixture.plan(changes)) : try fixture.plan(changes) }
        for reversed in [false, true] {
            let fixture = try StoreFixture()
            try fixture.apply([StoreFixture.change("A", ["Region": "EMEA"])])
            // Created accounts: B's chain runs through C, which the same changeset creates.
            var chain = [StoreFixture.change("B", ["parent_id": "C"]), StoreFixture.change("C", ["parent_id": "A"])]
            if reversed { chain.reverse() }
            _ = try fixture.store.apply(try plan(fixture, chain), run: StoreFixture.run())
            #expect(try fixture.fields("B")?["parent_id"] == "C")
            // A cycle made entirely of links this changeset writes.
            var loop = [StoreFixture.change("X", ["parent_id": "Y"]), StoreFixture.change("Y", ["parent_id": "X"])]
            if reversed { loop.reverse() }
            #expect(throws: StoreError.self) { _ = try fixture.store.apply(try plan(fixture, loop), run: StoreFixture.run()) }
            // And one closed through stored accounts.
            #expect(throws: StoreError.self) {
                _ = try fixture.store.apply(try plan(fixture, [StoreFixture.change("A", ["parent_id": "B"])]), run: StoreFixture.run())
            }
        }
    }

    @Test func longChainsAndBulkLoadsStillApply() throws {
        let fixture = try StoreFixture()
        // A long chain in one changeset: no cycle, applies (walked one lookup per new parent).
        let count = 2_010
        let changes = (0..<count).map { StoreFixture.change("N\($0)", ["parent_id": $0 == 0 ? nil : "N\($0 - 1)"]) }
        try fixture.apply(changes)
        #expect(try fixture.fields("N\(count - 1)")?["parent_id"] == "N\(count - 2)")
        let closing = try fixture.plan([StoreFixture.change("N0", ["parent_id": "N\(count - 1)"])])
        let harmless = try fixture.plan([StoreFixture.change("N5", ["parent_id": "N4"])])
        // The walk that loads every link at once finds the same cycle as the keyed lookups.
        try fixture.store.writer.write { db in
            try db.execute(sql: "UPDATE records SET fields = json_set(fields, '$.parent_id', ?) WHERE key = 'N0'", arguments: ["N\(count - 1)"])
            for threshold in [0, HierarchyGuard.bulkThreshold] {
                #expect(throws: StoreError.self) { try HierarchyGuard.check(closing, in: db, bulkThreshold: threshold) }
            }
            try db.execute(sql: "UPDATE records SET fields = json_remove(fields, '$.parent_id') WHERE key = 'N0'")
            for threshold in [0, HierarchyGuard.bulkThreshold] {
                try HierarchyGuard.check(harmless, in: db, bulkThreshold: threshold)
            }
        }
        #expect(throws: StoreError.self) { _ = try fixture.store.apply(closing, run: StoreFixture.run()) }
    }

    /// Loading every link costs about a microsecond per stored account, a lookup a few: the
    /// walk may look up more accounts before switching when the store is larger.
    @Test func theBulkThresholdGrowsWithTheStore() throws {
        var changeset = try StoreFixture().plan([StoreFixture.change("A", ["parent_id": "B"])])
        #expect(HierarchyGuard.bulkThreshold(for: changeset) == HierarchyGuard.bulkThreshold)
        changeset.counts.updated = 2_000_000
        changeset.counts.unchanged = 7_000_000
        #expect(HierarchyGuard.bulkThreshold(for: changeset) == 2_250_000)
    }
}
