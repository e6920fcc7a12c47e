import ArgumentParser
import Foundation
import IntakeKit

/// `intake compile NAME`.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Print the plan (deterministic JSON) the runner will execute.",
        discussion: """
            The plan holds the resolved columns, coercers, key, duplicate policy, default \
            policies, source and the spec and model digests. Same inputs, same bytes.

            Examples:
              intake compile accounts-crm
              intake compile accounts-crm > plan.json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The integration to compile.", completion: .integrationNames)
    var name: String

    func run() throws {
        let project = try global.resolveProject()
        let report = CompileService(project: project).run(name: name)
        global.report(report.diagnostics, files: report.files)
        guard let json = report.json else { throw ExitCode.failure }
        Console.current.out(String(decoding: json, as: UTF8.self))
    }
}
