import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSpec

/// What `intake compile NAME` produced.
public struct CompileReport: Sendable {
    /// The plan, when the integration compiled.
    public var plan: Plan?
    /// The plan's deterministic JSON.
    public var json: Data?
    /// Diagnostics of the model and that spec.
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts.
    public var files: [String: SourceFile]
    /// The spec file, relative to the project root.
    public var specPath: String?
}

/// Compiles one integration to its plan.
public struct CompileService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// Compiles the named integration; the plan is nil when there is any error.
    public func run(name: String) -> CompileReport {
        let report = ValidateService(project: project).run(names: [name])
        let entry = report.workspace.entry(named: name)
        let plan = report.failed(strict: false) ? nil : entry?.plan
        return CompileReport(
            plan: plan, json: plan.flatMap { try? PlanEncoder.encode($0) }, diagnostics: report.diagnostics, files: report.files,
            specPath: entry?.path)
    }
}
