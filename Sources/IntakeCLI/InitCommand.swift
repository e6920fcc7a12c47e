import ArgumentParser
import IntakeKit

/// `intake init --object KIND NAME`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Scaffold Integrations/NAME.yaml from the object kind's template.",
        discussion: """
            Never overwrites. The new spec is checked against the model before it is written. \
            Object kinds: account, user, collection, usage.activity, usage.aggregated, \
            totango_user, account_assignment, task, touchpoint.

            Examples:
              intake init --object account accounts-crm
              intake init --object collection --collection Opportunities opportunities-crm
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The object kind.")
    var object: String

    @Option(help: "For --object collection: the model collection (default: the first).")
    var collection: String?

    @Argument(help: "The integration name, also the file name.")
    var name: String

    func run() throws {
        let project = try global.resolveProject()
        let report = ScaffoldService(project: project).run(object: object, name: name, collection: collection)
        global.report(report.diagnostics, files: report.files)
        guard let written = report.written else { throw ExitCode.failure }
        Console.current.out("created \(written)\nnext: edit it, then run 'intake validate \(name)'\n")
    }
}
