import Foundation
import IntakeRunner
import Testing

@testable import IntakeStore

@Suite struct StoreSafetyTests {
    @Test func refusesAChangesetWhoseRecordsChangedSincePlanning() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        let planned = try fixture.plan([
            StoreFixture.change("A0", ["Region": "APAC"]), StoreFixture.change("A1", ["Region": "AMER"]),
        ])
        try fixture.apply([StoreFixture.change("A1", ["Region": "LATAM"])])

        let error = try #require(throws: StoreError.self) { try fixture.store.apply(planned, run: StoreFixture.run()) }
        #expect(error.kind == .stale)
        #expect(error.message == "records touched by this changeset changed since it was planned (2 keys)")
        #expect(try fixture.fields("A0") == nil)
        #expect(try fixture.fields("A1")?["Region"] == "LATAM")
        #expect(try fixture.store.runs(integration: nil, limit: 10).count == 2)
        #expect(try fixture.store.applyLockHolder() == nil)
    }

    @Test func aRecordCreatedSincePlanningIsAChangeToo() throws {
        let fixture = try StoreFixture()
        let planned = try fixture.plan([StoreFixture.change("A1", ["Region": "AMER"])])
        try fixture.apply([StoreFixture.change("A1", ["Region": "LATAM"])])
        #expect(throws: StoreError.self) { try fixture.store.apply(planned, run: StoreFixture.run()) }
    }

    @Test func aFailureMidwayWritesNothingAndReleasesTheLock() throws {
        let fixture = try StoreFixture()
        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        // The schema refuses an empty key, so the third change fails after two were written.
        let changes = [
            StoreFixture.change("A1", ["Region": "SECRET-REGION"]), StoreFixture.change("A2", ["Region": "APAC"]),
            StoreFixture.change("", ["Region": "SECRET-VALUE"]), StoreFixture.change("A3"),
        ]
        let planned = try fixture.plan(changes, appends: [StoreFixture.event(line: 9, ["user_id": "u1"])])

        let error = try #require(throws: StoreError.self) { try fixture.store.apply(planned, run: StoreFixture.run()) }
        #expect(error.kind == .failed)
        #expect(error.message.hasPrefix("could not apply the changeset: SQLite error"))
        #expect(!error.message.contains("SECRET"))
        #expect(error.detail?.contains("CHECK constraint failed") == true)

        #expect(try fixture.fields("A1")?["Region"] == "EMEA")
        #expect(try fixture.store.existingKeys(in: "account", among: ["A2", "A3"]).isEmpty)
        #expect(try fixture.store.runs(integration: nil, limit: 10).map(\.id) == [1])
        #expect(try fixture.store.applyLockHolder() == nil)
        // The store is usable afterwards.
        try fixture.apply([StoreFixture.change("A2", ["Region": "APAC"])])
        #expect(try fixture.fields("A2")?["Region"] == "APAC")
    }

    @Test func aSecondApplyWhileALiveProcessHoldsTheLockIsBusy() throws {
        let fixture = try StoreFixture()
        let other = try fixture.reopen()
        let holder = ApplyLock(pid: getpid(), host: ApplyLock.hostName, since: "2026-01-02T03:04:05Z")
        try other.plantApplyLock(holder)

        let planned = try fixture.plan([StoreFixture.change("A1", ["Region": "EMEA"])])
        let error = try #require(throws: StoreError.self) { try fixture.store.apply(planned, run: StoreFixture.run()) }
        #expect(error.kind == .busy)
        #expect(
            error.message
                == "another apply is running since 2026-01-02T03:04:05Z (pid \(getpid())); wait for it or, if it died, run again"
        )
        #expect(try fixture.fields("A1") == nil)
        #expect(try fixture.store.runs(integration: nil, limit: 10).isEmpty)
        // The refused apply leaves the holder's lock alone.
        #expect(try fixture.store.applyLockHolder() == holder)
    }

    @Test func aLockOnAnotherHostCountsAsHeld() throws {
        let fixture = try StoreFixture()
        try fixture.store.plantApplyLock(ApplyLock(pid: 1, host: "elsewhere.example", since: "2026-01-02T03:04:05Z"))
        let planned = try fixture.plan([StoreFixture.change("A1")])
        let error = try #require(throws: StoreError.self) { try fixture.store.apply(planned, run: StoreFixture.run()) }
        #expect(error.kind == .busy)
        #expect(error.message.contains("(pid 1 on elsewhere.example)"))
    }

    @Test func aDeadHoldersLockIsTakenOver() throws {
        let fixture = try StoreFixture()
        let dead = try Self.pidOfAnExitedProcess()
        try fixture.reopen().plantApplyLock(ApplyLock(pid: dead, host: ApplyLock.hostName, since: "2026-01-02T03:04:05Z"))

        try fixture.apply([StoreFixture.change("A1", ["Region": "EMEA"])])
        #expect(try fixture.fields("A1")?["Region"] == "EMEA")
        #expect(try fixture.store.applyLockHolder() == nil)
    }

    @Test func unusableFilesAreUnavailable() throws {
        let fixture = try StoreFixture()
        let notADatabase = fixture.folder.appendingPathComponent("notes.sqlite")
        try Data("SECRET-ROW,1,2\n".utf8).write(to: notADatabase)
        let error = try #require(throws: StoreError.self) { try SQLiteStateStore(path: notADatabase) }
        #expect(error.kind == .unavailable)
        #expect(!error.message.contains("SECRET"))

        let blocked = fixture.folder.appendingPathComponent("notes.sqlite/state.sqlite")
        #expect(throws: StoreError.self) { try SQLiteStateStore(path: blocked) }
    }

    @Test func planRunsMayBeRecordedWhileTheLockIsHeld() throws {
        let fixture = try StoreFixture()
        try fixture.store.plantApplyLock(ApplyLock(pid: getpid(), host: ApplyLock.hostName, since: "now"))
        let run = try fixture.reopen().record(StoreFixture.run(command: "plan", outcome: "planned"))
        #expect(run.id == 1)
    }

    /// A pid that certainly belongs to no running process: one of a child that has exited.
    private static func pidOfAnExitedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        let pid = process.processIdentifier
        #expect(kill(pid, 0) != 0)
        return pid
    }
}
