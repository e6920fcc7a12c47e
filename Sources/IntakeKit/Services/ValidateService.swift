import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSpec

/// What `intake validate` found.
public struct ValidationReport: Sendable {
    /// Every diagnostic, sorted by place.
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts, by relative path.
    public var files: [String: SourceFile]
    /// The integrations checked, with whether each compiled.
    public var integrations: [(name: String, compiled: Bool)]
    /// The loaded workspace (every spec, selected or not).
    public var workspace: Workspace

    /// Whether the report holds an error (or, with `strict`, a warning).
    public func failed(strict: Bool) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// Checks the model and every spec (or the named ones) and collects all diagnostics.
public struct ValidateService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Validates; one broken file never hides another's diagnostics.
    public func run(names: [String] = []) -> ValidationReport {
        var engine = DiagnosticEngine()
        var workspace = Workspace.load(project, into: engine)
        // The committed model only tells an unknown attribute from a removed one, and asking git
        // costs a process (Foundation waits for one in 50 ms steps): only then is it read.
        if engine.diagnostics.contains(where: { $0.code == .unknownAttribute }), let baseline = GitBaseline.model(for: project) {
            engine = DiagnosticEngine()
            workspace = Workspace.load(project, baseline: baseline, into: engine)
        }
        var diagnostics = engine.diagnostics
        var entries = workspace.entries
        if !names.isEmpty {
            // A spec that failed to load has no name yet; its file name stands in for it.
            func matches(_ entry: Workspace.Entry, _ name: String) -> Bool {
                entry.spec?.name.value == name
                    || (entry.spec == nil && URL(fileURLWithPath: entry.path).deletingPathExtension().lastPathComponent == name)
            }
            let unknown = names.filter { name in !entries.contains { matches($0, name) } }
            for name in unknown {
                diagnostics.append(UnknownIntegration.diagnostic(name, known: workspace.integrationNames))
            }
            let selected = Set(entries.filter { entry in names.contains { matches(entry, $0) } }.map(\.path))
            let modelPath = project.config.model
            // Model problems concern every integration; other specs' problems are left out.
            diagnostics = diagnostics.filter { d in
                guard let file = d.location?.file else { return true }
                return file == modelPath || selected.contains(file)
            }
            entries = entries.filter { selected.contains($0.path) }
        }
        return ValidationReport(
            diagnostics: diagnostics, files: workspace.files,
            integrations: entries.compactMap { e in e.spec.map { ($0.name.value, e.plan != nil) } }, workspace: workspace)
    }
}

/// The diagnostic for an integration name the project lacks.
enum UnknownIntegration {
    static func diagnostic(_ name: String, known: [String]) -> Diagnostic {
        Diagnostic(
            .unknownIntegration, "no integration named '\(name)'", at: nil,
            hint: Suggestions.hint(for: name, in: known)
                ?? (known.isEmpty ? "there are no integrations yet; create one with 'intake init'" : "integrations: \(known.joined(separator: ", "))"))
    }
}
