import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec

/// What `intake init` did.
public struct ScaffoldReport: Sendable {
    /// The file written, relative to the root; nil when nothing was written.
    public var written: String?
    /// Problems that stopped it, or warnings about the result.
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts.
    public var files: [String: SourceFile]
}

/// Scaffolds `Integrations/NAME.yaml` from `Templates/<object>.yaml`.
public struct ScaffoldService: Sendable {
    /// The project.
    public let project: Project

    /// Creates the service.
    public init(project: Project) {
        self.project = project
    }

    /// The template file of an object kind.
    public func templateURL(for kind: ObjectKind) -> URL {
        project.url(project.config.templates).appendingPathComponent("\(kind.rawValue).yaml")
    }

    /// Fills a template's `{{placeholders}}`.
    ///
    /// `{{data_file}}` becomes `<integrations folder>/data/NAME.csv`, relative to the repository root.
    public static func render(_ template: String, integration: String, collection: String?, integrationsFolder: String = "Integrations") -> String {
        template
            .replacingOccurrences(of: "{{integration}}", with: integration)
            .replacingOccurrences(of: "{{collection}}", with: collection ?? "Opportunities")
            .replacingOccurrences(of: "{{data_file}}", with: "\(integrationsFolder)/data/\(integration).csv")
    }

    /// Writes the new spec, refusing to overwrite, and only if it validates against the model.
    public func run(object: String, name: String, collection: String? = nil) -> ScaffoldReport {
        let engine = DiagnosticEngine()
        guard let kind = ObjectKind(rawValue: object) else {
            let kinds = ObjectKind.allCases.map(\.rawValue)
            engine.emit(.unknownObject, "unknown object kind '\(object)'", at: nil,
                        hint: Suggestions.hint(for: object, in: kinds) ?? "object kinds: \(kinds.joined(separator: ", "))")
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        guard IntegrationName.isValid(name) else {
            engine.emit(.invalidValue, "integration name '\(name)' may contain only letters, digits, '-', '_' and '.'", at: nil)
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        let target = project.url(project.config.integrations).appendingPathComponent("\(name).yaml")
        let path = project.relativePath(target)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            engine.emit(.fileExists, "'\(path)' already exists; intake init never overwrites", at: nil,
                        hint: "choose another name, or edit the existing spec")
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        let modelEngine = DiagnosticEngine()
        let workspace = Workspace.load(project, into: modelEngine)
        guard workspace.model != nil else {
            engine.emit(
                .projectNotFound, "the model '\(project.config.model)' is missing or has errors, so a new spec cannot be checked",
                at: nil, hint: "run 'intake validate' and fix the model first")
            return ScaffoldReport(diagnostics: engine.diagnostics + modelEngine.diagnostics.filter { $0.location?.file == project.config.model }, files: workspace.files)
        }
        if workspace.entry(named: name) != nil {
            engine.emit(.duplicateIntegration, "integration '\(name)' is already defined", at: nil)
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        guard let template = try? String(contentsOf: templateURL(for: kind), encoding: .utf8) else {
            engine.emit(.projectNotFound, "no template for '\(kind.rawValue)' at '\(project.relativePath(templateURL(for: kind)))'", at: nil)
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        let text = Self.render(
            template, integration: name, collection: collection ?? workspace.model?.collections.first?.name.value,
            integrationsFolder: project.config.integrations)
        let file = SourceFile(path: path, text: text)
        // Check before writing, so a failed init leaves no half-made file behind.
        if let spec = SpecLoader().load(path: path, data: Data(text.utf8), into: engine), let model = workspace.model {
            _ = Compiler(model: model).compile(spec, into: engine)
        }
        guard !engine.hasErrors else { return ScaffoldReport(diagnostics: engine.diagnostics, files: [path: file]) }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target, options: .withoutOverwriting)
        } catch {
            engine.emit(.fileExists, "cannot write '\(path)': \(error.localizedDescription)", at: nil)
            return ScaffoldReport(diagnostics: engine.diagnostics, files: [:])
        }
        return ScaffoldReport(written: path, diagnostics: engine.diagnostics, files: [path: file])
    }
}
