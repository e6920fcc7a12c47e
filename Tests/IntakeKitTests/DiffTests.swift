import Foundation
import IntakeDiagnostics
import IntakeKit
import IntakeTestSupport
import Testing

/// `intake diff --base REV`: the semantic diff, its classification and locations, and `--impact`.
@Suite struct DiffTests {
    static let spec = "Integrations/accounts-crm.yaml"
    static let model = "Integrations/model.yaml"

    func diff(_ repo: ScratchRepository, _ names: [String] = [], impact: Bool = false) -> DiffReport {
        DiffService(project: repo.project).run(
            DiffRequest(base: "HEAD", names: names, impact: impact, cwd: repo.root, asOf: Date(timeIntervalSince1970: 1_780_000_000)))
    }

    @Test func theThreeDestructiveChangesPointAtTheirLines() throws {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "  Employees: keep ", with: "  Employees: delete ")
        try repo.edit(Self.spec, replacing: "  - { from: Region, to: Region, trim: true }\n", with: "")
        try repo.edit(Self.model, replacing: "ARR:            { type: currency", with: "ARR:            { type: number")
        let report = diff(repo)
        #expect(!report.failed, "\(report.diagnostics)")
        let destructive = report.changes.filter { $0.severity == .destructive }
        func find(_ kind: String) -> SemanticChange? { destructive.first { $0.kind == kind } }

        let keepToDelete = try #require(find("default-changed"))
        #expect(keepToDelete.integration == "accounts-crm")
        #expect(keepToDelete.location?.file == Self.spec)
        #expect(keepToDelete.location?.line == (try repo.line(of: "Employees: delete", in: Self.spec)))
        #expect(keepToDelete.message.contains("Employees: delete (was keep)"))

        let removed = try #require(find("mapping-removed"))
        #expect(removed.location?.file == Self.spec)
        #expect(removed.location?.line == (try repo.line(of: "columns:", in: Self.spec)))
        #expect(removed.baseLocation?.line == 15, "the Region mapping was on line 15 at HEAD")

