import Foundation
import IntakeDiagnostics
import IntakeRunner
import IntakeStore

/// Opens the project's state store from its `store:` setting.
enum StoreLocator {
    static func open(_ project: Project) -> Result<any StateStore, Diagnostic> {
        let setting = project.config.store
        guard setting.hasPrefix("sqlite:") else {
            return .failure(Diagnostic(
                .storeFailure, "store '\(setting)' is not supported yet; use sqlite:PATH", at: nil,
                hint: "PostgreSQL support comes later; the default is sqlite:.intake/state.sqlite"))
        }
        let path = String(setting.dropFirst("sqlite:".count))
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : project.url(path)
        do {
            return .success(try SQLiteStateStore(path: url))
        } catch {
            return .failure(Diagnostic(.storeFailure, "cannot open the state store '\(path)': \(error.message)", at: nil))
        }
    }

    /// The store when its file already exists; nil when it does not or cannot be opened (never creates one).
    static func openExisting(_ project: Project) -> (any StateStore)? {
        let setting = project.config.store
        guard setting.hasPrefix("sqlite:") else { return nil }
        let path = String(setting.dropFirst("sqlite:".count))
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : project.url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try? SQLiteStateStore(path: url)
    }

    /// The store, or nil after appending why it cannot be opened.
    static func open(_ project: Project, reportingTo diagnostics: inout [Diagnostic]) -> (any StateStore)? {
        switch open(project) {
        case .success(let store): return store
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }
}
