import CCurl
import Foundation
import IntakeDiagnostics

/// Runs requests through one libcurl handle with the shared limits, timeouts and retries, and
/// turns libcurl's failures into clear, redacted messages.
final class Transport {
    /// One request: the real URL (secrets expanded) and what to show instead.
    struct Request {
        var url: String
        var display: String
        var maxBytes: Int64
        /// Kind-specific options: headers, credentials, SigV4, SSH keys.
        var configure: (CurlHandle) -> Void = { _ in }
        /// Whether the request carries secrets in headers (an API key, a session token): its
        /// redirects may then only stay on the same scheme, host and port.
        var sendsSecrets = false
    }

    /// What came back.
    struct Response {
        var status: Int
        var headers: [String: String]
        var bytes: Int64
        var sha256: String
        var body: Data
        /// The remote file's modification time (seconds since 1970), when the server told it.
        var fileTime: Int64?
        /// Where a 3xx answer points.
        var redirect: String? = nil
        /// Whether an in-memory body was cut at the sink's cap.
        var truncated = false
    }

    let settings: FetchSettings
    let redactor: Redactor
    let caBundle: String?
    /// Protocols a request may use, redirects included: `https`, `http,https` or `sftp`.
    var protocols = "https"
    /// The SSH host-key check, for SFTP requests.
    var hostKeys: HostKeyPolicy?
    private let curl = CurlHandle()
    private let sleep: (TimeInterval) -> Void

    init(settings: FetchSettings, redactor: Redactor, caBundle: String?, sleep: @escaping (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.settings = settings
        self.redactor = redactor
        self.caBundle = caBundle
        self.sleep = sleep
    }

    /// Performs `request`, writing the body to `file` (nil keeps it in memory), trying again with
    /// backoff after transient failures: timeouts, resets, cut-off bodies, 5xx, 408 and 429.
    func perform(_ request: Request, to file: URL?) throws(FetchFailure) -> Response {
        var pause = settings.backoff
        for attempt in 1...max(settings.attempts, 1) {
            do {
                let response = try once(request, to: file)
                if Self.transientStatus(response.status), attempt < settings.attempts {
                    sleep(pause)
                    pause *= 2
                    continue
                }
                return response
            } catch {
                guard error.transient, attempt < settings.attempts else {
                    if error.transient, settings.attempts > 1 {
                        var failure = error
                        failure.message += " (tried \(settings.attempts) times)"
                        throw failure
                    }
                    throw error
                }
                sleep(pause)
                pause *= 2
            }
        }
        preconditionFailure("the retry loop returns or throws")
    }

    /// 5xx, request timeout and rate limiting: the server may answer next time.
    static func transientStatus(_ status: Int) -> Bool { status >= 500 || status == 408 || status == 429 }

    /// One request, following redirects here rather than in libcurl, which would send the
    /// spec's custom headers (API keys) to any host a redirect names.
    private func once(_ request: Request, to file: URL?) throws(FetchFailure) -> Response {
        var current = request
        for _ in 0...settings.maxRedirects {
            let response = try single(current, to: file)
            guard (300..<400).contains(response.status), let next = response.redirect else { return response }
            guard let target = URLComponents(string: next), let scheme = target.scheme?.lowercased(),
                protocols.split(separator: ",").contains(Substring(scheme))
            else {
                throw FetchFailure(
                    .fetchRefused, "\(request.display) redirected to a protocol other than \(protocols)",
                    hint: protocols == "https" ? "plain http needs insecure: true in the spec's source" : nil)
            }
            if URLComponents(string: current.url)?.scheme?.lowercased() == "https" && scheme == "http" {
                throw FetchFailure(.fetchRefused, "\(request.display) redirected from https to plain http", hint: "point the source at an https URL that does not downgrade")
            }
            if current.sendsSecrets && !Self.sameOrigin(current.url, next) {
                throw FetchFailure(
                    .fetchRefused, "\(request.display) redirected to another host; the spec's headers are not sent there",
                    hint: "point the source at the final URL, so the headers go only to the host they are meant for")
            }
            current.url = next
        }
        throw FetchFailure(.fetchRefused, "\(request.display) redirected more than \(settings.maxRedirects) times", hint: "check the URL")
    }

    /// Same scheme, host and port (the default port counted as given).
    static func sameOrigin(_ a: String, _ b: String) -> Bool {
        guard let x = URLComponents(string: a), let y = URLComponents(string: b) else { return false }
        func port(_ c: URLComponents) -> Int? { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : c.scheme?.lowercased() == "http" ? 80 : nil) }
        return x.scheme?.lowercased() == y.scheme?.lowercased() && x.host?.lowercased() == y.host?.lowercased() && port(x) == port(y)
    }

