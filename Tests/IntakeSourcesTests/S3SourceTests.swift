import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSources
import IntakeTestSupport
import XCTest

/// S3 sources against moto in server mode (Servers/s3_server.py), with SigV4 checking on.
final class S3SourceTests: XCTestCase {
    nonisolated(unsafe) static var server: TestServer?
    nonisolated(unsafe) static var unavailable: String?

    override class func setUp() {
        let data = Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv").path
        switch TestServer.start("s3_server.py", [data]) {
        case .success(let server): Self.server = server
        case .failure(let reason): Self.unavailable = reason.description
        }
    }

    override class func tearDown() { server?.stop() }

    override func setUpWithError() throws {
        if let reason = Self.unavailable { throw XCTSkip("the S3 test server (moto) cannot start: \(reason)") }
    }

    private var credentials: [String: String] {
        ["AWS_ACCESS_KEY_ID": Self.server!["access_key_id"], "AWS_SECRET_ACCESS_KEY": Self.server!["secret_access_key"]]
    }

    private func source(_ options: [PlanSource.Option], pick: String? = nil) -> PlanSource {
        PlanSource(
            kind: "s3", location: "s3://intake-test/", pick: pick,
            options: options + [
                .init(name: "bucket", value: "intake-test"), .init(name: "region", value: "us-east-1"),
                .init(name: "endpoint", value: "http://127.0.0.1:\(Self.server!.port)"), .init(name: "insecure", value: "true"),
            ])
    }

    func testAKeyDownloadsWithItsETag() throws {
        let (result, folder) = try SourceTests.fetch(source([.init(name: "key", value: "exports/accounts.csv")]), environment: credentials)
        let file = try XCTUnwrap(SourceTests.files(result).first)
        let expected = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv"))
        XCTAssertEqual(try Data(contentsOf: file.url), expected)
        XCTAssertEqual(file.source, "s3://intake-test/exports/accounts.csv")
        XCTAssertTrue(file.object.hasPrefix("exports/accounts.csv, ETag "), file.object)
        // The whole key names the local file, so same-named objects under one prefix never collide.
        XCTAssertEqual(SourceTests.names(in: folder), ["exports__accounts.csv"])
    }

    func testAPrefixTakesTheNewestObjectOrAll() throws {
        let prefix = PlanSource.Option(name: "prefix", value: "daily/accounts-")
        let (newest, _) = try SourceTests.fetch(source([prefix], pick: "newest"), environment: credentials)
        XCTAssertEqual(SourceTests.files(newest).map(\.source), ["s3://intake-test/daily/accounts-2026-11-25.csv"])
        let (all, _) = try SourceTests.fetch(source([prefix], pick: "all"), environment: credentials)
        XCTAssertEqual(
            SourceTests.files(all).map(\.source), ["s3://intake-test/daily/accounts-2026-11-24.csv", "s3://intake-test/daily/accounts-2026-11-25.csv"])
        let (none, _) = try SourceTests.fetch(source([.init(name: "prefix", value: "nothing/")]), environment: credentials)
        XCTAssertEqual(SourceTests.failure(none)?.code, .remoteNotFound)
    }

    func testAMissingKeyIsNotFound() throws {
        let (result, _) = try SourceTests.fetch(source([.init(name: "key", value: "exports/none.csv")]), environment: credentials)
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .remoteNotFound)
        XCTAssertTrue(diagnostic.message.hasPrefix("S3 404 NoSuchKey for s3://intake-test/exports/none.csv"), diagnostic.message)
    }

    func testWrongCredentialsGiveAClearRedacted403() throws {
        var wrong = credentials
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-at-all"
        let (result, folder) = try SourceTests.fetch(source([.init(name: "key", value: "exports/accounts.csv")]), environment: wrong)
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchUnauthorized)
        XCTAssertTrue(diagnostic.message.hasPrefix("S3 403 SignatureDoesNotMatch for s3://intake-test/exports/accounts.csv"), diagnostic.message)
        XCTAssertTrue(diagnostic.hint?.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") == true, "\(diagnostic)")
        XCTAssertFalse(diagnostic.description.contains("not-the-secret-at-all"))
        XCTAssertEqual(SourceTests.names(in: folder), [])
        let (unknown, _) = try SourceTests.fetch(
            source([.init(name: "key", value: "exports/accounts.csv")]),
            environment: ["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000", "AWS_SECRET_ACCESS_KEY": "whatever-secret"])
        XCTAssertTrue(SourceTests.failure(unknown)?.message.hasPrefix("S3 403 InvalidAccessKeyId") == true)
    }

    func testCredentialsComeFromTheEnvironment() throws {
        let (result, _) = try SourceTests.fetch(source([.init(name: "key", value: "exports/accounts.csv")]))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .missingEnvironment)
        XCTAssertTrue(diagnostic.hint?.contains("AWS_ACCESS_KEY_ID") == true)
        let named = [PlanSource.Option(name: "access_key_id", value: "${MY_KEY}"), .init(name: "secret_access_key", value: "${MY_SECRET}"), .init(name: "key", value: "exports/accounts.csv")]
        let (ok, _) = try SourceTests.fetch(
            source(named), environment: ["MY_KEY": Self.server!["access_key_id"], "MY_SECRET": Self.server!["secret_access_key"]])
        XCTAssertEqual(SourceTests.files(ok).count, 1)
    }

    func testTheExampleSpecPlansAppliesAndSkipsAnIdenticalDownload() throws {
        var environment = credentials
        environment["INTAKE_DEMO_S3_PORT"] = "\(Self.server!.port)"
        let record = try SourceTests.planApplyAndSkip("accounts-s3", environment: environment)
        XCTAssertEqual(record?.source, "s3://intake-test/daily/accounts-2026-11-25.csv")
        XCTAssertTrue(record?.sourceObject?.contains("ETag") == true, "\(String(describing: record))")
    }
}
