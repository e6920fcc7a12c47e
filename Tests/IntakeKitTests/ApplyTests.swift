import Foundation
import IntakeDiagnostics
@testable import IntakeKit
import IntakeRunner
import IntakeTestSupport
import Testing

/// plan / apply / saved changesets / skip-identical against a real SQLite store in a temp project.
@Suite struct ApplyTests {
    static let spec = """
        version: 1
        integration: accounts
        object: account
        mode: recurring
        schedule: "0 3 * * *"
        source: { file: data/accounts.csv }
        unmapped: ignore
        columns:
          - { from: Account ID, to: account_id }
          - { from: Name, to: account_name }
          - { from: Region, to: Region }

        """

    let root: URL
    let project: Project

    init() throws {
        root = try Fixtures.temporaryFolder()
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model, "Integrations/accounts.yaml": Self.spec,
            "data/accounts.csv": "Account ID,Name,Region\nacme,Acme,EMEA\nglobex,Globex,APAC\n",
        ], under: root)
        project = Project(root: root)
    }

    func request(_ data: String? = nil, force: Bool = false) -> RunRequest {
        RunRequest(name: "accounts", data: data, asOf: ISO8601Strict.parseDate("2026-11-26"), force: force, cwd: root)
    }

    @Test func applyThenSecondApplyIsSkippedOrUnchanged() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let planned = PlanService(project: project).plan(request())
        #expect(!planned.failed && planned.hasChanges)
        #expect(planned.runs.first?.record?.outcome == "planned")
        let applied = PlanService(project: project).apply(request())
        #expect(!applied.failed && applied.runs.first?.record?.outcome == "applied")
        // The same file again: skipped as identical, recorded as a failed run.
        let again = PlanService(project: project).apply(request())
        #expect(again.skipped)
        #expect(again.runs.first?.outcome.diagnostics.map(\.code) == [.identicalFile])
        #expect(again.runs.first?.record?.outcome == "failed")
        #expect(again.runs.first?.record?.reason == "skipped: identical to run \(applied.runs[0].record!.id)")
        // Forced: everything unchanged.
        let forced = PlanService(project: project).plan(request(force: true))
        #expect(forced.runs.first?.outcome.changeset?.counts.unchanged == 2 && !forced.hasChanges)
        let history = try HistoryService(project: project).runs(integration: "accounts").get()
        #expect(history.map(\.outcome) == ["planned", "failed", "applied", "planned"])
        #expect(try HistoryService(project: project).records(object: "account").get().map(\.key) == ["acme", "globex"])
    }

    @Test func savedChangesetAppliesExactlyOnceAndStaleOnesAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let saved = root.appendingPathComponent("change.json")
        let changeset = try #require(PlanService(project: project).plan(request()).runs.first?.outcome.changeset)
        try ChangesetEncoder.encode(changeset).write(to: saved)
        // The data file changes after planning: refused, and it says which input changed.
        let csv = root.appendingPathComponent("data/accounts.csv")
        let original = try Data(contentsOf: csv)
        try Data("Account ID,Name,Region\nacme,Acme,DACH\n".utf8).write(to: csv)
        let staleFile = ApplySavedService(project: project).run(saved)
        #expect(staleFile.failed && staleFile.diagnostics.contains { $0.code == .staleChangeset && $0.message.contains("data file") })
        try original.write(to: csv)
        // A touched record changes in the store after planning: refused by the store.
        try Data("Account ID,Name,Region\nacme,Acme,DACH\n".utf8).write(to: root.appendingPathComponent("other.csv"))
        #expect(!PlanService(project: project).apply(request("other.csv")).failed)
        let staleRecords = ApplySavedService(project: project).run(saved)
        #expect(staleRecords.failed)
        #expect(staleRecords.runs.first?.outcome.diagnostics.first?.code == .staleChangeset)
    }

    @Test func savedChangesetsAreAppliedOnceAndNeverFromAFailedRun() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let saved = root.appendingPathComponent("change.json")
        var changeset = try #require(PlanService(project: project).plan(request()).runs.first?.outcome.changeset)
        try ChangesetEncoder.encode(changeset).write(to: saved)
        #expect(!ApplySavedService(project: project).run(saved).failed)
        let twice = ApplySavedService(project: project).run(saved)
        #expect(twice.failed && twice.diagnostics.first?.message.contains("already applied as run") == true)
        changeset.errors = ["3 rows rejected; max_rejected_rows allows 0"]
        try ChangesetEncoder.encode(changeset).write(to: saved)
        let failed = ApplySavedService(project: project).run(saved)
        #expect(failed.diagnostics.first?.message.hasPrefix("the changeset comes from a failed run") == true)
    }

    @Test func savedChangesetIsRefusedWhenTheSpecChanged() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let saved = root.appendingPathComponent("change.json")
        let changeset = try #require(PlanService(project: project).plan(request()).runs.first?.outcome.changeset)
        try ChangesetEncoder.encode(changeset).write(to: saved)
        try Data((Self.spec + "max_rejected_rows: 5\n").utf8).write(to: project.url("Integrations/accounts.yaml"))
        let report = ApplySavedService(project: project).run(saved)
        #expect(report.diagnostics.contains { $0.code == .staleChangeset && $0.message.contains("spec") })
        #expect(try HistoryService(project: project).records(object: "account").get().isEmpty)
    }

    @Test func missingDataFilesAreOneClearError() {
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = PlanService(project: project).plan(request("nope.csv"))
        #expect(missing.failed && missing.diagnostics.map(\.code) == [.dataFileNotFound])
        try? FileManager.default.removeItem(at: root.appendingPathComponent("data/accounts.csv"))
        let noMatch = PlanService(project: project).plan(request())
        #expect(noMatch.diagnostics.map(\.code) == [.dataFileNotFound])
        #expect(noMatch.diagnostics.first?.message == "no file matches source 'data/accounts.csv'")
    }

    @Test func rowsRejectedAfterReadingKeepTheirCellsInTheRejectsFile() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let users = "integration: users\nobject: user\nmode: one-time\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n"
        try Fixtures.write(["Integrations/users.yaml": users, "data/users.csv": "U,A\njane,ghost\n"], under: root)
        let report = PlanService(project: project).plan(RunRequest(name: "users", data: "data/users.csv", cwd: root))
        let run = try #require(report.runs.first)
        #expect(run.outcome.changeset?.rejects.map(\.code) == ["R012"])
        #expect(run.outcome.rejectedCells[2] == ["jane", "ghost"])
    }

    @Test func rejectsFileKeepsColumnsAndNeutralisesFormulas() {
        let text = RejectsFileWriter.render(
            header: ["Account ID", "Note"],
            rejects: [RejectedRow(line: 3, column: 1, value: "=cmd", code: "R002", reason: "bad id, really")],
            cells: [3: ["=cmd", "@x"]])
        #expect(text == "Account ID,Note,_error_line,_error_column,_error_code,_error_message\r\n'=cmd,'@x,3,1,R002,\"bad id, really\"\r\n")
        // A CR LF pair is one Character in Swift: the cell is still quoted; quotes double.
        #expect(RejectsFileWriter.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(RejectsFileWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RejectsFileWriter.field("-1, or +1") == "\"'-1, or +1\"")
        #expect(RejectsFileWriter.field("Zürich") == "Zürich")
        #expect(RejectsFileWriter.field("a\"\u{301}b") == "\"a\"\"\u{301}b\"", "a quote that starts a Character is doubled too")
    }
}
