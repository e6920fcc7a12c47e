import CCurl
import Foundation
import IntakeCompiler

/// Downloads an `http:` source: one GET, headers from the spec, redirects bounded.
struct HTTPFetcher {
    let source: PlanSource
    let environment: EnvironmentValues
    let transport: Transport
    let folder: DownloadFolder
    let maxBytes: Int64

    func fetch() throws(FetchFailure) -> [FetchedFile] {
        let insecure = source.option("insecure") == "true"
        let url = try expandedURL()
        // Shown as written in the spec (`${NAME}` left in place), never from the expanded URL:
        // a value that is secret without a secret-looking name must not reach output or history.
        let display = SecretRules.redacted(source.location)
        var headers: [String] = []
        for option in source.options where option.name.hasPrefix("header.") {
            let name = String(option.name.dropFirst("header.".count))
            let value = try environment.expand(option.value, field: "headers.\(name)", secret: true)
            headers.append("\(name): \(value)")
        }
        transport.protocols = insecure ? "http,https" : "https"
        var request = Transport.Request(url: url, display: display, maxBytes: maxBytes)
        request.sendsSecrets = !headers.isEmpty
        request.configure = { curl in curl.set(CURLOPT_HTTPHEADER, list: headers) }
        let path = URLComponents(string: url)?.path ?? ""
        let (file, response) = try folder.download(request, as: path, with: transport) { response throws(FetchFailure) in
            try Self.check(response, display: display, headerNames: headers.map { String($0.prefix { $0 != ":" }) })
        }
        var object = path.isEmpty ? "/" : path
        if let etag = response.headers["etag"] {
            object += ", ETag \(etag)"
        } else if let modified = response.headers["last-modified"] {
            object += ", Last-Modified \(modified)"
        }
        return [FetchedFile(url: file, source: display, object: object, size: response.bytes, sha256: response.sha256)]
    }

    /// The URL with its `${ENV}` references filled in; values of secret-looking query parameters
    /// are remembered for redaction.
    private func expandedURL() throws(FetchFailure) -> String {
        let parts = source.location.split(separator: "?", maxSplits: 1)
        // Every value put into a URL is a secret and percent-encoded, so `#`, `&` or a space in
        // it can neither cut the URL short nor show a tail of the value in an error.
        var url = try environment.expand(String(parts[0]), field: "url", secret: true) { Self.percentEncoded($0, allowed: .urlPathAllowed) }
        if parts.count == 2 {
            var items: [String] = []
            for item in parts[1].split(separator: "&") {
                items.append(try environment.expand(String(item), field: "url", secret: true) { Self.percentEncoded($0, allowed: Self.queryValueAllowed) })
            }
            url += "?" + items.joined(separator: "&")
        }
        return url
    }

    private static let queryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))

    private static func percentEncoded(_ value: String, allowed: CharacterSet) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Throws for anything but a 2xx answer.
    static func check(_ response: Transport.Response, display: String, headerNames: [String]) throws(FetchFailure) {
        let status = response.status
        switch status {
        case 200..<300:
            return
        case 404, 410:
            throw FetchFailure(.remoteNotFound, "HTTP \(status) for \(display): the file is not there", hint: "check the URL in the spec's source")
        case 401, 403:
            let sent = headerNames.isEmpty ? "no headers are sent" : "sent headers: \(headerNames.joined(separator: ", "))"
            throw FetchFailure(
                .fetchUnauthorized, "HTTP \(status) for \(display): the server refused the credentials (\(sent))",
                hint: "check the environment variables the spec's headers name")
        default:
            let retried = Transport.transientStatus(status) ? " after retries" : ""
            throw FetchFailure(.fetchRefused, "HTTP \(status) for \(display)\(retried)", hint: status >= 500 ? "a server problem; try again later" : nil)
        }
    }
}

extension PlanSource {
    /// The value of the option named `name`, if any.
    func option(_ name: String) -> String? { options.first { $0.name == name }?.value }
}
