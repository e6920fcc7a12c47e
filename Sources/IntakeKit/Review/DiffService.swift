import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSources
import IntakeStore

/// What `intake diff` compares.
public struct DiffRequest: Sendable {
    /// The git revision to compare with (`main`, `HEAD~1`, a commit).
    public var base: String
    /// Integrations to report (default all).
    public var names: [String]
    /// Run both plans over the data and compare the records.
    public var impact: Bool
    /// `--data FILE` for the impact, relative to `cwd`; nil reads each integration's source.
    public var data: String?
    /// The working directory `--data` is relative to.
    public var cwd: URL
    /// `--as-of` for both runs; nil is now.
    public var asOf: Date?
    /// How many sample records the impact shows.
    public var samples: Int
    /// Fetch network sources for the impact; off by default, because the working tree's spec
    /// may come from an unreviewed pull request that points the source (and its `${ENV}`
    /// headers) at any host.
    public var fetch: Bool

    /// Creates a request.
    public init(
        base: String, names: [String] = [], impact: Bool = false, data: String? = nil, cwd: URL, asOf: Date? = nil, samples: Int = 10,
        fetch: Bool = false
    ) {
        self.base = base
        self.names = names
        self.impact = impact
        self.data = data
        self.cwd = cwd
        self.asOf = asOf
        self.samples = samples
        self.fetch = fetch
    }
}

/// Compares the model and specs at a git revision with the working tree, by meaning.
public struct DiffService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// The semantic diff, with the impact on the data when asked.
    public func run(_ request: DiffRequest) -> DiffReport {
        var report = DiffReport(
            base: request.base, baseCommit: Git.commit(request.base, in: project.root), diagnostics: [], baseDiagnostics: [],
            files: [:], baseFiles: [:], model: [], integrations: [])
        guard let commit = report.baseCommit else {
            report.diagnostics.append(Diagnostic(
                .unknownRevision, "'\(request.base)' is not a commit of the git repository at '\(project.root.lastPathComponent)'",
                at: nil, hint: "pass a branch, tag or commit (e.g. --base origin/main); in CI fetch enough history (fetch-depth: 0)"))
            return report
        }
        let baseEngine = DiagnosticEngine()
        // The resolved commit, not the name: a branch moving mid-run cannot mix two revisions.
        let old = Workspace.load(project, snapshot: .git(commit, project: project), into: baseEngine)
        let engine = DiagnosticEngine()
        let new = Workspace.load(project, baseline: old.model, into: engine)
        report.files = new.files
        report.baseFiles = old.files
        report.diagnostics = engine.diagnostics
        report.baseDiagnostics = baseEngine.diagnostics
        let known = Set(old.integrationNames + new.integrationNames)
        for name in request.names where !known.contains(name) {
            report.diagnostics.append(UnknownIntegration.diagnostic(name, known: known.sorted()))
        }
        let store = StoreLocator.openExisting(project)
        if store == nil { report.stateNote = "no state store yet: stored-data checks assume the worst, the impact starts from an empty state" }
        let usage = StoredUsage(store: store)
        if request.names.isEmpty, let before = old.model, let after = new.model {
            report.model = ModelDiffer(old: before, new: after, usage: usage).changes()
        }
        let selected = request.names.isEmpty ? known.sorted() : request.names.filter(known.contains)
        let impactStore: (any StateStore)? = request.impact ? (store ?? (try? SQLiteStateStore.inMemory())) : nil
        for name in selected {
            var entry = compare(name, old: old.entry(named: name), new: new.entry(named: name), usage: usage)
            // A file that no longer loads has no name to be found by: it is broken, not removed.
            if entry.status == .removed, new.entries.contains(where: { $0.path == entry.path && $0.spec == nil }) {
                entry.status = .broken
                entry.changes = []
            }
            if let impactStore, entry.status == .changed, let before = old.entry(named: name)?.plan, let after = new.entry(named: name)?.plan {
                impact(&entry, old: before, new: after, store: impactStore, request: request)
            }
            report.integrations.append(entry)
        }
        return report
    }

    private func compare(_ name: String, old: Workspace.Entry?, new: Workspace.Entry?, usage: StoredUsage) -> IntegrationDiff {
        switch (old, new) {
        case (nil, let new?):
            let change = SemanticChange(
                .safe, "integration-added", integration: name, "integration \(name) added", at: new.spec?.name.location)
            return IntegrationDiff(name: name, path: new.path, status: .added, changes: [change])
        case (let old?, nil):
            let change = SemanticChange(
                .review, "integration-removed", integration: name, "integration \(name) removed",
                reason: "its runs stop; records it wrote stay in the store", at: nil, base: old.spec?.name.location)
            return IntegrationDiff(name: name, path: old.path, status: .removed, changes: [change])
        case (let old?, let new?):
            guard let oldPlan = old.plan, let newPlan = new.plan, let oldSpec = old.spec, let newSpec = new.spec else {
                return IntegrationDiff(name: name, path: new.path, status: .broken, changes: [])
            }
            let changes = PlanDiffer(old: oldPlan, oldSpec: oldSpec, new: newPlan, newSpec: newSpec, usage: usage).changes()
            return IntegrationDiff(name: name, path: new.path, status: changes.isEmpty ? .unchanged : .changed, changes: changes.ordered())
        case (nil, nil):
            return IntegrationDiff(name: name, path: "", status: .broken, changes: [])
        }
    }

    private func impact(_ entry: inout IntegrationDiff, old: Plan, new: Plan, store: any StateStore, request: DiffRequest) {
        if request.data == nil, let kind = new.source?.kind, kind != "file", !request.fetch {
            entry.impactNote = "the \(kind) source is not fetched for a diff (the changed spec decides where it points); pass --data FILE, or --fetch"
            return
        }
        let url: URL
        // A network source is fetched as for plan; when that fails, the note says why.
        switch DataSource.files(for: new, data: request.data, project: project, cwd: request.cwd, fetcher: SourceFetcher()) {
        case .success(let files):
            // With `pick: all` the last file in name order is the latest drop.
            guard let last = files.last else { return }
            url = last.url
        case .failure(let diagnostic):
            entry.impactNote = diagnostic.message
            return
        }
        let analyzer = ImpactAnalyzer(old: old, new: new, store: store, asOf: request.asOf ?? Date(), sampleLimit: request.samples)
        switch analyzer.analyze(url, path: project.relativePath(url)) {
        case .success(let report): entry.impact = report
        case .failure(let failure): entry.impactNote = failure.message
        }
    }
}
