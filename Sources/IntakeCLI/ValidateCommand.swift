import ArgumentParser
import IntakeKit

/// `intake validate [NAME…]`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the model and specs; report every problem at file:line:column.",
        discussion: """
            Exit status: 0 when clean, 1 on any error (and on warnings with --strict).

            Examples:
              intake validate                          all specs
              intake validate accounts-crm users-crm   only these (and the model)
              intake validate --format json            diagnostics as JSON on stdout
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: text (stderr) or json (stdout).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Argument(help: "Integrations to validate (default: all).", completion: .integrationNames)
    var names: [String] = []

    func run() throws {
        let project = try global.resolveProject(format: format)
        let report = ValidateService(project: project).run(names: names)
        global.report(report.diagnostics, files: report.files, format: format)
        if format == .text && report.diagnostics.isEmpty {
            let count = report.integrations.count
            Console.current.out("ok: model and \(count) integration\(count == 1 ? "" : "s") valid\n")
        }
        if report.failed(strict: strict) { throw ExitCode.failure }
    }
}
