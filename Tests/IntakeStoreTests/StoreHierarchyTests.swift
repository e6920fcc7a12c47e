import Foundation
import IntakeRunner
import Testing

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

    @Test func longChainsAndBulkLoadsStillApply() throws {
        let fixture = try StoreFixture()
        // A chain longer than the bulk threshold, in one changeset: no cycle, applies.
        let count = HierarchyGuard.bulkThreshold + 10
        let changes = (0..<count).map { StoreFixture.change("N\($0)", ["parent_id": $0 == 0 ? nil : "N\($0 - 1)"]) }
        try fixture.apply(changes)
        #expect(try fixture.fields("N\(count - 1)")?["parent_id"] == "N\(count - 2)")
        let closing = try fixture.plan([StoreFixture.change("N0", ["parent_id": "N\(count - 1)"])])
        #expect(throws: StoreError.self) { _ = try fixture.store.apply(closing, run: StoreFixture.run()) }
    }
}
