import Foundation
import IntakeDiagnostics
import IntakeKit
import IntakeTestSupport
import Testing

/// `guards:` in specs: plan and apply fail when one is exceeded; `--override-guard` is explicit and recorded.
@Suite struct GuardTests {
    static let spec = "Integrations/accounts-crm.yaml"
    static let data = "Integrations/data/accounts-crm.csv"

    /// The samples with `guards` in place of the accounts spec's own.
    func repository(_ guards: String, applied: Bool = false) throws -> ScratchRepository {
        let repo = try ScratchRepository(applying: applied ? ["accounts-crm"] : [])
        let url = repo.root.appendingPathComponent(Self.spec)
        var text = try String(contentsOf: url, encoding: .utf8)
        if let range = text.range(of: "\nguards:") {
            // Drop the sample's own guards block (up to the next top-level key).
            let end = text[range.upperBound...].range(of: "\nunmapped:")!.lowerBound
            text.removeSubrange(range.lowerBound..<end)
        }
        text = text.replacingOccurrences(of: "unmapped: error", with: "guards: \(guards)\nunmapped: error")
        try Data(text.utf8).write(to: url)
        return repo
    }

    func plan(_ repo: ScratchRepository, overrides: [String] = []) -> RunReport {
        PlanService(project: repo.project).plan(RunRequest(name: "accounts-crm", cwd: repo.root, overrides: overrides))
    }

    func errors(_ report: RunReport) -> [Diagnostic] {
        (report.diagnostics + report.runs.flatMap(\.outcome.diagnostics)).filter { $0.severity == .error }
    }

    @Test func newRecordsAreRefusedAtTheGuardsLine() throws {
        let repo = try repository("{ allow_new_records: false }")
        defer { repo.remove() }
        let report = plan(repo)
        #expect(report.failed)
        let error = try #require(errors(report).first)
        #expect(error.code == .guardExceeded)
        #expect(error.message == "guard allow_new_records: 5 records would be created (first at line 2); the guard allows none")
        #expect(error.location == SourceLocation(file: Self.spec, line: try repo.line(of: "guards:", in: Self.spec), column: 1))
        #expect(error.hint?.contains("--override-guard allow_new_records") == true)
    }

    @Test func anOverrideIsAWarningAndIsRecorded() throws {
        let repo = try repository("{ allow_new_records: false }")
        defer { repo.remove() }
        let report = PlanService(project: repo.project).apply(RunRequest(name: "accounts-crm", cwd: repo.root, overrides: ["allow_new_records"]))
        #expect(!report.failed, "\(errors(report))")
        let run = try #require(report.runs.first)
        #expect(run.outcome.diagnostics.map(\.code) == [.guardOverridden])
        #expect(run.record?.outcome == "applied")
        let history = try HistoryService(project: repo.project).runs(integration: "accounts-crm", limit: 1).get()
        #expect(history.first?.reason?.hasPrefix("guards overridden: allow_new_records (5 records would be created") == true)
    }

    @Test func clearedValuesAndChangedShareAreCounted() throws {
        let repo = try repository("{ max_changed: \"20%\", max_deleted_values: 0 }", applied: true)
        defer { repo.remove() }
        // acme-1 loses its renewal date (a delete default) and globex_42 moves region: 2 of 5 records change.
        try repo.edit(Self.data, replacing: "\"1,250,000\",03/04/2026,green", with: "\"1,250,000\",,green")
        try repo.edit(Self.data, replacing: "globex_42,\"Globex Corporation, APAC\",,APAC", with: "globex_42,\"Globex Corporation, APAC\",,EMEA")
        let messages = errors(plan(repo)).map(\.message)
        #expect(messages == [
            "guard max_changed: 2 records would be created or updated (40% of the file's 5); the guard allows 20%",
            "guard max_deleted_values: 1 stored value would be cleared (Renewal Date 1); the guard allows 0",
        ])
        #expect(errors(plan(repo, overrides: ["max_changed", "max_deleted_values"])).isEmpty)
    }

    @Test func overrideNamesAreChecked() throws {
        let repo = try repository("{ max_deleted_values: 0 }")
        defer { repo.remove() }
        let typo = errors(plan(repo, overrides: ["max_delete_values"]))
        #expect(typo.map(\.code) == [.unknownGuard])
        #expect(typo.first?.hint == "did you mean 'max_deleted_values'?")
        let undeclared = errors(plan(repo, overrides: ["max_changed"]))
        #expect(undeclared.first?.message == "integration 'accounts-crm' declares no guard 'max_changed'")
    }

    @Test func aSavedChangesetNeedsTheOverrideAgain() throws {
        let repo = try repository("{ allow_new_records: false }")
        defer { repo.remove() }
        let path = repo.root.path
        let saved = runCLI(["plan", "accounts-crm", "--project", path, "--override-guard", "allow_new_records", "--out", repo.root.appendingPathComponent("c.json").path])
        #expect(saved.exitCode == 0, "\(saved.stderr)")
        let refused = runCLI(["apply", repo.root.appendingPathComponent("c.json").path, "--project", path])
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("E051"))
        let applied = runCLI(["apply", repo.root.appendingPathComponent("c.json").path, "--project", path, "--override-guard", "allow_new_records"])
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        #expect(applied.stderr.contains("W007"))
    }

    @Test func diffReportsLoosenedGuards() throws {
        let repo = try repository("{ max_changed: \"5%\", allow_new_records: false }")
        defer { repo.remove() }
        try repo.git("commit", "-q", "-a", "-m", "guards")
        try repo.edit(Self.spec, replacing: "guards: { max_changed: \"5%\", allow_new_records: false }", with: "guards: { max_changed: \"1%\" }")
        let changes = DiffService(project: repo.project).run(DiffRequest(base: "HEAD", names: ["accounts-crm"], cwd: repo.root)).changes
        #expect(changes.map { "\($0.severity.rawValue) \($0.message)" } == [
            "review guard allow_new_records: none (was false)", "safe guard max_changed: 1% (was 5%)",
        ])
    }
}
