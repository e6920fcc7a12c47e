import Foundation
import IntakeKit
import IntakeTestSupport
import Testing

/// The outputs of `intake diff`: the pull-request comment (golden), workflow annotations, exit codes.
@Suite struct DiffOutputTests {
    /// A change with a destructive default, a removed mapping, a retyped attribute and a re-mapped segment.
    func changedRepository() throws -> ScratchRepository {
        let repo = try ScratchRepository(applying: ["accounts-crm"])
        try repo.edit(DiffTests.spec, replacing: "  Employees: keep ", with: "  Employees: delete ")
        try repo.edit(DiffTests.spec, replacing: "green: Healthy, yellow: At Risk, red: Critical", with: "green: Critical, yellow: At Risk, red: Healthy")
        try repo.edit(DiffTests.spec, replacing: "  - { from: Plan, to: Plan Tier }\n", with: "")
        try repo.edit(DiffTests.spec, replacing: "unmapped: error", with: "unmapped: ignore")
        try repo.edit(DiffTests.model, replacing: "ARR:            { type: currency", with: "ARR:            { type: number")
        return repo
    }

    func report(_ repo: ScratchRepository) -> DiffReport {
        DiffService(project: repo.project).run(
            DiffRequest(base: "HEAD", impact: true, cwd: repo.root, asOf: Date(timeIntervalSince1970: 1_780_000_000), samples: 3))
    }

    /// The short commit id changes with git's object format; the rest must not.
    func masked(_ text: String, _ report: DiffReport) -> String {
        text.replacingOccurrences(of: String(report.baseCommit!.prefix(7)), with: "BASE")
    }

    @Test func markdownIsAReadablePullRequestComment() throws {
        let repo = try changedRepository()
        defer { repo.remove() }
        let report = report(repo)
        let markdown = masked(DiffMarkdownRenderer().render(report), report)
        assertSnapshot(markdown, named: "diff-comment.md")
        // Destructive items come before the review ones in the integration's section.
        let section = try #require(markdown.range(of: "### `accounts-crm`"))
        let rest = markdown[section.upperBound...]
        #expect(rest.range(of: "⛔")!.lowerBound < rest.range(of: "⚠️")!.lowerBound)
    }

    @Test func textOutputIsStable() throws {
        let repo = try changedRepository()
        defer { repo.remove() }
        let report = report(repo)
        assertSnapshot(masked(DiffTextRenderer().render(report), report), named: "diff.txt")
    }

    @Test func githubAnnotationsPointAtLinesAndEscape() throws {
        let repo = try changedRepository()
        defer { repo.remove() }
        let lines = DiffGitHubRenderer().render(report(repo)).split(separator: "\n").map(String.init)
        let employees = try repo.line(of: "Employees: delete", in: DiffTests.spec)
        #expect(lines.contains { $0.hasPrefix("::error file=Integrations/accounts-crm.yaml,line=\(employees),col=14,title=intake diff%3A destructive (default-changed)::") })
        #expect(lines.contains { $0.hasPrefix("::warning file=Integrations/accounts-crm.yaml,") && $0.contains("coercion-changed") })
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(lines.first?.hasPrefix("::error") == true, "destructive first")
    }

    @Test func jsonCarriesEveryChange() throws {
        let repo = try changedRepository()
        defer { repo.remove() }
        let report = report(repo)
        let object = try JSONSerialization.jsonObject(with: Data(DiffJSONRenderer().render(report).utf8)) as! [String: Any]
        #expect(object["worst"] as? String == "destructive")
        let integrations = object["integrations"] as! [[String: Any]]
        let crm = try #require(integrations.first { $0["name"] as? String == "accounts-crm" })
        #expect((crm["changes"] as! [Any]).count == report.integrations.first { $0.name == "accounts-crm" }!.changes.count)
        #expect((crm["impact"] as? [String: Any])?["records"] as? Int == report.integrations.first { $0.name == "accounts-crm" }!.impact!.records)
    }

    @Test func failOnSetsTheExitCode() throws {
        let repo = try changedRepository()
        defer { repo.remove() }
        let path = repo.root.path
        #expect(runCLI(["diff", "--project", path, "--base", "HEAD"]).exitCode == 0)
        let failing = runCLI(["diff", "--project", path, "--base", "HEAD", "--fail-on", "destructive", "--format", "github"])
        #expect(failing.exitCode == 2)
        #expect(failing.stdout.hasPrefix("::error"))
        try repo.git("commit", "-q", "-a", "-m", "change")
        #expect(runCLI(["diff", "--project", path, "--base", "HEAD", "--fail-on", "review"]).exitCode == 0, "no change against itself")
        let unknown = runCLI(["diff", "--project", path, "--base", "nope"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.contains("E050"))
    }
}
