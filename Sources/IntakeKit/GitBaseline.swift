import Foundation
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec

/// Reads the model as of the last commit (`git show HEAD:<model>`), without a checkout.
public enum GitBaseline {
    /// The committed model, or nil outside git, before the first commit or when it does not load.
    public static func model(for project: Project) -> DataModel? {
        guard let data = show("HEAD:./\(project.config.model)", in: project.root) else { return nil }
        // The committed model was validated when it was committed; its problems are not this run's.
        return ModelLoader().load(path: project.config.model, data: data, into: DiagnosticEngine())
    }

    /// The bytes of `git show REV:PATH`, or nil when git fails.
    static func show(_ object: String, in root: URL) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "show", object]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
