import Foundation
import IntakeCompiler
import IntakeRunner
import IntakeStore
import IntakeTestSupport
import Testing

/// Compiles an inline spec against the fixture model and runs it over inline CSV.
struct RunnerHarness {
    let store: SQLiteStateStore
    static let asOf = ISO8601Strict.parseDateTime("2026-11-26T10:30:00Z")!

    init() throws {
        store = try SQLiteStateStore.inMemory()
    }

    func plan(_ spec: String) throws -> Plan {
        let (diagnostics, plan) = SpecHarness.compile(spec, model: SpecHarness.model())
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        return try #require(plan)
    }

    func run(_ spec: String, _ csv: String, footer: FooterPolicy = .reject) throws -> RunOutcome {
        let plan = try plan(spec)
        let reader = CSVReader(data: Data(csv.utf8), delimiter: plan.csv.delimiter.utf8.first!, footer: footer)
        return Runner(plan: plan, store: store).run(reader, sourcePath: "data.csv", asOf: Self.asOf)
    }

    /// Runs and applies; fails the test when the run fails.
    @discardableResult
    func apply(_ spec: String, _ csv: String) throws -> Changeset {
        let outcome = try run(spec, csv)
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        let changeset = try #require(outcome.changeset)
        _ = try store.apply(changeset, run: RunRecord(integration: changeset.integration, command: "apply", outcome: "applied", startedAt: "2026-11-26T10:30:00Z"))
        return changeset
    }

    static let accounts = """
        integration: accounts
        object: account
        mode: recurring
        schedule: "0 3 * * *"
        unmapped: ignore
        max_rejected_rows: 100
        columns:
          - { from: Account ID, to: account_id }
          - { from: Name, to: account_name }
          - { from: Parent, to: parent_id }
          - { from: Region, to: Region }
          - { from: ARR, to: ARR, number: { thousands: "," } }
          - { from: Renewal, to: Renewal Date, date: { formats: ["MM/dd/yyyy"] } }
          - { from: Tier, to: Health Segment, map: { green: Healthy, red: Critical } }
          - { from: Synced, to: Last Sync }

        """
}
