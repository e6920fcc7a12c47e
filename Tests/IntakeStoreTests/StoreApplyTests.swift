import Foundation
import IntakeRunner
import IntakeStore
import Testing

@Suite struct StoreApplyTests {
    @Test func createsTheFolderAndMigratesIdempotently() throws {
        let fixture = try StoreFixture()
        #expect(FileManager.default.fileExists(atPath: fixture.path.path))
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        // A second open runs no migration twice and sees the data.
        let again = try fixture.reopen()
        #expect(try again.records(in: "account", keys: ["A1"])["A1"]?.fields["Region"] == "EMEA")
        _ = try fixture.reopen()
        #expect(try again.runs(integration: nil, limit: 10).count == 1)
    }

    @Test func createsUpdatesAndRemovesFields() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA", "ARR": "1000"])])
        #expect(try fixture.fields("A1") == ["id": "A1", "Region": "EMEA", "ARR": "1000"])

        try fixture.apply([StoreFixture.change("A1", ["ARR": "2000", "Region": nil])])
        #expect(try fixture.fields("A1") == ["id": "A1", "ARR": "2000"])
    }

    @Test func storesKeyFieldsAndLeavesUntouchedFieldsAlone() throws {
        let fixture = try StoreFixture()
        let keyFields = ["collection_id": "C1", "account_id": "A1"]
        try fixture.apply([StoreFixture.change("A1 / C1", ["Stage": "Won", "Amount": "5"], keyFields: keyFields)])
        try fixture.apply([StoreFixture.change("A1 / C1", ["Stage": "Lost"], keyFields: keyFields)])
        #expect(
            try fixture.fields("A1 / C1")
                == ["collection_id": "C1", "account_id": "A1", "Stage": "Lost", "Amount": "5"])
    }

    @Test func keepsAwkwardValuesIntact() throws {
        let fixture = try StoreFixture()
        let value = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} é 日本 🎉"
        try fixture.apply([StoreFixture.change("A \"1\"", ["Note \\ \"x\"": value])])
        #expect(try fixture.fields("A \"1\"")?["Note \\ \"x\""] == value)
    }

    @Test func storesAppendedEvents() throws {
        let fixture = try StoreFixture()
        let run = try fixture.apply(
            [], appends: [StoreFixture.event(line: 2, ["user_id": "u1"]), StoreFixture.event(line: 3, ["user_id": "u2"])],
            namespace: "usage.activity")
        #expect(run.id == 1)
        // Events are not records: the namespace's records stay empty.
        #expect(try fixture.store.allRecords(in: "usage.activity").isEmpty)
    }

    @Test func recordsTheAppliedRunWithCountsAndDigests() throws {
        let fixture = try StoreFixture()
        let changeset = try fixture.plan(
            [StoreFixture.change("A1", ["Region": "EMEA"]), StoreFixture.change("A2", ["Region": "APAC"])],
            counts: ["created": 2, "rejected": 1])
        let run = try fixture.store.apply(changeset, run: StoreFixture.run(outcome: "planned"))
        #expect(run.id == 1)
        #expect(run.outcome == "applied")
        #expect(run.counts == changeset.counts)
        #expect(run.fileSHA256 == "sha256:feed")
        #expect(run.specDigest == "sha256:spec")
        #expect(try fixture.reopen().lastApplied(integration: "accounts-crm") == run)
    }

    @Test func readsInBatchesAcrossChunkBoundaries() throws {
        let fixture = try StoreFixture()
        let keys = (0..<1_234).map { String(format: "K%05d", $0) }
        try fixture.apply(keys.map { StoreFixture.change($0, ["Region": "R\($0)"]) })
        let asked = keys.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) + ["missing-1", "missing-2"]
        let found = try fixture.store.records(in: "account", keys: asked)
        #expect(found.count == asked.count - 2)
        #expect(found["K00003"]?.fields["Region"] == "RK00003")
        #expect(try fixture.store.existingKeys(in: "account", among: asked) == Set(asked.dropLast(2)))
        #expect(try fixture.store.existingKeys(in: "user", among: asked).isEmpty)
        #expect(try fixture.store.records(in: "account", keys: []).isEmpty)
        #expect(try fixture.store.allRecords(in: "account").map(\.key) == keys)
    }

    @Test func allRecordsAreInKeyOrderAndParentLinksComeFromAccounts() throws {
        let fixture = try StoreFixture()
        try fixture.apply([
            StoreFixture.change("B", ["parent_id": "A"]), StoreFixture.change("A"),
            StoreFixture.change("C", ["parent_id": "B"]),
        ])
        try fixture.apply([StoreFixture.change("U1", ["parent_id": "X"])], namespace: "user")
        #expect(try fixture.store.allRecords(in: "account").map(\.key) == ["A", "B", "C"])
        #expect(try fixture.store.parentLinks() == ["B": "A", "C": "B"])
    }

    @Test func runsAreNewestFirstAndLimited() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let plan = try store.record(StoreFixture.run(command: "plan", outcome: "planned"))
        let applied = try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        let other = try store.record(StoreFixture.run(integration: "users", command: "plan", outcome: "planned"))
        let skipped = try store.record(StoreFixture.run(outcome: "failed", reason: "identical to run 2"))
        #expect([plan.id, applied.id, other.id, skipped.id] == [1, 2, 3, 4])
        #expect(try store.runs(integration: nil, limit: 10).map(\.id) == [4, 3, 2, 1])
        #expect(try store.runs(integration: "accounts-crm", limit: 2).map(\.id) == [4, 2])
        #expect(try store.runs(integration: "accounts-crm", limit: 0).isEmpty)
        #expect(try store.runs(integration: nil, limit: 10).first == skipped)
        #expect(try store.lastApplied(integration: "accounts-crm")?.id == 2)
        #expect(try store.lastApplied(integration: "users") == nil)
    }

    @Test func inMemoryStoreWorks() throws {
        let store = try SQLiteStateStore.inMemory()
        let changeset = try StoreFixture.changeset(
            [StoreFixture.change("A1", ["Region": "EMEA"])],
            recordsDigest: RecordDigest.compute(keys: ["A1"], records: [:]))
        _ = try store.apply(changeset, run: StoreFixture.run())
        #expect(try store.allRecords(in: "account").map(\.fields) == [["id": "A1", "Region": "EMEA"]])
    }
}
