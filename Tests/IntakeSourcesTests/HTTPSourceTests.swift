import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeSources
import IntakeSpec
import IntakeTestSupport
import XCTest

/// HTTP(S) sources against Servers/http_server.py on 127.0.0.1: plain and TLS, redirects,
/// retries, refusals, stalls, cut-off bodies, size limits and header secrets.
final class HTTPSourceTests: XCTestCase {
    nonisolated(unsafe) static var plain: TestServer?
    nonisolated(unsafe) static var tls: TestServer?
    nonisolated(unsafe) static var work: URL?
    nonisolated(unsafe) static var unavailable: String?

    override class func setUp() {
        do {
            let work = try Fixtures.temporaryFolder()
            Self.work = work
            let root = work.appendingPathComponent("root")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv"), to: root.appendingPathComponent("accounts-crm.csv"))
            let cert = work.appendingPathComponent("cert.pem").path
            let key = work.appendingPathComponent("key.pem").path
            // A throw-away self-signed certificate for 127.0.0.1, trusted through INTAKE_CA_BUNDLE.
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw ServerUnavailable("openssl could not make a test certificate") }
            Self.plain = try TestServer.start("http_server.py", [root.path]).get()
            Self.tls = try TestServer.start("http_server.py", [root.path, cert, key]).get()
        } catch {
            Self.unavailable = "\(error)"
        }
    }

    override class func tearDown() {
        plain?.stop()
        tls?.stop()
        if let work { try? FileManager.default.removeItem(at: work) }
    }

    override func setUpWithError() throws {
        if let reason = Self.unavailable { throw XCTSkip("the HTTP test server cannot start: \(reason)") }
    }

    private var caBundle: String { Self.work!.appendingPathComponent("cert.pem").path }

    private func plain(_ path: String, options: [PlanSource.Option] = []) -> PlanSource {
        PlanSource(kind: "http", location: "http://127.0.0.1:\(Self.plain!.port)\(path)", pick: nil, options: options + [.init(name: "insecure", value: "true")])
    }

    func testDownloadFollowsARedirectAndRecordsTheETag() throws {
        let (result, folder) = try SourceTests.fetch(plain("/redirect/accounts-crm.csv"))
        let file = try XCTUnwrap(SourceTests.files(result).first)
        let expected = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Integrations/data/accounts-crm.csv"))
        XCTAssertEqual(try Data(contentsOf: file.url), expected)
        XCTAssertEqual(file.sha256, Digest.sha256(expected))
        XCTAssertEqual(file.size, Int64(expected.count))
        XCTAssertTrue(file.object.contains("ETag \"etag-\(expected.count)\""), file.object)
        XCTAssertEqual(SourceTests.names(in: folder), ["accounts-crm.csv"])
    }

    func testA500IsRetriedThenTheFileArrives() throws {
        let (result, _) = try SourceTests.fetch(plain("/flaky/accounts-crm.csv"))
        XCTAssertEqual(SourceTests.files(result).count, 1)
    }

    func testA404IsNotRetried() throws {
        let (result, folder) = try SourceTests.fetch(plain("/nowhere-404.csv"))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .remoteNotFound)
        XCTAssertTrue(diagnostic.message.hasPrefix("HTTP 404 for http://127.0.0.1:"), diagnostic.message)
        let hitsFile = try XCTUnwrap(SourceTests.files(try SourceTests.fetch(plain("/hits")).0).first)
        let hits = try JSONSerialization.jsonObject(with: Data(contentsOf: hitsFile.url)) as? [String: Int]
        XCTAssertEqual(hits?["/nowhere-404.csv"], 1)
        XCTAssertEqual(SourceTests.names(in: folder), [])
    }

    func testPersistent500FailsAfterTheRetries() throws {
        let (result, _) = try SourceTests.fetch(plain("/always500"))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchRefused)
        XCTAssertTrue(diagnostic.message.contains("HTTP 500") && diagnostic.message.contains("after retries"), diagnostic.message)
    }

    func testAStalledTransferTimesOutAndLeavesNothing() throws {
        var settings = SourceTests.quick
        settings.stallTimeout = 1
        settings.attempts = 2
        let (result, folder) = try SourceTests.fetch(plain("/slow"), settings: settings)
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchFailed)
        XCTAssertTrue(diagnostic.message.contains("timed out") && diagnostic.message.contains("tried 2 times"), diagnostic.message)
        XCTAssertEqual(SourceTests.names(in: folder), [])
    }

    func testACutOffTransferIsNeverKept() throws {
        let (result, folder) = try SourceTests.fetch(plain("/cut"))
        XCTAssertEqual(SourceTests.failure(result)?.code, .fetchFailed)
        XCTAssertEqual(SourceTests.names(in: folder), [], "a partial download must not stay behind")
    }

    func testTheSizeLimitStopsTheDownload() throws {
        let (result, folder) = try SourceTests.fetch(plain("/accounts-crm.csv", options: [.init(name: "max_bytes", value: "100")]))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .sourceTooLarge)
        XCTAssertTrue(diagnostic.message.contains("limit of 100 bytes"), diagnostic.message)
        XCTAssertEqual(SourceTests.names(in: folder), [])
    }

    func testRedirectsAreBounded() throws {
        let (result, _) = try SourceTests.fetch(plain("/loop"))
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchRefused)
        XCTAssertTrue(diagnostic.message.contains("redirected more than 5 times"), diagnostic.message)
    }

    func testHeaderSecretsComeFromTheEnvironmentAndStayOutOfErrors() throws {
        let header = PlanSource.Option(name: "header.Authorization", value: "Bearer ${TOKEN}")
        let (ok, _) = try SourceTests.fetch(plain("/secret/accounts-crm.csv", options: [header]), environment: ["TOKEN": "s3cr3t-token"])
        XCTAssertEqual(SourceTests.files(ok).count, 1)
        let (refused, _) = try SourceTests.fetch(plain("/secret/accounts-crm.csv", options: [header]), environment: ["TOKEN": "wrong-token-value"])
        let diagnostic = try XCTUnwrap(SourceTests.failure(refused))
        XCTAssertEqual(diagnostic.code, .fetchUnauthorized)
        XCTAssertTrue(diagnostic.message.contains("HTTP 401") && diagnostic.message.contains("Authorization"), diagnostic.message)
        XCTAssertFalse(diagnostic.description.contains("wrong-token-value"))
        let (missing, _) = try SourceTests.fetch(plain("/secret/accounts-crm.csv", options: [header]))
        let unset = try XCTUnwrap(SourceTests.failure(missing))
        XCTAssertEqual(unset.code, .missingEnvironment)
        XCTAssertTrue(unset.message.contains("TOKEN") && unset.message.contains("headers.Authorization"), unset.message)
    }

    func testHeadersAreNeverSentToAnotherOrigin() throws {
        let header = PlanSource.Option(name: "header.X-Api-Key", value: "${KEY}")
        let (refused, _) = try SourceTests.fetch(plain("/elsewhere/accounts-crm.csv", options: [header]), environment: ["KEY": "k-123456"])
        let diagnostic = try XCTUnwrap(SourceTests.failure(refused))
        XCTAssertEqual(diagnostic.code, .fetchRefused)
        XCTAssertTrue(diagnostic.message.contains("redirected to another host"), diagnostic.message)
        // Without headers to protect, the redirect is followed.
        let (followed, _) = try SourceTests.fetch(plain("/elsewhere/accounts-crm.csv"))
        XCTAssertEqual(SourceTests.files(followed).count, 1)
    }

    func testURLValuesAreEncodedAndNeverShown() throws {
        // `sig` is not a secret-looking name, and the value holds `#` and `&`: it must be sent
        // whole (percent-encoded) and shown only as the spec writes it.
        let (result, _) = try SourceTests.fetch(plain("/accounts-crm.csv?sv=1&sig=${SIG}"), environment: ["SIG": "ab#cd&x=TAIL99"])
        let file = try XCTUnwrap(SourceTests.files(result).first)
        XCTAssertTrue(file.source.contains("sig=") && file.source.contains("SIG"), file.source)
        XCTAssertFalse(file.source.contains("TAIL99"))
    }

    func testQueryTokensAreRedacted() throws {
        let (result, _) = try SourceTests.fetch(plain("/nowhere.csv?X-Amz-Signature=${SIG}&day=1"), environment: ["SIG": "abcdef123456"])
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertFalse(diagnostic.description.contains("abcdef123456"), diagnostic.description)
        XCTAssertTrue(diagnostic.message.contains("X-Amz-Signature=***"), diagnostic.message)
    }

    func testHTTPSNeedsATrustedCertificate() throws {
        let source = PlanSource(kind: "http", location: "https://127.0.0.1:\(Self.tls!.port)/accounts-crm.csv", pick: nil, options: [])
        let (trusted, _) = try SourceTests.fetch(source, environment: ["INTAKE_CA_BUNDLE": caBundle])
        XCTAssertEqual(SourceTests.files(trusted).count, 1)
        let (untrusted, _) = try SourceTests.fetch(source)
        let diagnostic = try XCTUnwrap(SourceTests.failure(untrusted))
        XCTAssertEqual(diagnostic.code, .untrustedServer)
        XCTAssertTrue(diagnostic.hint?.contains("INTAKE_CA_BUNDLE") == true)
    }

    func testPlainHTTPNeedsInsecure() throws {
        let source = PlanSource(kind: "http", location: "http://127.0.0.1:\(Self.plain!.port)/accounts-crm.csv", pick: nil, options: [])
        let (result, _) = try SourceTests.fetch(source)
        let diagnostic = try XCTUnwrap(SourceTests.failure(result))
        XCTAssertEqual(diagnostic.code, .fetchRefused)
        XCTAssertTrue(diagnostic.hint?.contains("insecure: true") == true, "\(diagnostic)")
    }

    func testTheExampleSpecPlansAppliesAndSkipsAnIdenticalDownload() throws {
        let record = try SourceTests.planApplyAndSkip(
            "accounts-http",
            environment: ["INTAKE_DEMO_HTTPS_PORT": "\(Self.tls!.port)", "INTAKE_DEMO_HTTP_TOKEN": "s3cr3t-token", "INTAKE_CA_BUNDLE": caBundle])
        // The history shows the URL as the spec writes it: no expanded value can leak into it.
        XCTAssertEqual(record?.source, "https://127.0.0.1:${INTAKE_DEMO_HTTPS_PORT}/secret/accounts-crm.csv")
        XCTAssertTrue(record?.sourceObject?.contains("ETag") == true, "\(String(describing: record))")
    }
}
