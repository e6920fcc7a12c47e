import Foundation

/// Where a workspace's files are read from: the working tree, or a git revision without a checkout.
public struct ProjectSnapshot: Sendable {
    /// A label for messages: `working tree` or the revision as given.
    public let label: String
    private let list: @Sendable (String) -> [String]
    private let read: @Sendable (String) -> Data?

    /// The files as they are on disk.
    public static func workingTree(_ project: Project) -> ProjectSnapshot {
        ProjectSnapshot(
            label: "working tree",
            list: { folder in
                let names = (try? FileManager.default.contentsOfDirectory(atPath: project.url(folder).path)) ?? []
                return names.map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
            },
            read: { try? Data(contentsOf: project.url($0)) })
    }

    /// The files as committed at `revision` (`git ls-tree` / `git show`), paths relative to the project root.
    public static func git(_ revision: String, project: Project) -> ProjectSnapshot {
        ProjectSnapshot(
            label: revision,
            list: { folder in
                // ls-tree names paths relative to -C's folder, so a project in a subfolder works.
                // -z: without it git C-quotes names with non-ASCII bytes ("caf\303\251.yaml").
                guard let data = Git.run(["ls-tree", "-z", "--name-only", revision, "--", "./\(folder)/"], in: project.root)
                else { return [] }
                return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            },
            read: { Git.run(["show", "\(revision):./\($0)"], in: project.root) })
    }

    /// Files directly in `folder` (relative to the project root), as relative paths.
    func files(in folder: String) -> [String] { list(folder) }

    /// The bytes of a file, or nil when it does not exist.
    func data(_ path: String) -> Data? { read(path) }
}

/// Runs git without a shell; stderr is discarded because callers report failures themselves.
enum Git {
    /// The standard output of `git -C root ARGS`, or nil when git fails or is missing.
    static func run(_ arguments: [String], in root: URL) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        // `waitUntilExit` polls the run loop every 50 ms on Linux; the handler ends the wait at the exit.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        exited.wait()
        return process.terminationStatus == 0 ? data : nil
    }

    /// The commit `revision` names, or nil when it names none.
    static func commit(_ revision: String, in root: URL) -> String? {
        guard !revision.hasPrefix("-"),
            let data = run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: root)
        else { return nil }
        return String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
