import Foundation
import IntakeCompiler
import IntakeDiagnostics
#if canImport(Glibc)
import Glibc
#endif

/// Resolves which local file(s) a run reads: `--data FILE`, or the spec's `source: { file }` glob.
enum DataSource {
    /// The files to read, in run order, or a diagnostic saying why there are none.
    static func files(for plan: Plan, data: String?, project: Project, cwd: URL) -> Result<[URL], Diagnostic> {
        if let data {
            let url = PathResolver.resolve(data, against: cwd)
            guard FileManager.default.fileExists(atPath: url.path) else {
                return .failure(Diagnostic(.dataFileNotFound, "data file '\(data)' does not exist", at: nil))
            }
            return .success([url])
        }
        guard let source = plan.source else {
            return .failure(Diagnostic(
                .dataFileNotFound, "integration '\(plan.integration)' has no 'source'; pass the file with --data FILE", at: nil))
        }
        guard source.kind == "file" else {
            return .failure(Diagnostic(
                .dataFileNotFound, "fetching \(source.kind) sources is not available yet; download the file and pass --data FILE",
                at: nil))
        }
        let pattern = project.url(source.location)
        let folder = pattern.deletingLastPathComponent()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { fnmatch(pattern.lastPathComponent, $0, 0) == 0 }.sorted()
        let urls = names.map { folder.appendingPathComponent($0) }
        guard !urls.isEmpty else {
            return .failure(Diagnostic(
                .dataFileNotFound, "no file matches source '\(source.location)'", at: nil,
                hint: "check the path (relative to the repository root), or pass --data FILE"))
        }
        if source.pick == "all" { return .success(urls) }
        let newest = urls.max { modified($0) < modified($1) }!
        return .success([newest])
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }
}

/// Resolves command-line paths against the working directory.
public enum PathResolver {
    /// An absolute URL for `path`: as is when absolute, else under `directory`.
    public static func resolve(_ path: String, against directory: URL) -> URL {
        (path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)).standardizedFileURL
    }
}
