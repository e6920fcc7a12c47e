import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSpec

/// Applies exactly a saved changeset, refusing it when anything it was planned against changed.
public struct ApplySavedService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Applies the changeset in `url` in one transaction, or says exactly why it is stale.
    public func run(_ url: URL, verbose: Bool = false, overrides: [String] = []) -> RunReport {
        var report = RunReport(diagnostics: [], files: [:], runs: [])
        let clock = PhaseClock()
        defer { clock.report() }
        let changeset: Changeset
        do {
            changeset = try ChangesetEncoder.decode(try Data(contentsOf: url))
            clock.mark("read")
        } catch {
            report.diagnostics.append(Diagnostic(
                .staleChangeset, "'\(url.lastPathComponent)' is not a readable changeset: \(error.localizedDescription)", at: nil,
                hint: "save one with: intake plan NAME --out changeset.json"))
            return report
        }
        let compiled = CompileService(project: project).run(name: changeset.integration)
        report.diagnostics = compiled.diagnostics
        report.files = compiled.files
        guard let plan = compiled.plan else { return report }
        var reasons: [String] = []
        if !changeset.errors.isEmpty {
            report.diagnostics.append(Diagnostic(
                .staleChangeset, "the changeset comes from a failed run and cannot be applied: \(changeset.errors.joined(separator: "; "))",
                at: nil, hint: "fix the file or the spec, then plan again"))
            return report
        }
        if changeset.object != plan.object.rawValue || changeset.namespace != Runner.namespace(of: plan) {
            reasons.append("its object or namespace no longer matches the integration")
        }
        if plan.digests.spec != changeset.digests.spec { reasons.append("the spec of '\(changeset.integration)' changed") }
        if plan.digests.model != changeset.digests.model { reasons.append("the model changed") }
        let source = project.url(changeset.source.path)
        if FileManager.default.fileExists(atPath: source.path), let sha = try? FileDigest.sha256(of: source), sha != changeset.source.sha256 {
            reasons.append("the data file '\(changeset.source.path)' changed")
        }
        guard reasons.isEmpty else {
            report.diagnostics.append(Diagnostic(
                .staleChangeset, "the changeset is stale: \(reasons.joined(separator: "; ")) since it was planned", at: nil,
                hint: "plan again and review the new changeset"))
            return report
        }
        guard let store = StoreLocator.open(project, reportingTo: &report.diagnostics) else { return report }
        // Applying the same changeset twice would append its events twice.
        if let previous = try? FileRunner.appliedRun(of: changeset.integration, sha256: changeset.source.sha256, in: store) {
            report.diagnostics.append(Diagnostic(
                .staleChangeset, "'\(changeset.source.path)' was already applied as run \(previous.id) (\(previous.startedAt))", at: nil,
                hint: "plan again to see what the file would change now"))
            return report
        }
        var record = RunRecord(
            integration: changeset.integration, command: "apply", outcome: "failed", startedAt: ISO8601Strict.canonical(Date()),
            fileSHA256: changeset.source.sha256, source: changeset.source.path, specDigest: changeset.digests.spec,
            modelDigest: changeset.digests.model, counts: changeset.counts)
        var outcome = RunOutcome(changeset: changeset, diagnostics: [], header: [], rejectedCells: [:])
        // Guards are checked again: an override given to `plan --out` does not carry over to the apply.
        let guards = GuardEnforcement(plan: plan, specPath: compiled.specPath, overrides: overrides)
        report.diagnostics += guards.checkOverrides()
        guards.enforce(&outcome, record: &record)
        var run = FileRun(path: changeset.source.path, outcome: outcome, record: nil, skipped: false)
        guard !report.failed, !outcome.failed else {
            record.reason = outcome.diagnostics.first { $0.severity == .error }?.message ?? record.reason
            run.record = try? store.record(record)
            report.runs.append(run)
            return report
        }
        clock.mark("checks")
        do {
            run.record = try store.apply(changeset, run: record)
        } catch {
            outcome.diagnostics.append(ApplyErrors.diagnostic(error, verbose: verbose))
            run.outcome = outcome
            record.reason = error.message
            run.record = try? store.record(record)
        }
        report.runs.append(run)
        return report
    }
}
