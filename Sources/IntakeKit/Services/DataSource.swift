import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSources
#if canImport(Glibc)
import Glibc
#endif

/// One file a run reads, and what the run history says about where it came from.
struct DataFile: Sendable {
    /// The local file.
    var url: URL
    /// The path (relative to the project) or the source URL without secrets.
    var source: String
    /// The resolved object (key or path, ETag or modification time), for fetched files.
    var object: String?
    /// `sha256:` when already known (downloads are hashed while streaming).
    var sha256: String?
}

/// Resolves which file(s) a run reads: `--data FILE`, the spec's `source: { file }` glob, or a
/// download of its network source into `.intake/downloads/NAME/`.
enum DataSource {
    /// The files to read, in run order, or a diagnostic saying why there are none.
    static func files(for plan: Plan, data: String?, project: Project, cwd: URL, fetcher: SourceFetcher) -> Result<[DataFile], Diagnostic> {
        if let data {
            let url = PathResolver.resolve(data, against: cwd)
            guard FileManager.default.fileExists(atPath: url.path) else {
                return .failure(Diagnostic(.dataFileNotFound, "data file '\(data)' does not exist", at: nil))
            }
            return .success([DataFile(url: url, source: project.relativePath(url))])
        }
        guard let source = plan.source else {
            return .failure(Diagnostic(
                .dataFileNotFound, "integration '\(plan.integration)' has no 'source'; pass the file with --data FILE", at: nil))
        }
        if SourceFetcher.fetches(source.kind) {
            return fetcher.fetch(source, into: downloads(of: plan.integration, in: project))
                .map { $0.map { DataFile(url: $0.url, source: $0.source, object: $0.object, sha256: $0.sha256) } }
        }
        return localFiles(source, project: project).map { urls in urls.map { DataFile(url: $0, source: project.relativePath($0)) } }
    }

    /// Where an integration's downloads go: project-local and git-ignored.
    static func downloads(of integration: String, in project: Project) -> URL {
        project.url(".intake/downloads/\(integration)")
    }

    private static func localFiles(_ source: PlanSource, project: Project) -> Result<[URL], Diagnostic> {
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
