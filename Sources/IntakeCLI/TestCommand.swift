import ArgumentParser
import IntakeKit

/// `intake test [NAME…]`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the example rows embedded in specs (tests:) and compare with what they expect.",
        discussion: """
            Each test runs its inline CSV through the compiled plan against an empty store in which \
            every named account exists, as of 2026-01-01T00:00:00Z. Exit status 1 on any failure.

            Examples:
              intake test
              intake test accounts-crm
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Integrations to test (default: all).", completion: .integrationNames) var names: [String] = []

    func run() throws {
        let project = try global.resolveProject()
        let report = SpecTestService(project: project).run(names: names)
        global.report(report.diagnostics, files: report.files)
        for result in report.results {
            Console.current.out("\(result.passed ? "pass" : "FAIL")  \(result.integration): \(result.name)  (\(result.location))\n")
            for failure in result.failures { Console.current.out("      \(failure)\n") }
        }
        let failed = report.results.filter { !$0.passed }.count
        Console.current.out("\(report.results.count - failed) passed, \(failed) failed\n")
        if report.failed { throw ExitCode.failure }
    }
}
