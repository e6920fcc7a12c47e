import Foundation
import IntakeDiagnostics
import IntakeKit
import IntakeTestSupport
import Testing

/// Project discovery, cross-file checks and `init`, on temporary projects.
@Suite struct WorkspaceTests {
    static let account = "version: 1\nintegration: NAME\nobject: account\nmode: one-time\ncolumns:\n  - { from: Account ID, to: account_id }\n"

    func project(_ files: [String: String]) throws -> Project {
        let root = try Fixtures.temporaryFolder()
        try Fixtures.write(files.merging(["Integrations/model.yaml": Fixtures.model]) { a, _ in a }, under: root)
        return Project(root: root)
    }

    @Test func duplicateIntegrationNamesPointAtTheFirst() throws {
        let p = try project([
            "Integrations/a.yaml": Self.account.replacingOccurrences(of: "NAME", with: "a"),
            "Integrations/b.yaml": Self.account.replacingOccurrences(of: "NAME", with: "a"),
        ])
        defer { try? FileManager.default.removeItem(at: p.root) }
        let report = ValidateService(project: p).run()
        let duplicate = try #require(report.diagnostics.first { $0.code == .duplicateIntegration })
        #expect(duplicate.location == SourceLocation(file: "Integrations/b.yaml", line: 2, column: 14))
        #expect(duplicate.notes.first?.location == SourceLocation(file: "Integrations/a.yaml", line: 2, column: 14))
        let mismatch = try #require(report.diagnostics.first { $0.code == .nameMismatch })
        #expect(mismatch.location?.file == "Integrations/b.yaml" && mismatch.severity == .warning)
        #expect(report.failed(strict: false))
    }

    @Test func oneBrokenFileDoesNotHideOthers() throws {
        let p = try project([
            "Integrations/a.yaml": "integration: a\nobject: [unclosed\n",
            "Integrations/b.yaml": Self.account.replacingOccurrences(of: "NAME", with: "b") + "  - { from: X, to: Regoin }\n",
        ])
        defer { try? FileManager.default.removeItem(at: p.root) }
        let codes = ValidateService(project: p).run().diagnostics.map { "\($0.location?.file ?? ""):\($0.code.rawValue)" }
        #expect(codes == ["Integrations/a.yaml:E001", "Integrations/b.yaml:E012"])
    }

    @Test func warningsFailOnlyWhenStrict() throws {
        let p = try project(["Integrations/a.yaml": Self.account.replacingOccurrences(of: "NAME", with: "a") + "schedule: \"0 3 * * *\"\n"])
        defer { try? FileManager.default.removeItem(at: p.root) }
        let report = ValidateService(project: p).run()
        #expect(report.diagnostics.map(\.code) == [.scheduleIgnored])
        #expect(!report.failed(strict: false) && report.failed(strict: true))
    }

    @Test func unknownIntegrationSuggestsTheNearest() throws {
        let p = try project(["Integrations/accounts-crm.yaml": Self.account.replacingOccurrences(of: "NAME", with: "accounts-crm")])
        defer { try? FileManager.default.removeItem(at: p.root) }
        let report = CompileService(project: p).run(name: "acounts-crm")
        #expect(report.plan == nil)
        #expect(report.diagnostics.map(\.code) == [.unknownIntegration])
        #expect(report.diagnostics.first?.hint == "did you mean 'accounts-crm'?")
        #expect(CompileService(project: p).run(name: "accounts-crm").plan != nil)
    }

    @Test func discoveryWalksUpAndReportsWhenThereIsNoProject() throws {
        let p = try project([:])
        defer { try? FileManager.default.removeItem(at: p.root) }
        let nested = p.root.appendingPathComponent("Integrations/data/deep")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let engine = DiagnosticEngine()
        #expect(Project.discover(from: nested, into: engine)?.root.path == p.root.standardizedFileURL.path)
        let empty = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(Project.discover(from: empty, explicit: empty, into: engine) == nil)
        #expect(engine.diagnostics.map(\.code) == [.projectNotFound])
    }

    @Test func configFileMovesTheModel() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write(["intake.yaml": "version: 1\nmodel: specs/model.yaml\nintegrations: specs\n", "specs/model.yaml": Fixtures.model,
                            "specs/a.yaml": Self.account.replacingOccurrences(of: "NAME", with: "a")], under: root)
        let engine = DiagnosticEngine()
        let p = try #require(Project.discover(from: root.appendingPathComponent("specs"), into: engine))
        let report = ValidateService(project: p).run()
        #expect(report.diagnostics.isEmpty && report.integrations.map(\.name) == ["a"])
    }

    @Test func initScaffoldsRefusesToOverwriteAndValidates() throws {
        let p = try project([:])
        defer { try? FileManager.default.removeItem(at: p.root) }
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("Templates"), to: p.root.appendingPathComponent("Templates"))
        let service = ScaffoldService(project: p)
        let created = service.run(object: "account", name: "accounts-crm")
        #expect(created.written == "Integrations/accounts-crm.yaml" && created.diagnostics.isEmpty)
        #expect(ValidateService(project: p).run().diagnostics.isEmpty)
        let before = try Data(contentsOf: p.url("Integrations/accounts-crm.yaml"))
        let again = service.run(object: "account", name: "accounts-crm")
        #expect(again.written == nil && again.diagnostics.map(\.code) == [.fileExists])
        #expect(try Data(contentsOf: p.url("Integrations/accounts-crm.yaml")) == before)
        #expect(service.run(object: "acount", name: "x").diagnostics.map(\.code) == [.unknownObject])
        #expect(service.run(object: "account", name: "../escape").diagnostics.map(\.code) == [.invalidValue])
        let collection = service.run(object: "collection", name: "deals", collection: "Opportunities")
        #expect(collection.written != nil, "\(collection.diagnostics)")
    }

    @Test func removedAttributeIsFoundThroughGit() throws {
        let spec = "version: 1\nintegration: a\nobject: account\nmode: recurring\nschedule: \"0 3 * * *\"\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: R, to: Region }\n"
        let p = try project(["Integrations/a.yaml": spec])
        defer { try? FileManager.default.removeItem(at: p.root) }
        guard git(["init", "-q"], p.root), git(["add", "-A"], p.root),
            git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "m"], p.root)
        else {
            Issue.record("git is needed for this test")
            return
        }
        let edited = Fixtures.model.replacingOccurrences(of: "    Region:         { type: text, default: keep }\n", with: "")
        try Data(edited.utf8).write(to: p.url("Integrations/model.yaml"))
        let diagnostics = ValidateService(project: p).run().diagnostics
        #expect(diagnostics.map(\.code) == [.removedAttributeMapped])
        #expect(diagnostics.first?.location == SourceLocation(file: "Integrations/a.yaml", line: 8, column: 20))
    }

    private func git(_ arguments: [String], _ root: URL) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
