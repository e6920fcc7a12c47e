import Foundation
import IntakeDiagnostics
import IntakeLoader

/// An intake project: a root folder holding `Integrations/` (or an `intake.yaml`) and its settings.
public struct Project: Sendable {
    /// The root folder.
    public let root: URL
    /// The settings from `intake.yaml`, or the defaults.
    public let config: ProjectConfig

    /// Creates a project at a known root.
    public init(root: URL, config: ProjectConfig = ProjectConfig()) {
        self.root = root.standardizedFileURL
        self.config = config
    }

    /// Finds the project by walking up from `start` to the nearest folder with `intake.yaml` or
    /// `Integrations/`, as git finds `.git`. With `explicit`, that folder is the project.
    public static func discover(from start: URL, explicit: URL? = nil, into engine: DiagnosticEngine) -> Project? {
        let fm = FileManager.default
        var candidate = (explicit ?? start).standardizedFileURL
        while true {
            let configURL = candidate.appendingPathComponent("intake.yaml")
            if fm.fileExists(atPath: configURL.path) {
                let data = (try? Data(contentsOf: configURL)) ?? Data()
                let config = ProjectConfigLoader().load(path: "intake.yaml", data: data, into: engine)
                return Project(root: candidate, config: config)
            }
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.appendingPathComponent("Integrations").path, isDirectory: &isDirectory), isDirectory.boolValue {
                return Project(root: candidate)
            }
            let parent = candidate.deletingLastPathComponent()
            if explicit != nil || parent.path == candidate.path { break }
            candidate = parent
        }
        engine.emit(
            .projectNotFound,
            explicit == nil ? "no intake project here or in any parent folder" : "'\(explicit!.path)' is not an intake project",
            at: nil, hint: "run inside a repository with an Integrations/ folder or an intake.yaml, or pass --project DIR")
        return nil
    }

    /// A URL for a path relative to the root.
    public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The path of `url` relative to the root, or its full path when outside.
    public func relativePath(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// The spec files: `*.yaml` and `*.yml` directly in the integrations folder, except the model, by name.
    public func specFiles() -> [URL] {
        let folder = config.integrations
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return specPaths(among: names.map { "\(folder)/\($0)" }).map { url($0).standardizedFileURL }
    }

    /// The spec files among `paths` (relative to the root), by name: YAML files that are not the model.
    func specPaths(among paths: [String]) -> [String] {
        let modelPath = relativePath(url(config.model))
        return paths.map { relativePath(url($0)) }
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != modelPath }
            .sorted()
    }
}
