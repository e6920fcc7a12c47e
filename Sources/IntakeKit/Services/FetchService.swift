import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSources
import IntakeSpec

/// What `intake fetch` did.
public struct FetchReport: Sendable {
    /// Spec, model and fetch diagnostics.
    public var diagnostics: [Diagnostic]
    /// File texts for excerpts.
    public var files: [String: SourceFile]
    /// The files fetched (or found, for `file` sources), in run order.
    public var fetched: [FetchedFile]

    /// Whether anything failed.
    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Downloads an integration's source without planning it.
public struct FetchService: Sendable {
    /// The project.
    public let project: Project
    /// The downloader.
    public let fetcher: SourceFetcher

    /// Creates the service.
    public init(project: Project, fetcher: SourceFetcher = SourceFetcher()) {
        self.project = project
        self.fetcher = fetcher
    }

    /// Compiles the integration, then fetches its source into `.intake/downloads/NAME/`.
    public func run(name: String) -> FetchReport {
        let compiled = CompileService(project: project).run(name: name)
        var report = FetchReport(diagnostics: compiled.diagnostics, files: compiled.files, fetched: [])
        guard let plan = compiled.plan else { return report }
        switch DataSource.files(for: plan, data: nil, project: project, cwd: project.root, fetcher: fetcher) {
        case .failure(let diagnostic):
            report.diagnostics.append(diagnostic)
        case .success(let files):
            for file in files {
                let size = ((try? FileManager.default.attributesOfItem(atPath: file.url.path))?[.size] as? NSNumber)?.int64Value ?? 0
                guard let sha = file.sha256 ?? (try? FileDigest.sha256(of: file.url)) else {
                    report.diagnostics.append(Diagnostic(.dataFileNotFound, "cannot read '\(file.source)'", at: nil))
                    continue
                }
                report.fetched.append(FetchedFile(url: file.url, source: file.source, object: file.object ?? file.source, size: size, sha256: sha))
            }
        }
        return report
    }
}
