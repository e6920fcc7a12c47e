import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeKit
import IntakeRunner
import IntakeSources
import IntakeTestSupport
import XCTest

/// Shared helpers of the source tests: quick settings, one-source fetches, and runs of an
/// Integrations/ spec in a scratch copy of the repository.
enum SourceTests {
    /// Short timeouts and pauses, so failure tests take a second, not minutes.
    static var quick: FetchSettings {
        var settings = FetchSettings()
        settings.connectTimeout = 5
        settings.stallTimeout = 2
        settings.backoff = 0.05
        return settings
    }

    /// Fetches `source` into a new temporary folder.
    static func fetch(
        _ source: PlanSource, environment: [String: String] = [:], settings: FetchSettings = quick
    ) throws -> (Result<[FetchedFile], Diagnostic>, URL) {
        let folder = try Fixtures.temporaryFolder()
        let result = SourceFetcher(settings: settings, environment: environment).fetch(source, into: folder)
        return (result, folder)
    }

    /// The fetched files, failing the test with the diagnostic otherwise.
    static func files(_ result: Result<[FetchedFile], Diagnostic>, file: StaticString = #filePath, line: UInt = #line) -> [FetchedFile] {
        switch result {
        case .success(let files): return files
        case .failure(let diagnostic):
            XCTFail("fetch failed: \(diagnostic)", file: file, line: line)
            return []
        }
    }

    /// The diagnostic of a failed fetch.
    static func failure(_ result: Result<[FetchedFile], Diagnostic>, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        if case .failure(let diagnostic) = result { return diagnostic }
        XCTFail("the fetch succeeded", file: file, line: line)
        return nil
    }

    /// Names in a folder, to check that no `.part` or failed download stayed behind.
    static func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// A scratch copy of the repository's Integrations/ folder.
    static func copyOfRepository() throws -> URL {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixtures.repositoryRoot.appendingPathComponent("Integrations"), to: root.appendingPathComponent("Integrations"))
        return root
    }

    /// Plans, applies, then applies again the spec `name` of Integrations/ with its server's
    /// environment: the plan and apply must succeed, the second apply be skipped as identical.
    static func planApplyAndSkip(_ name: String, environment: [String: String], file: StaticString = #filePath, line: UInt = #line) throws -> RunRecord? {
        let root = try copyOfRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let service = PlanService(project: Project(root: root))
        let fetcher = SourceFetcher(settings: quick, environment: environment)
        let request = RunRequest(name: name, asOf: ISO8601Strict.parseDate("2026-11-26"), cwd: root, fetcher: fetcher)
        let planned = service.plan(request)
        XCTAssertFalse(planned.failed, "\(name) plan: \(planned.diagnostics + planned.runs.flatMap(\.outcome.diagnostics))", file: file, line: line)
        XCTAssertEqual(planned.runs.first?.outcome.changeset?.counts.hasChanges, true, file: file, line: line)
        let applied = service.apply(request)
        XCTAssertEqual(applied.runs.first?.record?.outcome, "applied", "\(applied.diagnostics)", file: file, line: line)
        let again = service.apply(request)
        XCTAssertTrue(again.skipped, "\(name): an identical download must be skipped", file: file, line: line)
        XCTAssertEqual(again.runs.first?.outcome.diagnostics.first?.code, .identicalFile, file: file, line: line)
        XCTAssertEqual(
            SourceTests.names(in: root.appendingPathComponent(".intake/downloads/\(name)")).filter { $0.contains(".part") }, [],
            file: file, line: line)
        return applied.runs.first?.record
    }
}
