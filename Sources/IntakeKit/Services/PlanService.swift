import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSources
import IntakeSpec

/// What to plan or apply.
public struct RunRequest: Sendable {
    /// The integration.
    public var name: String
    /// `--data FILE`, relative to `cwd`; nil reads the spec's source.
    public var data: String?
    /// `--as-of`; nil is now.
    public var asOf: Date?
    /// `--force`: run even when the file is identical to the last applied one.
    public var force: Bool
    /// The working directory `--data` is relative to.
    public var cwd: URL
    /// Show store error details, which may contain row values.
    public var verbose: Bool
    /// `--override-guard NAME`: guards allowed to be exceeded for this run.
    public var overrides: [String]
    /// Told how far each file has been read; nil reports nothing.
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Downloads network sources when `data` is nil.
    public var fetcher: SourceFetcher
    /// `--memory-budget`: bytes of rows (and, a quarter of it, changes) held in memory before
    /// they are set aside on disk; nil is `Runner.defaultMemoryBudget`.
    public var memoryBudget: Int?

    /// Creates a request.
    public init(
        name: String, data: String? = nil, asOf: Date? = nil, force: Bool = false, cwd: URL, verbose: Bool = false, overrides: [String] = [],
        fetcher: SourceFetcher = SourceFetcher()
    ) {
        self.fetcher = fetcher
        self.name = name
        self.data = data
        self.asOf = asOf
        self.force = force
        self.cwd = cwd
        self.verbose = verbose
        self.overrides = overrides
    }
}

/// One file's run: its outcome, and the run record stored for it.
public struct FileRun: Sendable {
    /// The data file, relative to the project when inside it.
    public var path: String
    /// The runner's outcome (changeset, diagnostics, rejected cells).
    public var outcome: RunOutcome
    /// The run as recorded in the history.
    public var record: RunRecord?
    /// Whether the run was skipped as identical to the last applied one.
    public var skipped: Bool
}

/// What `intake plan` / `intake apply` did.
public struct RunReport: Sendable {
    /// Spec, model, store and data-file diagnostics.
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts.
    public var files: [String: SourceFile]
    /// One entry per data file, in run order.
    public var runs: [FileRun]

    /// Whether anything failed.
    public var failed: Bool {
        diagnostics.contains { $0.severity == .error } || runs.contains { $0.outcome.failed && !$0.skipped }
    }

    /// Whether every run was skipped as identical.
    public var skipped: Bool { !runs.isEmpty && runs.allSatisfy(\.skipped) }

    /// Whether applying would change the store.
    public var hasChanges: Bool { runs.contains { $0.outcome.changeset?.counts.hasChanges ?? false } }
}

/// Plans (and, with `apply`, applies) an integration over its data file(s).
public struct PlanService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Computes the changeset of each file; writes nothing but the run records.
    public func plan(_ request: RunRequest) -> RunReport { execute(request, apply: false) }

    /// Plans and applies each file in one transaction per file; stops at the first failure.
    public func apply(_ request: RunRequest) -> RunReport { execute(request, apply: true) }

    private func execute(_ request: RunRequest, apply: Bool) -> RunReport {
        let compiled = CompileService(project: project).run(name: request.name)
        var report = RunReport(diagnostics: compiled.diagnostics, files: compiled.files, runs: [])
        guard let plan = compiled.plan else { return report }
        let guards = GuardEnforcement(plan: plan, specPath: compiled.specPath, overrides: request.overrides)
        report.diagnostics += guards.checkOverrides()
        guard !report.failed else { return report }
        let files: [DataFile]
        switch DataSource.files(for: plan, data: request.data, project: project, cwd: request.cwd, fetcher: request.fetcher) {
        case .success(let found): files = found
        case .failure(let diagnostic):
            report.diagnostics.append(diagnostic)
            return report
        }
        guard let store = StoreLocator.open(project, reportingTo: &report.diagnostics) else { return report }
        let asOf = request.asOf ?? Date()
        for file in files {
            let run = FileRunner(
                project: project, plan: plan, store: store, asOf: asOf, force: request.force, verbose: request.verbose, guards: guards,
                progress: request.progress, memoryBudget: request.memoryBudget
            ).run(file, command: apply ? "apply" : "plan")
            report.runs.append(run)
            if run.outcome.failed && !run.skipped { break }
        }
        return report
    }
}
