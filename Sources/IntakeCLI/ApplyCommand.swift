import ArgumentParser
import Foundation
import IntakeKit

/// `intake apply NAME` or `intake apply changeset.json`.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply an integration's changes, or exactly a saved changeset, in one transaction.",
        discussion: """
            With an integration name, plans and applies. With a .json file saved by 'intake plan --out', \
            applies exactly that changeset, refusing it when the spec, the model, the data file or the \
            touched records changed since it was planned.

            Exit status: 0 applied, 1 error, 3 skipped (identical to the last applied file).

            Examples:
              intake apply accounts-crm
              intake apply accounts-crm --data export.csv
              intake apply change.json
              intake apply accounts-crm --override-guard max_deleted_values
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "An integration name, or a saved changeset (.json).", completion: .integrationNames) var target: String
    @OptionGroup var options: RunOptions

    func run() throws {
        let project = try global.resolveProject()
        let report: RunReport
        if target.hasSuffix(".json") {
            report = ApplySavedService(project: project).run(
                PathResolver.resolve(target, against: global.cwd), verbose: global.verbose, overrides: options.overrideGuard)
        } else {
            let (request, progress) = try options.request(name: target, global: global)
            report = PlanService(project: project).apply(request)
            progress?.finish()
        }
        let code = RunRendering(global: global, format: options.format).render(report, applied: true, detailedExitCode: false)
        try RunOutputs(out: nil, rejects: options.rejects, cwd: global.cwd).write(report)
        try Console.current.finish(code, keeping: report)
    }
}
