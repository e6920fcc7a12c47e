import Foundation
import IntakeKit
import IntakeRunner
import IntakeTestSupport
import Testing

/// Every sample in Integrations/ plans and applies on a fresh store; a second apply changes nothing.
@Suite struct SamplesApplyTests {
    /// Accounts first: every other object names accounts that must exist.
    static let order = ["accounts-crm", "totango-users", "users-crm", "opportunities", "usage-events", "usage-daily", "assignments", "tasks", "touchpoints"]
    /// Specs whose source is a server: IntakeSourcesTests plans and applies them with their test servers running.
    static let fetched: Set = ["accounts-http", "accounts-s3", "accounts-sftp"]

    func copyOfRepository() throws -> URL {
        let root = try Fixtures.temporaryFolder()
        for folder in ["Integrations", "Templates"] {
            try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        return root
    }

    @Test func everySampleAppliesCleanlyThenIsSkippedOrUnchanged() throws {
        let root = try copyOfRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = Project(root: root)
        #expect(Set(Self.order) == Set(ValidateService(project: project).run().integrations.map(\.name)).subtracting(Self.fetched))
        let asOf = ISO8601Strict.parseDate("2026-11-26")
        for name in Self.order {
            let report = PlanService(project: project).apply(RunRequest(name: name, asOf: asOf, cwd: root))
            let changeset = report.runs.first?.outcome.changeset
            #expect(!report.failed, "\(name): \(report.diagnostics + (report.runs.first?.outcome.diagnostics ?? []))")
            #expect(changeset?.rejects == [], "\(name) rejects: \(changeset?.rejects ?? [])")
            #expect(changeset?.counts.hasChanges == true, "\(name) changed nothing")
            #expect(report.runs.first?.record?.outcome == "applied")
        }
        for name in Self.order {
            let again = PlanService(project: project).plan(RunRequest(name: name, asOf: asOf, force: true, cwd: root))
            let counts = try #require(again.runs.first?.outcome.changeset?.counts)
            if name == "usage-events" {
                #expect(counts.appended > 0, "events are appended each run")
            } else {
                #expect(counts.created == 0 && counts.updated == 0 && counts.unchanged > 0, "\(name): \(counts)")
            }
        }
        let skipped = PlanService(project: project).apply(RunRequest(name: "accounts-crm", asOf: asOf, cwd: root))
        #expect(skipped.skipped)
    }

    /// With a one-byte memory budget every sample's rows are set aside on disk (all but the
    /// appended events, which keep file order in memory) and plan to the same changeset.
    @Test func everySamplePlansTheSameWithItsRowsSetAside() throws {
        let root = try copyOfRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = Project(root: root)
        let asOf = ISO8601Strict.parseDate("2026-11-26")
        for name in Self.order {
            var request = RunRequest(name: name, asOf: asOf, cwd: root)
            let held = try #require(PlanService(project: project).plan(request).runs.first?.outcome)
            request.memoryBudget = 1
            let aside = try #require(PlanService(project: project).plan(request).runs.first?.outcome)
            #expect(held.rowsSetAside == 0)
            #expect((aside.rowsSetAside > 0) == (name != "usage-events"), "\(name): \(aside.rowsSetAside) rows set aside")
            let expected = try #require(held.changeset)
            #expect(try ChangesetEncoder.encode(#require(aside.changeset)) == ChangesetEncoder.encode(expected), "\(name)")
            #expect(aside.diagnostics.map(\.message) == held.diagnostics.map(\.message), "\(name)")
            // The next samples' accounts and users must exist.
            #expect(!PlanService(project: project).apply(RunRequest(name: name, asOf: asOf, cwd: root)).failed, "\(name)")
        }
    }

    @Test func sampleChangesetRendersAsTextAndMarkdown() throws {
        let root = try copyOfRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let report = PlanService(project: Project(root: root)).plan(
            RunRequest(name: "accounts-crm", asOf: ISO8601Strict.parseDate("2026-11-26"), cwd: root))
        let changeset = try #require(report.runs.first?.outcome.changeset)
        assertSnapshot(ChangesetTextRenderer().render(changeset), named: "accounts-crm.plan.txt")
        assertSnapshot(ChangesetMarkdownRenderer().render(changeset), named: "accounts-crm.plan.md")
        assertSnapshot(String(decoding: try ChangesetEncoder.encode(changeset), as: UTF8.self), named: "accounts-crm.changeset.json")
    }
}
