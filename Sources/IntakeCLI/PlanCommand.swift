import ArgumentParser
import Foundation
import IntakeKit
import IntakeRunner

/// `intake plan NAME`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: show what the integration would change in the state store. Writes nothing.",
        discussion: """
            Reads the file (--data, or the spec's source), checks every row, and compares the result
            with the state store. Only a run record is written.

            Exit status: 0 ok, 1 error, 2 changes pending (with --detailed-exitcode), 3 skipped
            (the file is identical to the last applied one).

            Examples:
              intake plan accounts-crm
              intake plan accounts-crm --data export.csv --rejects rejects.csv
              intake plan accounts-crm --out change.json      then: intake apply change.json
              intake plan accounts-crm --format markdown      a pull-request comment
              intake plan accounts-crm --override-guard max_changed
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration.", completion: .integrationNames) var name: String
    @OptionGroup var options: RunOptions
    @Option(help: "Save the changeset (JSON) to apply later with 'intake apply FILE'.") var out: String?
    @Flag(help: "Exit 2 when there are changes to apply.") var detailedExitcode = false

    func run() throws {
        let project = try global.resolveProject()
        let (request, progress) = try options.request(name: name, global: global)
        let report = PlanService(project: project).plan(request)
        progress?.finish()
        let (code, json) = RunRendering(global: global, format: options.format).render(report, applied: false, detailedExitCode: detailedExitcode)
        try RunOutputs(out: out, rejects: options.rejects, cwd: global.cwd).write(report, json: json)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Parses `--as-of`.
enum AsOf {
    static func parse(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = ISO8601Strict.parseDateTime(text) ?? ISO8601Strict.parseDate(text) else {
            Console.current.err("error: --as-of '\(text)' is not ISO 8601; write 2026-11-26 or 2026-11-26T08:00:00Z\n")
            throw ExitCode.failure
        }
        return date
    }
}

/// Writes `--out` and `--rejects` files.
struct RunOutputs {
    let out: String?
    let rejects: String?
    let cwd: URL

    func write(_ report: RunReport, json: Data? = nil) throws {
        guard let run = report.runs.last(where: { $0.outcome.changeset != nil }), let changeset = run.outcome.changeset else { return }
        if let rejects {
            try RejectsFileWriter.write(
                header: run.outcome.header, rejects: changeset.rejects, cells: run.outcome.rejectedCells,
                to: PathResolver.resolve(rejects, against: cwd))
        }
        if let out {
            guard report.runs.count == 1 else {
                Console.current.err("not saving the changeset to \(out): the source matched \(report.runs.count) files; save one at a time with --data FILE\n")
                throw ExitCode.failure
            }
            guard !run.outcome.failed else {
                Console.current.err("not saving the changeset to \(out): the run failed, so it cannot be applied\n")
                throw ExitCode.failure
            }
            try (json ?? ChangesetEncoder.encode(changeset)).write(to: PathResolver.resolve(out, against: cwd), options: .atomic)
            Console.current.err("saved the changeset to \(out); apply exactly it with: intake apply \(out)\n")
        }
    }
}
