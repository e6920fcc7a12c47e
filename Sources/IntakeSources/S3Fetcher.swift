import CCurl
import Foundation
import IntakeCompiler

/// Downloads an `s3:` source: one key, or the newest (or every) object under a prefix, with
/// SigV4-signed requests (libcurl's CURLOPT_AWS_SIGV4).
struct S3Fetcher {
    let source: PlanSource
    let environment: EnvironmentValues
    let transport: Transport
    let folder: DownloadFolder
    let maxBytes: Int64

    /// SHA-256 of an empty body: S3 wants the payload hash in `x-amz-content-sha256`.
    private static let emptyPayload = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    func fetch() throws(FetchFailure) -> [FetchedFile] {
        let bucket = try environment.expand(source.option("bucket") ?? "", field: "bucket")
        let region = try source.option("region").map { r throws(FetchFailure) in try environment.expand(r, field: "region") }
            ?? environment.variables["AWS_REGION"] ?? environment.variables["AWS_DEFAULT_REGION"] ?? "us-east-1"
        let base: String
        if let endpoint = source.option("endpoint") {
            // S3-compatible stores are addressed path-style: ENDPOINT/BUCKET/KEY.
            let url = try environment.expand(endpoint, field: "endpoint")
            base = (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/" + bucket
            // Plain http only when the spec opts in (the compiler refuses it otherwise).
            transport.protocols = source.option("insecure") == "true" ? "http,https" : "https"
        } else {
            base = "https://\(bucket).s3.\(region).amazonaws.com"
            transport.protocols = "https"
        }
        let credentials = try self.credentials()
        let signing = { (curl: CurlHandle) in
            curl.set(CURLOPT_AWS_SIGV4, "aws:amz:\(region):s3")
            // A listed key with `../` in it is a key, not a path to normalise into another object.
            curl.set(CURLOPT_PATH_AS_IS, 1)
            curl.set(CURLOPT_USERNAME, credentials.key)
            curl.set(CURLOPT_PASSWORD, credentials.secret)
            var headers = ["x-amz-content-sha256: \(Self.emptyPayload)"]
            if let token = credentials.token { headers.append("x-amz-security-token: \(token)") }
            curl.set(CURLOPT_HTTPHEADER, list: headers)
        }
        let context = Context(bucket: bucket, base: base, signing: signing, variables: credentials.variables)
        if let key = source.option("key") {
            let key = try environment.expand(key, field: "key")
            return [try download(key, etag: nil, context)]
        }
        let prefix = try environment.expand(source.option("prefix") ?? "", field: "prefix")
        let objects = try list(prefix, context).filter { !$0.key.hasSuffix("/") }
        guard !objects.isEmpty else {
            throw FetchFailure(.remoteNotFound, "no object under s3://\(bucket)/\(prefix)", hint: "check 'prefix' and that the export ran")
        }
        if source.pick == "all" {
            return try objects.sorted { $0.key < $1.key }.map { o throws(FetchFailure) in try download(o.key, etag: o.etag, context) }
        }
        // ISO 8601 timestamps of one format sort as text; the key breaks ties.
        let newest = objects.max { ($0.lastModified, $0.key) < ($1.lastModified, $1.key) }!
        return [try download(newest.key, etag: newest.etag, context)]
    }

    private struct Context {
        var bucket: String
        var base: String
        var signing: (CurlHandle) -> Void
        var variables: String
    }

    private func download(_ key: String, etag: String?, _ context: Context) throws(FetchFailure) -> FetchedFile {
        let display = "s3://\(context.bucket)/\(key)"
        var request = Transport.Request(url: context.base + "/" + Self.encode(key), display: display, maxBytes: maxBytes)
        request.configure = context.signing
        request.sendsSecrets = true
        // The whole key names the local file: `2024-01/accounts.csv` and `2024-02/accounts.csv`
        // under one prefix must not land on the same file.
        let (file, response) = try folder.download(request, as: key.replacingOccurrences(of: "/", with: "__"), with: transport) { response throws(FetchFailure) in
            try Self.check(response, display: display, variables: context.variables)
        }
        let tag = response.headers["etag"] ?? etag
        return FetchedFile(
            url: file, source: display, object: tag.map { "\(key), ETag \($0)" } ?? key, size: response.bytes, sha256: response.sha256)
    }

    private func list(_ prefix: String, _ context: Context) throws(FetchFailure) -> [S3XML.Object] {
        var objects: [S3XML.Object] = []
        var token: String?
        repeat {
            // Parameters in canonical (sorted) order, so the signed and the sent query agree.
            var query = token.map { "continuation-token=\(Self.encode($0, keepSlash: false))&" } ?? ""
            query += "list-type=2&prefix=\(Self.encode(prefix))"
            let display = "s3://\(context.bucket)/\(prefix)"
            var request = Transport.Request(url: context.base + "?" + query, display: display, maxBytes: 64 << 20)
            request.configure = context.signing
            request.sendsSecrets = true
            let response = try transport.perform(request, to: nil)
            try Self.check(response, display: display, variables: context.variables)
            let page = S3XML(response.body)
            objects += page.objects
            token = page.continuationToken
        } while token != nil
        return objects
    }

    /// The access key, secret and session token: from the spec's `${ENV}` references, else the
    /// standard AWS variables; never from the spec's text itself (the compiler refuses that).
    private func credentials() throws(FetchFailure) -> (key: String, secret: String, token: String?, variables: String) {
        let keyRef = source.option("access_key_id")
        let secretRef = source.option("secret_access_key")
        let key = try keyRef.map { r throws(FetchFailure) in try environment.expand(r, field: "access_key_id", secret: true) }
            ?? environment.secret("AWS_ACCESS_KEY_ID")
        let secret = try secretRef.map { r throws(FetchFailure) in try environment.expand(r, field: "secret_access_key", secret: true) }
            ?? environment.secret("AWS_SECRET_ACCESS_KEY")
        let variables = [keyRef ?? "AWS_ACCESS_KEY_ID", secretRef ?? "AWS_SECRET_ACCESS_KEY"]
            .map { $0.replacingOccurrences(of: "${", with: "").replacingOccurrences(of: "}", with: "") }.joined(separator: " and ")
        guard let key, let secret else {
            throw FetchFailure(
                .missingEnvironment, "no AWS credentials for s3://\(source.option("bucket") ?? "")",
                hint: "set \(variables) (and AWS_SESSION_TOKEN for temporary credentials) where intake runs")
        }
        return (key, secret, environment.secret("AWS_SESSION_TOKEN"), variables)
    }

    /// Throws for anything but a 2xx answer, naming S3's error code.
    static func check(_ response: Transport.Response, display: String, variables: String) throws(FetchFailure) {
        let status = response.status
        guard !(200..<300).contains(status) else { return }
        let error = S3XML(response.body)
        let code = error.errorCode ?? "error"
        let detail = error.errorMessage.map { ": \($0)" } ?? ""
        switch (status, code) {
        case (404, _):
            throw FetchFailure(.remoteNotFound, "S3 404 \(code) for \(display)\(detail)", hint: "check the bucket and key in the spec's source")
        case (401, _), (403, _):
            throw FetchFailure(
                .fetchUnauthorized, "S3 \(status) \(code) for \(display)\(detail)",
                hint: "check \(variables): the key must exist and be allowed to read this bucket")
        default:
            throw FetchFailure(.fetchRefused, "S3 \(status) \(code) for \(display)\(detail)")
        }
    }

    /// Percent-encodes a key or query value the way SigV4 expects: unreserved characters stay.
    static func encode(_ text: String, keepSlash: Bool = true) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        if keepSlash { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
