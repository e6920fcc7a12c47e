import Foundation
import IntakeDiagnostics
import IntakeSpec
import Yams

/// The optional `intake.yaml` at a project's root; every value has a default.
public struct ProjectConfig: Sendable, Equatable {
    /// The model file, relative to the root.
    public var model = "Integrations/model.yaml"
    /// The folder of spec files, relative to the root.
    public var integrations = "Integrations"
    /// The folder of templates, relative to the root.
    public var templates = "Templates"
    /// The state store URL.
    public var store = "sqlite:.intake/state.sqlite"

    /// The defaults.
    public init() {}
}

/// Loads `intake.yaml`.
public struct ProjectConfigLoader {
    /// Creates a loader.
    public init() {}

    /// The config in `data`, defaults filled in; problems go to the engine.
    public func load(path: String, data: Data, into engine: DiagnosticEngine) -> ProjectConfig {
        var config = ProjectConfig()
        guard let (_, root) = YAMLComposer(path: path, limits: .standard, engine: engine).compose(data) else { return config }
        let reader = YAMLReader(path: path, engine: engine)
        guard let fields = reader.fields(root, ConfigShape.config)
        else { return config }
        if let version = fields.int("version"), version.value != 1 {
            engine.emit(.unsupportedVersion, "intake.yaml version \(version.value) is not supported; write version: 1", at: version.location)
        }
        if let v = fields.text("model") { config.model = v.value }
        if let v = fields.text("integrations") { config.integrations = v.value }
        if let v = fields.text("templates") { config.templates = v.value }
        if let v = fields.text("store") { config.store = v.value }
        return config
    }
}
