#if os(Linux)
import Foundation
import IntakeRunner
import Testing

@testable import IntakeStore

/// `kill -9` in the middle of an apply: the test binary runs itself again as the child that
/// applies, and is killed once it holds the store.
@Suite struct StoreCrashTests {
    private static let childStoreVariable = "INTAKE_STORE_CRASH_CHILD_STORE"
    private static let changeCount = 200_000

    /// The child's side: a long apply. Does nothing in a normal test run.
    @Test func childApply() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childStoreVariable] else { return }
        let store = try SQLiteStateStore(path: URL(fileURLWithPath: path))
        let keys = (0..<Self.changeCount).map { "CRASH-\($0)" }
        var changeset = try StoreFixture.changeset(
            [StoreFixture.change("template")], recordsDigest: RecordDigest.compute(keys: keys, records: [:]))
        let template = changeset.changes[0]
        changeset.changes = ChangeList(keys.map { key in
            var change = template
            change.key = key
            change.keyFields = ["id": key]
            change.attributes = ["Region": AttributeChange(old: nil, new: "EMEA")]
            return change
        })
        _ = try store.apply(changeset, run: StoreFixture.run())
    }

    @Test func killDashNineMidApplyLosesNothing() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "StoreCrashTests/childApply"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childStoreVariable: fixture.path.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

        // The lock row is written just before the write transaction begins; once the WAL
        // has grown by a few megabytes, SQLite is spilling the transaction's pages into it.
        let deadline = Date().addingTimeInterval(120)
        while try fixture.store.applyLockHolder()?.pid != child.processIdentifier {
            try #require(child.isRunning && Date() < deadline, "the child never took the apply lock")
            usleep(5_000)
        }
        let wal = fixture.path.path + "-wal"
        let walBefore = Self.size(of: wal)
        while Self.size(of: wal) < walBefore + 4_000_000 {
            try #require(child.isRunning && Date() < deadline, "the child never got deep into its transaction")
            usleep(5_000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try #require(child.terminationReason == .uncaughtSignal, "the child finished before it was killed")

        let reopened = try fixture.reopen()
        #expect(try reopened.existingKeys(in: "account", among: ["CRASH-0", "CRASH-199999"]).isEmpty)
        #expect(try reopened.allRecords(in: "account").map(\.key) == ["A1"])
        #expect(try reopened.runs(integration: nil, limit: 10).map(\.id) == [1])
        // The dead child's lock is taken over by the next apply.
        #expect(try reopened.applyLockHolder()?.pid == child.processIdentifier)
        try fixture.apply([StoreFixture.change("A2", ["Region": "APAC"])])
        #expect(try reopened.allRecords(in: "account").map(\.key) == ["A1", "A2"])
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
#endif
