import ArgumentParser
import Foundation
import IntakeKit
import IntakeRunner

/// Output formats for changesets.
enum ChangesetFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Shared rendering of plan/apply reports and their exit codes.
struct RunRendering {
    let global: GlobalOptions
    let format: ChangesetFormat

    /// Prints diagnostics and each run's changeset; returns the exit code (0, 1, 2 or 3) and the
    /// last changeset's JSON when it was encoded, so `--out` need not encode it again.
    func render(_ report: RunReport, applied: Bool, detailedExitCode: Bool) -> (code: Int32, json: Data?) {
        var json: Data?
        var diagnostics = report.diagnostics
        for run in report.runs { diagnostics += run.outcome.diagnostics }
        global.report(diagnostics, files: report.files)
        for run in report.runs where !run.skipped {
            guard let changeset = run.outcome.changeset else { continue }
            switch format {
            case .json:
                json = try? ChangesetEncoder.encode(changeset)
                Console.current.out(String(decoding: json ?? Data(), as: UTF8.self))
            case .markdown:
                Console.current.out(ChangesetMarkdownRenderer().render(changeset))
            case .text:
                Console.current.out(ChangesetTextRenderer(colored: global.coloredStdout).render(changeset))
                if let record = run.record, !run.outcome.failed {
                    Console.current.out(applied && record.outcome == "applied"
                        ? "\napplied as run \(record.id).\n" : "\nnothing was written (run \(record.id) recorded as a plan). Apply with: intake apply \(changeset.integration)\n")
                }
            }
        }
        if report.skipped { return (3, json) }
        if report.failed { return (1, json) }
        return (detailedExitCode && !applied && report.hasChanges ? 2 : 0, json)
    }
}
