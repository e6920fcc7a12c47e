import Foundation
import IntakeKit
import IntakeTestSupport
import Testing

/// `intake test`: the examples' embedded tests pass, and a broken expectation fails clearly.
@Suite struct SpecTestServiceTests {
    @Test func everyExampleTestPasses() {
        let report = SpecTestService(project: Project(root: Fixtures.repositoryRoot)).run()
        #expect(report.results.count >= 9)
        for result in report.results where !result.passed {
            Issue.record("\(result.integration): \(result.name): \(result.failures)")
        }
        #expect(!report.failed)
    }

    @Test func aBrokenExpectationFailsWithExpectedAndActual() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write([
            "Integrations/model.yaml": Fixtures.model,
            "Integrations/a.yaml": """
                integration: a
                object: account
                mode: one-time
                columns:
                  - { from: Account ID, to: account_id }
                  - { from: Tier, to: Health Segment, map: { red: Critical } }
                tests:
                  - name: red is critical
                    csv: |
                      Account ID,Tier
                      acme,red
                      bad id,red
                    expect:
                      - { account_id: acme, Health Segment: At Risk }
                    rejects:
                      - { line: 3, code: R002 }

                """,
        ], under: root)
        let report = SpecTestService(project: Project(root: root)).run()
        let result = try #require(report.results.first)
        #expect(!result.passed && report.failed)
        #expect(result.failures == ["record 1 (line 2), Health Segment: expected \"At Risk\", got \"Critical\"  [spec line 14]"])
        #expect(result.location.line == 8)
    }
}
