import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec

/// A project's model and specs, loaded and checked, each spec compiled when it can be.
public struct Workspace: Sendable {
    /// One spec file and what became of it.
    public struct Entry: Sendable {
        /// The file, relative to the project root.
        public var path: String
        /// The spec, when the file could be read as one.
        public var spec: IntegrationSpec?
        /// The plan, when the spec compiled without errors.
        public var plan: Plan?
    }

    /// The project.
    public let project: Project
    /// The model, when it could be read.
    public let model: DataModel?
    /// Every spec file, in name order.
    public let entries: [Entry]
    /// The text of every file read, by relative path, for diagnostic excerpts.
    public let files: [String: SourceFile]

    /// Loads and checks the model and every spec; compiles specs only when the model has no error.
    ///
    /// - Parameters:
    ///   - baseline: the model at the last commit, to recognise removed attributes.
    ///   - snapshot: where the files are read; the working tree unless given.
    public static func load(
        _ project: Project, baseline: DataModel? = nil, snapshot: ProjectSnapshot? = nil, into engine: DiagnosticEngine
    ) -> Workspace {
        let snapshot = snapshot ?? .workingTree(project)
        var files: [String: SourceFile] = [:]
        func read(_ path: String) -> Data? {
            guard let data = snapshot.data(path) else {
                engine.emit(.projectNotFound, "cannot read '\(path)'", at: nil, hint: "check the file exists and is readable")
                return nil
            }
            if let text = String(data: data, encoding: .utf8) { files[path] = SourceFile(path: path, text: text) }
            return data
        }
        let modelPath = project.relativePath(project.url(project.config.model))
        let specPaths = project.specPaths(among: snapshot.files(in: project.config.integrations))
        var model: DataModel?
        if let data = snapshot.data(modelPath) {
            if let text = String(data: data, encoding: .utf8) { files[modelPath] = SourceFile(path: modelPath, text: text) }
            let modelEngine = DiagnosticEngine()
            model = ModelLoader().load(path: modelPath, data: data, into: modelEngine)
            if let model { ModelChecker().check(model, into: modelEngine) }
            engine.emit(contentsOf: modelEngine.diagnostics)
            if modelEngine.hasErrors { model = nil }
        } else {
            engine.emit(
                .projectNotFound, "the model '\(modelPath)' does not exist", at: nil,
                hint: "create it (see the README's model format) or set 'model:' in intake.yaml")
        }
        var entries: [Entry] = []
        var names: [String: SourceLocation] = [:]
        for path in specPaths {
            guard let data = read(path) else { continue }
            guard let spec = SpecLoader().load(path: path, data: data, into: engine) else {
                entries.append(Entry(path: path))
                continue
            }
            checkName(spec, path: path, names: &names, engine)
            let plan = model.flatMap { Compiler(model: $0, baseline: baseline).compile(spec, into: engine) }
            entries.append(Entry(path: path, spec: spec, plan: plan))
        }
        return Workspace(project: project, model: model, entries: entries, files: files)
    }

    private static func checkName(_ spec: IntegrationSpec, path: String, names: inout [String: SourceLocation], _ engine: DiagnosticEngine) {
        let name = spec.name
        if let first = names[name.value] {
            engine.emit(
                .duplicateIntegration, "integration '\(name.value)' is already defined", at: name.location,
                hint: "integration names are unique in the repository; rename one",
                notes: [.init("first defined here", at: first)])
        } else {
            names[name.value] = name.location
        }
        if !IntegrationName.isValid(name.value) {
            engine.emit(
                .invalidValue, "integration name '\(name.value)' may contain only letters, digits, '-', '_' and '.'", at: name.location)
        }
        let fileName = (path as NSString).lastPathComponent
        let stem = (fileName as NSString).deletingPathExtension
        if stem != name.value {
            engine.emit(
                .nameMismatch, "integration '\(name.value)' is in file '\(fileName)'", at: name.location,
                hint: "name the file \(name.value).yaml so 'intake compile \(name.value)' is easy to find")
        }
    }

    /// The entry whose integration has that name.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.spec?.name.value == name }
    }

    /// Every integration name, in file order.
    public var integrationNames: [String] { entries.compactMap { $0.spec?.name.value } }
}
