import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSources
import IntakeTestSupport
import XCTest

/// SFTP sources against OpenSSH's sshd (Servers/sftp_server.py) with throw-away keys.
final class SFTPSourceTests: XCTestCase {
    nonisolated(unsafe) static var server: TestServer?
    nonisolated(unsafe) static var work: URL?
    nonisolated(unsafe) static var unavailable: String?

    override class func setUp() {
        do {
            let work = try Fixtures.temporaryFolder()
            Self.work = work
            let exports = work.appendingPathComponent("root/exports")
            try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
            let data = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv"))
            try Data(data.prefix { $0 != UInt8(ascii: "\n") } + [UInt8(ascii: "\n")]).write(to: exports.appendingPathComponent("accounts-2026-11-24.csv"))
            try data.write(to: exports.appendingPathComponent("accounts-2026-11-25.csv"))
            // The newest by modification time, not by name, must win.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: exports.appendingPathComponent("accounts-2026-11-24.csv").path)
            Self.server = try TestServer.start("sftp_server.py", [work.path]).get()
        } catch {
            Self.unavailable = "\(error)"
        }
    }

    override class func tearDown() {
        server?.stop()
        if let work { try? FileManager.default.removeItem(at: work) }
    }

    override func setUpWithError() throws {
        if let reason = Self.unavailable { throw XCTSkip("the SFTP test server (sshd) cannot start: \(reason)") }
    }

    private func source(_ path: String, key: String = "user_key", knownHosts: String = "known_hosts", allowUnknown: Bool = false, pick: String = "newest") -> PlanSource {
        let s = Self.server!
        return PlanSource(
            kind: "sftp", location: "sftp://", pick: pick,
            options: [
                .init(name: "host", value: "127.0.0.1"), .init(name: "port", value: "\(s.port)"), .init(name: "user", value: s["user"]),
                .init(name: "path", value: s["root"] + path), .init(name: "key", value: Self.work!.appendingPathComponent(key).path),
                .init(name: "known_hosts", value: Self.work!.appendingPathComponent(knownHosts).path),
                .init(name: "allow_unknown_host_key", value: String(allowUnknown)),
            ])
    }

    func testAPathDownloadsWithItsModificationTime() throws {
        let (result, folder) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv"))
        let file = try XCTUnwrap(SourceTests.files(result).first)
        XCTAssertEqual(try Data(contentsOf: file.url), try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv")))
        XCTAssertTrue(file.object.contains("accounts-2026-11-25.csv, modified 20"), file.object)
        XCTAssertEqual(SourceTests.names(in: folder), ["accounts-2026-11-25.csv"])
    }

    func testAGlobTakesTheNewestOrAll() throws {
        let (newest, _) = try SourceTests.fetch(source("/exports/accounts-*.csv"))
        XCTAssertEqual(SourceTests.files(newest).map { ($0.source as NSString).lastPathComponent }, ["accounts-2026-11-25.csv"])
        let (all, _) = try SourceTests.fetch(source("/exports/accounts-*.csv", pick: "all"))
        XCTAssertEqual(SourceTests.files(all).count, 2)
        let (none, _) = try SourceTests.fetch(source("/exports/nothing-*.csv"))
        XCTAssertEqual(SourceTests.failure(none)?.code, .remoteNotFound)
        let (missing, _) = try SourceTests.fetch(source("/exports/none.csv"))
        XCTAssertEqual(SourceTests.failure(missing)?.code, .remoteNotFound)
    }

    func testAnUnknownHostKeyIsRefusedUnlessAllowed() throws {
        let empty = Self.work!.appendingPathComponent("empty_known_hosts")
        try Data().write(to: empty)
        let (refused, folder) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv", knownHosts: "empty_known_hosts"))
        let diagnostic = try XCTUnwrap(SourceTests.failure(refused))
        XCTAssertEqual(diagnostic.code, .untrustedServer)
        XCTAssertTrue(diagnostic.message.contains("is not in the known_hosts file"), diagnostic.message)
        XCTAssertEqual(SourceTests.names(in: folder), [])
        let (allowed, _) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv", knownHosts: "empty_known_hosts", allowUnknown: true))
        XCTAssertEqual(SourceTests.files(allowed).count, 1)
        let (absent, _) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv", knownHosts: "no_such_file"))
        XCTAssertTrue(SourceTests.failure(absent)?.message.contains("does not exist") == true)
    }

    func testAChangedHostKeyIsAlwaysRefused() throws {
        let (result, _) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv", knownHosts: "other_known_hosts", allowUnknown: true))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .untrustedServer)
        XCTAssertTrue(diagnostic.message.contains("does not match"), diagnostic.message)
    }

    func testAWrongKeyIsAClearLoginError() throws {
        let (result, _) = try SourceTests.fetch(source("/exports/accounts-2026-11-25.csv", key: "wrong_key"))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchUnauthorized)
        XCTAssertTrue(diagnostic.message.contains("refused the login"), diagnostic.message)
    }

    func testTheExampleSpecPlansAppliesAndSkipsAnIdenticalDownload() throws {
        let s = Self.server!
        let record = try SourceTests.planApplyAndSkip(
            "accounts-sftp",
            environment: [
                "INTAKE_DEMO_SFTP_PORT": "\(s.port)", "INTAKE_DEMO_SFTP_USER": s["user"], "INTAKE_DEMO_SFTP_ROOT": s["root"],
                "INTAKE_DEMO_SFTP_KEY": s["user_key"], "INTAKE_DEMO_SFTP_KNOWN_HOSTS": s["known_hosts"],
            ])
        XCTAssertEqual(record?.source, "sftp://\(s["user"])@127.0.0.1:\(s.port)\(s["root"])/exports/accounts-2026-11-25.csv")
        XCTAssertTrue(record?.sourceObject?.contains("modified") == true, "\(String(describing: record))")
    }
}
