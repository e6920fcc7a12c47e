import ArgumentParser
import Foundation
import IntakeDiagnostics
import IntakeKit

extension CompletionKind {
    /// The integrations of the project around the working directory, for shell completion of NAME.
    ///
    /// Read from the spec file names (which must equal the integration names), so completing
    /// never parses YAML.
    static var integrationNames: CompletionKind {
        .custom { arguments, _, prefix in
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let explicit = arguments.firstIndex(of: "--project").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
            guard let project = Project.discover(from: cwd, explicit: explicit.map { URL(fileURLWithPath: $0, relativeTo: cwd) }, into: DiagnosticEngine())
            else { return [] }
            return project.specFiles().map { $0.deletingPathExtension().lastPathComponent }.filter { $0.hasPrefix(prefix) }
        }
    }
}
