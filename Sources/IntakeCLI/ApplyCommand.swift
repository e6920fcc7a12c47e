import ArgumentParser
import Foundation
import IntakeKit

/// `intake apply NAME` or `intake apply changeset.json`.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply an integration's changes, or exactly a saved changeset, in one transaction.",
        discussion: """
            With an integration name, plans and applies. With a .json file saved by 'intake plan --out',
            applies exactly that changeset, refusing it when the spec, the model, the data file or the
            touched records changed since it was planned.

            Exit status: 0 applied, 1 error, 3 skipped (identical to the last applied file).

            Examples:
              intake apply accounts-crm
              intake apply accounts-crm --data export.csv
              intake apply change.json
              intake apply accounts-crm --override-guard max_deleted_values
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "An integration name, or a saved changeset (.json).") var target: String
    @Option(help: "The CSV file to read (default: the spec's source).") var data: String?
    @Option(help: "The run's date and time (ISO 8601).") var asOf: String?
    @Option(help: "Output: text, json or markdown.") var format: ChangesetFormat = .text
    @Option(help: "Write rejected rows, with their errors, to this CSV file.") var rejects: String?
    @Flag(help: "Apply even if the file is identical to the last applied one.") var force = false
    @Option(help: "Allow this guard of the spec to be exceeded (repeatable; recorded in the run history).") var overrideGuard: [String] = []

    func run() throws {
        let project = try global.resolveProject()
        let report: RunReport
        if target.hasSuffix(".json") {
            report = ApplySavedService(project: project).run(
                PathResolver.resolve(target, against: global.cwd), verbose: global.verbose, overrides: overrideGuard)
        } else {
            let request = RunRequest(name: target, data: data, asOf: try AsOf.parse(asOf), force: force, cwd: global.cwd, verbose: global.verbose,
                overrides: overrideGuard)
            report = PlanService(project: project).apply(request)
        }
        let (code, _) = RunRendering(global: global, format: format).render(report, applied: true, detailedExitCode: false)
        try RunOutputs(out: nil, rejects: rejects, cwd: global.cwd).write(report)
        if code != 0 { throw ExitCode(code) }
    }
}
