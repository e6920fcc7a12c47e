import Foundation
import IntakeKit
import IntakeTestSupport

/// A throw-away git repository holding a copy of the samples in `Integrations/`, with one commit.
struct ScratchRepository {
    let root: URL

    /// Copies the samples, commits them, and applies `applied` so the store has state.
    init(applying applied: [String] = []) throws {
        root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixtures.repositoryRoot.appendingPathComponent("Integrations"), to: root.appendingPathComponent("Integrations"))
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-q", "-m", "base")
        for name in applied {
            let report = PlanService(project: project).apply(RunRequest(name: name, cwd: root))
            guard !report.failed else { throw ScratchError(message: "apply \(name) failed: \(report.diagnostics)") }
        }
    }

    var project: Project { Project(root: root) }

    /// Runs git in the repository with a fixed identity and date, so commits are reproducible.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in [
            "GIT_AUTHOR_NAME": "intake tests", "GIT_AUTHOR_EMAIL": "tests@example.com", "GIT_COMMITTER_NAME": "intake tests",
            "GIT_COMMITTER_EMAIL": "tests@example.com", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        ] { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScratchError(message: "git \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Replaces the first occurrence of `old` with `new` in a file of the repository.
    func edit(_ path: String, replacing old: String, with new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: old) else { throw ScratchError(message: "'\(old)' not in \(path)") }
        try Data(text.replacingCharacters(in: range, with: new).utf8).write(to: url)
    }

    /// The 1-based line of the first line of `path` containing `needle`.
    func line(of needle: String, in path: String) throws -> Int {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(needle) }) else { throw ScratchError(message: "'\(needle)' not in \(path)") }
        return index + 1
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

struct ScratchError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
