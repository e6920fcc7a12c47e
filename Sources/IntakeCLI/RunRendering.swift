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

    /// Prints diagnostics and each run's changeset and returns the exit code (0, 1, 2 or 3).
    /// JSON is streamed; with `saving`, the saved run's JSON goes into that file in the same pass.
    func render(_ report: RunReport, applied: Bool, detailedExitCode: Bool, saving: ChangesetFile? = nil) -> Int32 {
        let saved = report.runs.lastIndex { $0.outcome.changeset != nil }
        var diagnostics = report.diagnostics
        for run in report.runs { diagnostics += run.outcome.diagnostics }
        global.report(diagnostics, files: report.files)
        for (index, run) in report.runs.enumerated() where !run.skipped {
            guard let changeset = run.outcome.changeset else { continue }
            // On stderr, beside the diagnostics: stdout stays the changeset alone, and a slower
            // run says why.
            if run.outcome.rowsSetAside > 0 || changeset.changes.isSetAside, format == .text {
                let what = [
                    run.outcome.rowsSetAside > 0 ? "\(run.outcome.rowsSetAside.formatted()) rows" : nil,
                    changeset.changes.isSetAside ? "the \(changeset.changes.count.formatted()) changes" : nil,
                ].compactMap { $0 }.joined(separator: " and ")
                Console.current.err("note: \(what) of \(run.path) were set aside on disk past the memory budget; "
                    + "a larger --memory-budget keeps them in memory and runs faster\n")
            }
            switch format {
            case .json:
                let tee = index == saved ? saving : nil
                ChangesetEncoder.stream(changeset) { chunk in
                    Console.current.out(Data(buffer: chunk))
                    tee?.write(chunk)
                }
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
        if report.skipped { return 3 }
        if report.failed { return 1 }
        return detailedExitCode && !applied && report.hasChanges ? 2 : 0
    }
}
