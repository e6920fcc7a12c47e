import Foundation
import IntakeDiagnostics
import IntakeKit
import IntakeRunner
import IntakeTestSupport
import Testing

/// A real `intake apply` child process, killed with SIGKILL in the middle of its transaction.
@Suite(.serialized) struct CrashSafetyTests {
    static let rows = 150_000

    /// The `intake` executable built next to the tests.
    static func binary() -> URL? {
        var candidates: [URL] = []
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("intake"))
            dir.deleteLastPathComponent()
        }
        candidates.append(Fixtures.repositoryRoot.appendingPathComponent(".build/debug/intake"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func sqlite(_ database: URL, _ sql: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", database.path, sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func killDashNineMidApplyLosesNothingAndASecondApplyIsBusyMeanwhile() throws {
        let intake = try #require(Self.binary(), "build the intake executable first (swift build)")
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        var csv = "Account ID,Name,Region\n"
        for i in 0..<Self.rows { csv += "acc-\(i),Account \(i),EMEA\n" }
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model, "data/big.csv": csv, "data/one.csv": "Account ID,Name,Region\nother,Other,APAC\n",
            "Integrations/accounts.yaml": "integration: accounts\nobject: account\nmode: one-time\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: Name, to: account_name }\n  - { from: Region, to: Region }\n",
        ], under: root)
        let database = root.appendingPathComponent(".intake/state.sqlite")
        // A small saved changeset, to try while the child holds the store: it goes straight to the lock.
        let small = try #require(PlanService(project: Project(root: root)).plan(RunRequest(name: "accounts", data: "data/one.csv", cwd: root)).runs.first?.outcome.changeset)
        let saved = root.appendingPathComponent("small.json")
        try ChangesetEncoder.encode(small).write(to: saved)
        let child = Process()
        child.executableURL = intake
        child.arguments = ["apply", "accounts", "--data", "data/big.csv", "--project", root.path]
        child.currentDirectoryURL = root
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        // Wait until the child holds the apply lock, i.e. is inside its apply.
        let deadline = Date().addingTimeInterval(120)
        while sqlite(database, "SELECT count(*) FROM apply_lock") != "1" && child.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        // Frozen where it stands, inside its transaction, however fast the apply has become;
        // then the second apply is tried and the child killed without ever running on.
        kill(child.processIdentifier, SIGSTOP)
        try #require(
            child.isRunning && sqlite(database, "SELECT count(*) FROM apply_lock") == "1",
            "the child finished before it could be stopped; raise CrashSafetyTests.rows")
        let busy = ApplySavedService(project: Project(root: root)).run(saved)
        kill(child.processIdentifier, SIGKILL)
        let diagnostic = busy.runs.first?.outcome.diagnostics.first
        #expect(diagnostic?.code == .storeFailure)
        #expect(diagnostic?.message.contains("another apply is running since") == true, "\(String(describing: diagnostic))")
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        // All or nothing: the killed transaction left no record and no applied run.
        let history = HistoryService(project: Project(root: root))
        let count = try history.records(object: "account").get().count
        #expect(count == 0 || count == Self.rows)
        if count == 0 { #expect(try history.runs(integration: "accounts").get().allSatisfy { $0.outcome != "applied" }) }
        // The dead holder's lock is taken over; the next apply completes.
        let retry = PlanService(project: Project(root: root)).apply(RunRequest(name: "accounts", data: "data/big.csv", cwd: root))
        #expect(!retry.failed, "\(retry.runs.first?.outcome.diagnostics ?? [])")
        #expect(try history.records(object: "account").get().count == Self.rows)
    }
}