    private func single(_ request: Request, to file: URL?) throws(FetchFailure) -> Response {
        let handle: FileHandle?
        if let file {
            guard FileManager.default.createFile(atPath: file.path, contents: nil), let opened = try? FileHandle(forWritingTo: file) else {
                throw FetchFailure(.fetchFailed, "cannot write the download to '\(file.path)'", hint: "check that .intake/ is writable")
            }
            handle = opened
        } else {
            handle = nil
        }
        defer { try? handle?.close() }
        let sink = TransferSink(file: handle, limit: request.maxBytes)
        curl.reset()
        curl.set(CURLOPT_URL, request.url)
        curl.set(CURLOPT_PROTOCOLS_STR, protocols)
        curl.set(CURLOPT_REDIR_PROTOCOLS_STR, protocols)
        curl.set(CURLOPT_FOLLOWLOCATION, 0)
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        // A read timeout: fewer than 1 byte per second for the whole stall window aborts.
        curl.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        curl.set(CURLOPT_LOW_SPEED_TIME, max(Int(settings.stallTimeout.rounded(.up)), 1))
        curl.set(CURLOPT_MAXFILESIZE_LARGE, offset: request.maxBytes)
        curl.set(CURLOPT_FILETIME, 1)
        curl.set(CURLOPT_USERAGENT, "intake/0.1 (\(CurlHandle.version.split(separator: " ").first ?? "libcurl"))")
        if let caBundle { curl.set(CURLOPT_CAINFO, caBundle) }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        curl.onWrite(TransferSink.writeCallback, context: context)
        curl.onHeader(TransferSink.headerCallback, context: context)
        if let hostKeys { curl.onHostKey(HostKeyPolicy.callback, context: Unmanaged.passUnretained(hostKeys).toOpaque()) }
        request.configure(curl)
        let (code, detail) = withExtendedLifetime(sink) { curl.perform() }
        if code != CURLE_OK {
            throw failure(code, detail: detail, sink: sink, request: request)
        }
        let time = curl.info(offset: CURLINFO_FILETIME_T)
        return Response(
            status: sink.status, headers: sink.headers, bytes: sink.bytes, sha256: sink.sha256(), body: sink.memory,
            fileTime: time > 0 ? time : nil, redirect: curl.info(string: CURLINFO_REDIRECT_URL),
            truncated: sink.truncated)
    }

    private func failure(_ code: CURLcode, detail: String, sink: TransferSink, request: Request) -> FetchFailure {
        let what = request.display
        switch code {
        case CURLE_WRITE_ERROR where sink.overLimit, CURLE_FILESIZE_EXCEEDED:
            return FetchFailure(
                .sourceTooLarge, "\(what) is larger than the limit of \(request.maxBytes) bytes; the download was stopped",
                hint: "raise 'max_bytes' in the spec's source if the file is expected to be this large")
        case CURLE_WRITE_ERROR:
            return FetchFailure(.fetchFailed, "cannot write the download of \(what): \(sink.writeError ?? detail)", hint: "check the free space under .intake/")
        case CURLE_OPERATION_TIMEDOUT:
            return FetchFailure(
                .fetchFailed, "\(what) timed out: \(detail)", hint: "the server stopped sending or did not answer; try again later",
                transient: true)
        case CURLE_COULDNT_CONNECT, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return FetchFailure(.fetchFailed, "\(what) failed: \(detail)", hint: "a network or server problem; try again later", transient: true)
        case CURLE_PEER_FAILED_VERIFICATION where hostKeys?.failure != nil:
            return hostKeys!.failure!
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return FetchFailure(
                .untrustedServer, "\(what): the server's TLS certificate is not trusted: \(detail)",
                hint: "if the server uses a private CA, set INTAKE_CA_BUNDLE to a PEM file holding that CA's certificate")
        case CURLE_LOGIN_DENIED:
            return FetchFailure(
                .fetchUnauthorized, "\(what): the server refused the login: \(detail)",
                hint: "check the user, and that the key file or password variable is the one the server expects")
        case CURLE_REMOTE_FILE_NOT_FOUND:
            return FetchFailure(.remoteNotFound, "\(what) does not exist on the server", hint: "check the path in the spec's source")
        case CURLE_REMOTE_ACCESS_DENIED:
            return FetchFailure(.fetchRefused, "\(what): the server denied access: \(detail)", hint: "check the file's permissions on the server")
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchFailure(.fetchRefused, "\(what) redirected more than \(settings.maxRedirects) times", hint: "check the URL")
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchFailure(
                .fetchRefused, "\(what) used or redirected to a protocol other than \(protocols): \(detail)",
                hint: protocols == "https" ? "plain http needs insecure: true in the spec's source" : nil)
        default:
            return FetchFailure(.fetchFailed, "\(what) failed: \(detail) (libcurl error \(code.rawValue))")
        }
    }
}
