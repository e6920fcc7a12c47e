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
            Reads the file (--data, or the spec's source), checks every row, and compares the result \
            with the state store. Only a run record is written.

            Exit status: 0 ok, 1 error, 2 changes pending (with --detailed-exitcode), 3 skipped \
            (the file is identical to the last applied one).

            Examples:
              intake plan accounts-crm
              intake plan accounts-crm --data export.csv --rejects rejects.csv
              intake plan accounts-crm --out change.json   then: intake apply change.json
              intake plan accounts-crm --format markdown   a pull-request comment
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
        let outputs = RunOutputs(out: out, rejects: options.rejects, cwd: global.cwd)
        let saving = outputs.changesetFile(for: report)
        let code = RunRendering(global: global, format: options.format)
            .render(report, applied: false, detailedExitCode: detailedExitcode, saving: saving)
        try outputs.write(report, saving: saving)
        try Console.current.finish(code, keeping: report)
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

    /// The file `--out` streams into, or nil when there is no `--out` or the run cannot be saved
    /// (`write` then says why, after the report is shown).
    func changesetFile(for report: RunReport) -> ChangesetFile? {
        guard let out, refusal(report) == nil else { return nil }
        return try? ChangesetFile(target: PathResolver.resolve(out, against: cwd))
    }

    /// Writes `--rejects`, and completes `--out` or says why it cannot; the temporary file is
    /// removed on every failure.
    func write(_ report: RunReport, saving: ChangesetFile? = nil) throws {
        do {
            try writeOutputs(report, saving: saving)
        } catch {
            saving?.discard()
            throw error
        }
    }

    private func writeOutputs(_ report: RunReport, saving: ChangesetFile?) throws {
        guard let run = report.runs.last(where: { $0.outcome.changeset != nil }), let changeset = run.outcome.changeset else {
            saving?.discard()
            return
        }
        if let rejects {
            try RejectsFileWriter.write(
                header: run.outcome.header, rejects: changeset.rejects, cells: run.outcome.rejectedCells,
                to: PathResolver.resolve(rejects, against: cwd))
        }
        guard let out else { return }
        if let reason = refusal(report) {
            saving?.discard()
            Console.current.err("not saving the changeset to \(out): \(reason)\n")
            throw ExitCode.failure
        }
        let file = try saving ?? ChangesetFile(target: PathResolver.resolve(out, against: cwd))
        do {
            try file.commit(changeset)
        } catch {
            file.discard()
            throw error
        }
        Console.current.err("saved the changeset to \(out); apply exactly it with: intake apply \(out)\n")
    }

    private func refusal(_ report: RunReport) -> String? {
        guard let run = report.runs.last(where: { $0.outcome.changeset != nil }) else { return nil }
        if report.runs.count != 1 {
            return "the source matched \(report.runs.count) files; save one at a time with --data FILE"
        }
        return run.outcome.failed ? "the run failed, so it cannot be applied" : nil
    }
}
