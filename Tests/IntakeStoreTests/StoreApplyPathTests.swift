import Foundation
import IntakeRunner
import Testing

@testable import IntakeStore

/// A plan's changeset (keys in store order) is merged on every core and written with raw
/// binds; any other order is written change by change. Both must store the same bytes.
@Suite struct StoreApplyPathTests {
    /// 3,000 changes (past the serial cut-off) over a store holding every other key, with
    /// escapes, removals and non-ASCII values; `order` arranges them before applying.
    func applied(_ order: ([[String: Any]]) -> [[String: Any]]) throws -> [String] {
        let fixture = try StoreFixture()
        try fixture.apply(stride(from: 0, to: 3_000, by: 2).map {
            StoreFixture.change(String(format: "k%05d", $0), ["Region": "R\($0)", "Note": "q\"uote\n\($0)"])
        })
        let changes = (0..<3_000).map { index in
            StoreFixture.change(
                String(format: "k%05d", index),
                ["Region": index % 3 == 0 ? nil : "Zürich \(index)", "Tier": "T\(index % 7)"], line: index + 2)
        }
        _ = try fixture.store.apply(try fixture.plan(order(changes)), run: StoreFixture.run())
        return try fixture.store.allRecords(in: "account").map { "\($0.key)=\(FieldsJSON.encode($0.fields))" }
    }

    @Test func sortedAndUnsortedChangesetsStoreTheSameRecords() throws {
        let sorted = try applied { $0 }
        let reversed = try applied { $0.reversed() }
        #expect(sorted.count == 3_000)
        #expect(sorted == reversed)
        #expect(sorted[1] == #"k00001={"Region":"Zürich 1","Tier":"T1","id":"k00001"}"#)
        #expect(sorted[3] == #"k00003={"Tier":"T3","id":"k00003"}"#)
        #expect(sorted[2] == #"k00002={"Note":"q\"uote\n2","Region":"Zürich 2","Tier":"T2","id":"k00002"}"#)
    }

    @Test func aRecordChangedSincePlanningIsRefusedOnTheSortedPath() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("a", ["Region": "EMEA"]), StoreFixture.change("b", ["Region": "APAC"])])
        let planned = try fixture.plan([StoreFixture.change("a", ["Tier": "1"]), StoreFixture.change("b", ["Tier": "2"])])
        try fixture.apply([StoreFixture.change("b", ["Region": "LATAM"])])
        #expect { _ = try fixture.store.apply(planned, run: StoreFixture.run()) } throws: { error in
            (error as? StoreError)?.kind == .stale
        }
        #expect(try fixture.fields("a")?["Tier"] == nil, "nothing of the refused changeset was written")
    }

    @Test func anUnreadableStoredRecordFailsTheApply() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("a", ["Region": "EMEA"])])
        try fixture.store.writer.write { db in try db.execute(sql: "UPDATE records SET fields = '{not json' WHERE key = 'a'") }
        let changeset = try StoreFixture.changeset([StoreFixture.change("a", ["Tier": "1"])], recordsDigest: "sha256:any")
        #expect { _ = try fixture.store.apply(changeset, run: StoreFixture.run()) } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.message.contains("unreadable") && error.detail == "key a: {not json"
        }
    }
}