        let retyped = try #require(find("attribute-retyped"))
        #expect(retyped.integration == nil)
        #expect(retyped.location == SourceLocation(file: Self.model, line: try repo.line(of: "ARR:", in: Self.model), column: 29))
        #expect(retyped.reason?.contains("stored records hold a value for ARR") == true)
        // The integration that maps ARR shows the retype at its own mapping line too.
        let mapped = try #require(find("mapped-attribute-retyped"))
        #expect(mapped.location?.line == (try repo.line(of: "to: ARR", in: Self.spec)))
        #expect(report.worst == .destructive)
        #expect(report.changes.first?.severity == .destructive, "destructive changes lead")
        #expect(report.integrations.first { $0.name == "users-crm" }?.status == .unchanged)
    }

    @Test func harmlessChangesAreNotDestructive() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "schedule: \"0 3 * * *\"", with: "schedule: \"0 4 * * *\"")
        try repo.edit(Self.spec, replacing: "  Employees: keep ", with: "  Employees: keep\n  Region: keep ")
        try repo.edit(Self.model, replacing: "    Employees:      { type: number }", with: "    Employees:      { type: number }\n    Segment:        { type: text }")
        let report = diff(repo)
        let kinds = report.changes.map { "\($0.severity.rawValue) \($0.kind)" }
        #expect(kinds == ["safe attribute-added", "safe schedule-changed"], "Region keep → keep is no change: \(kinds)")
    }

    @Test func aRemovedListValueIsDestructiveOnlyWhenStored() throws {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        defer { repo.remove() }
        try repo.edit(Self.model, replacing: "values: [Starter, Growth, Enterprise]", with: "values: [Starter, Growth, Enterprise, Trial]")
        try repo.git("commit", "-q", "-a", "-m", "add Trial")
        try repo.edit(Self.model, replacing: "values: [Starter, Growth, Enterprise, Trial]", with: "values: [Starter, Growth, Enterprise]")
        try repo.edit(Self.model, replacing: "values: [Healthy, At Risk, Critical]", with: "values: [Healthy, Critical]")
        let removed = diff(repo).model.filter { $0.kind == "list-value-removed" }
        #expect(removed.map(\.severity) == [.destructive, .review])
        #expect(removed.map { $0.reason ?? "" } == ["1 stored record holds 'At Risk'", "no stored record holds 'Trial'"])
    }

    @Test func withoutAStoreStoredDataIsAssumed() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try repo.edit(Self.model, replacing: "values: [Starter, Growth, Enterprise]", with: "values: [Starter, Growth]")
        let report = diff(repo)
        #expect(report.stateNote != nil)
        #expect(report.model.map(\.severity) == [.destructive])
        #expect(!FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".intake").path), "diff never creates a store")
    }

    @Test func impactComparesRecordsOfBothPlans() throws {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "green: Healthy, yellow: At Risk, red: Critical", with: "green: Critical, yellow: At Risk, red: Healthy")
        try repo.edit(Self.spec, replacing: "  - { from: Plan, to: Plan Tier }", with: "  - { from: Plan, to: Plan Tier, map: { growth: Starter } }")
        let entry = try #require(diff(repo, ["accounts-crm"], impact: true).integrations.first)
        let impact = try #require(entry.impact, "\(entry.impactNote ?? "")")
        #expect(impact.data == "Integrations/data/accounts-crm.csv")
        // acme-1 and globex_42 are green, cafe-zh red; acme-emea's "growth" now maps to Starter.
        #expect(impact.records == 4)
        let segment = try #require(impact.attributes.first { $0.attribute == "Health Segment" })
        #expect(segment.records == 3)
        #expect(segment.transitions == [.init(old: "Healthy", new: "Critical", records: 2), .init(old: "Critical", new: "Healthy", records: 1)])
        let plan = try #require(impact.attributes.first { $0.attribute == "Plan Tier" })
        #expect(plan.transitions == [.init(old: "Growth", new: "Starter", records: 1)])
        #expect(impact.samples.map(\.key) == ["acme-1", "acme-emea", "cafe-zh", "globex_42"])
        #expect(impact.old.counts["updated"] == 0 && impact.new.counts["updated"] == 4)
        #expect(impact.outcomes == [OutcomeImpact(old: "unchanged", new: "updated", rows: 4, lines: [2, 3, 4, 5])])
    }

    @Test func impactCountsLostValuesAndRejections() throws {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        defer { repo.remove() }
        // The new pattern rejects ids with '_', and an empty Employees now clears the stored value.
        try repo.edit(Self.spec, replacing: "pattern: \"[A-Za-z0-9_-]+\"", with: "pattern: \"[A-Za-z0-9-]+\"")
        try repo.edit(Self.spec, replacing: "max_rejected_rows: 0", with: "max_rejected_rows: 5")
        let entry = try #require(diff(repo, ["accounts-crm"], impact: true).integrations.first)
        let impact = try #require(entry.impact)
        #expect(impact.outcomes.map { "\($0.old) → \($0.new) \($0.lines)" } == ["unchanged → rejected R008 [5]"])
        #expect(impact.new.counts["rejected"] == 1)
    }

    @Test func aSpecThatDoesNotCompileIsReportedNotCrashed() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "to: Region,", with: "to: Regoin,")
        let report = diff(repo)
        #expect(report.failed)
        #expect(report.diagnostics.contains { $0.code == .unknownAttribute && $0.location?.file == Self.spec })
        #expect(report.integrations.first { $0.name == "accounts-crm" }?.status == .broken)
    }

    @Test func anUnknownRevisionIsOneClearError() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        let report = DiffService(project: repo.project).run(DiffRequest(base: "no-such-branch", cwd: repo.root))
        #expect(report.diagnostics.map(\.code) == [.unknownRevision])
        #expect(report.diagnostics.first?.message.contains("'no-such-branch'") == true)
    }

    @Test func addedAndRemovedIntegrations() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("Integrations/tasks.yaml"))
        let report = diff(repo)
        let tasks = try #require(report.integrations.first { $0.name == "tasks" })
        #expect(tasks.status == .removed)
        #expect(tasks.changes.first?.baseLocation?.file == "Integrations/tasks.yaml")
    }

    @Test func aSpecFileWithANonASCIINameIsFoundAtTheBase() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        // git C-quotes such names unless asked for NUL-separated output.
        try repo.git("mv", Self.spec, "Integrations/accounts-crm-ü.yaml")
        try repo.git("commit", "-q", "-m", "rename")
        try repo.edit("Integrations/accounts-crm-ü.yaml", replacing: "  Employees: keep ", with: "  Employees: delete ")
        let report = diff(repo, ["accounts-crm"])
        #expect(report.integrations.first?.status == .changed)
        #expect(report.worst == .destructive)
    }

    @Test func aRejectLimitChangingKindIsForReview() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "max_rejected_rows: 0", with: "max_rejected_rows: \"100%\"")
        let change = try #require(diff(repo, ["accounts-crm"]).changes.first { $0.kind == "max-rejected-rows-changed" })
        #expect(change.severity == .review)
    }

    @Test func defaultsMovingToKeepAreSafe() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        // Health Segment's model default is { value: Healthy }; the spec now keeps the stored value.
        try repo.edit(Self.spec, replacing: "  Employees: keep ", with: "  Health Segment: keep\n  Employees: keep ")
        let change = try #require(diff(repo, ["accounts-crm"]).changes.first { $0.kind == "default-changed" })
        #expect(change.severity == .safe)
        #expect(change.reason == nil)
    }

    @Test func impactComparesAppendedEventsByLine() throws {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        defer { repo.remove() }
        try repo.edit("Integrations/usage-events.yaml", replacing: "to: user_id, case: lower", with: "to: user_id, case: upper")
        let entry = try #require(diff(repo, ["usage-events"], impact: true).integrations.first)
        let impact = try #require(entry.impact, "\(entry.impactNote ?? "")")
        let users = try #require(impact.attributes.first { $0.attribute == "user_id" })
        #expect(users.records > 0)
        #expect(users.transitions.allSatisfy { $0.old?.uppercased() == $0.new })
        #expect(impact.samples.allSatisfy { $0.key.hasPrefix("line ") })
    }

    @Test func impactDoesNotFetchANetworkSourceUnlessAsked() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        // A pull request could point a source, with its ${ENV} headers, at any host.
        try repo.edit("Integrations/accounts-http.yaml", replacing: "unmapped: error", with: "unmapped: ignore")
        let entry = try #require(diff(repo, ["accounts-http"], impact: true).integrations.first)
        #expect(entry.status == .changed)
        #expect(entry.impact == nil)
        #expect(entry.impactNote?.contains("pass --data FILE, or --fetch") == true, "\(entry.impactNote ?? "")")
    }

    @Test func aSpecThatNoLongerLoadsIsBrokenNotRemoved() throws {
        let repo = try ScratchRepository()
        defer { repo.remove() }
        try repo.edit(Self.spec, replacing: "unmapped: error", with: "unmapped: error\nunmapped: ignore")
        let report = diff(repo)
        #expect(report.failed)
        #expect(report.integrations.first { $0.name == "accounts-crm" }?.status == .broken)
    }
}
