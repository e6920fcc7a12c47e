import Foundation
import IntakeCompiler
import IntakeDiagnostics

/// Downloads a plan's network source (`http`, `s3`, `sftp`) into a folder, through libcurl.
///
/// libcurl is the one library here because it covers all three kinds: HTTP(S) with redirects and
/// TLS, S3 with SigV4 signing, and SFTP with known_hosts checks (via libssh2).
public struct SourceFetcher: Sendable {
    /// Limits, timeouts and retries.
    public var settings: FetchSettings
    /// The environment `${NAME}` references and AWS credentials are read from.
    public var environment: [String: String]

    /// Creates a fetcher.
    public init(settings: FetchSettings = FetchSettings(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.settings = settings
        self.environment = environment
    }

    /// Whether `kind` is fetched over the network by this type (`file` sources are read in place).
    public static func fetches(_ kind: String) -> Bool { ["http", "s3", "sftp"].contains(kind) }

    /// Downloads the file(s) `source` names into `folder`, in run order; or says, redacted, why not.
    public func fetch(_ source: PlanSource, into folder: URL) -> Result<[FetchedFile], Diagnostic> {
        let redactor = Redactor()
        let values = EnvironmentValues(variables: environment, redactor: redactor)
        let transport = Transport(settings: settings, redactor: redactor, caBundle: environment["INTAKE_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 })
        let downloads = DownloadFolder(url: folder)
        do throws(FetchFailure) {
            let maxBytes = try source.option("max_bytes").map { text throws(FetchFailure) in
                guard let value = Int64(text), value > 0 else { throw FetchFailure(.fetchRefused, "max_bytes '\(text)' is not a positive number") }
                return value
            } ?? settings.maxBytes
            guard CurlHandle.protocols.contains(source.kind == "sftp" ? "sftp" : "https") else {
                throw FetchFailure(
                    .fetchFailed, "this libcurl (\(CurlHandle.version)) cannot fetch \(source.kind) sources",
                    hint: "install a libcurl built with \(source.kind == "sftp" ? "libssh2" : "TLS"), such as Debian's libcurl4-openssl-dev")
            }
            let files: [FetchedFile]
            switch source.kind {
            case "http":
                files = try HTTPFetcher(source: source, environment: values, transport: transport, folder: downloads, maxBytes: maxBytes).fetch()
            case "s3":
                files = try S3Fetcher(source: source, environment: values, transport: transport, folder: downloads, maxBytes: maxBytes).fetch()
            case "sftp":
                files = try SFTPFetcher(source: source, environment: values, transport: transport, folder: downloads, maxBytes: maxBytes).fetch()
            default:
                throw FetchFailure(.fetchFailed, "'\(source.kind)' sources are not fetched over the network")
            }
            return .success(files.map { file in
                var clean = file
                clean.source = redactor.scrub(file.source)
                clean.object = redactor.scrub(file.object)
                return clean
            })
        } catch {
            return .failure(error.diagnostic(redactor))
        }
    }
}
