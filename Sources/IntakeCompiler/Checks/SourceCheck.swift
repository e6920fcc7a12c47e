import IntakeDiagnostics
import Foundation
import IntakeSpec

/// `source:` is well-formed, stays inside the repository, and holds no secret in plain text.
struct SourceCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let source = context.spec.source else { return }
        switch source {
        case .file(let file):
            checkPath(file.path, what: "'file'", context)
        case .http(let http):
            checkURL(http.url, insecure: http.insecure?.value ?? false, context)
            for header in http.headers {
                checkSecret(header.value, named: header.key.value, sensitive: SecretRules.isSensitiveName(header.key.value), context)
            }
        case .s3(let s3):
            // Signed requests and a session token over plain http need the same opt-in as an http source.
            if let endpoint = s3.endpoint { checkURL(endpoint, insecure: s3.insecure?.value ?? false, context) }
            if let key = s3.accessKeyID { checkSecret(key, named: "access_key_id", sensitive: true, context) }
            if let secret = s3.secretAccessKey { checkSecret(secret, named: "secret_access_key", sensitive: true, context) }
            for value in [s3.bucket, s3.key, s3.prefix].compactMap({ $0 }) { checkSecret(value, named: "", sensitive: false, context) }
        case .sftp(let sftp):
            if let port = sftp.portVariable, port.value.wholeMatch(of: /\$\{[A-Za-z_][A-Za-z0-9_]*\}/) == nil {
                context.emit(.invalidValue, "'port' must be a number or one ${ENV_NAME} reference", at: port.location)
            }
            if let password = sftp.password { checkSecret(password, named: "password", sensitive: true, context) }
            if let key = sftp.key { checkSecret(key, named: "key", sensitive: false, context) }
            if let pick = sftp.pick, !sftp.path.value.contains(where: { "*?[".contains($0) }), pick.value == .all {
                context.emit(.invalidSource, "'pick: all' needs a glob in 'path'", at: pick.location)
            }
        }
    }

    private func checkPath(_ path: Located<String>, what: String, _ context: CheckContext) {
        if PathRules.escapesRoot(path.value) {
            context.emit(
                .pathEscapesRepository, "\(what) '\(path.value)' leaves the repository", at: path.location,
                hint: "paths are relative to the repository root and may not start with / or ~ or climb out with ..")
        }
    }

    private func checkURL(_ url: Located<String>, insecure: Bool, _ context: CheckContext) {
        if let problem = SecretRules.referenceProblem(url.value) {
            context.emit(.invalidValue, problem, at: url.location, hint: "write ${ENV_NAME}: letters, digits and _")
            return
        }
        // ${ENV} references are filled in at fetch time; a placeholder stands in for checking.
        guard let components = URLComponents(string: Self.placeholders(url.value)), let scheme = components.scheme?.lowercased(),
            components.host?.isEmpty == false
        else {
            context.emit(.invalidSource, "'\(SecretRules.redacted(url.value))' is not a valid URL", at: url.location)
            return
        }
        if components.password != nil {
            context.emit(
                .plaintextSecret, "the URL carries a password in plain text", at: url.location,
                hint: "remove it from the URL and send it in a header whose value is ${ENV_NAME}")
        }
        for item in components.queryItems ?? [] where SecretRules.isSensitiveName(item.name) {
            if let value = item.value, !value.contains("ENVREF") {
                context.emit(
                    .plaintextSecret, "query parameter '\(item.name)' holds a secret in plain text", at: url.location,
                    hint: "write it as ${ENV_NAME} and set that environment variable where intake runs")
            }
        }
        switch scheme {
        case "https": break
        case "http" where insecure: break
        case "http":
            context.emit(
                .invalidSource, "plain http is refused; use https", at: url.location,
                hint: "if the server truly has no TLS, add insecure: true")
        default:
            context.emit(.invalidSource, "URL scheme '\(scheme)' is not supported; use https", at: url.location)
        }
    }

    /// The text with each `${NAME}` replaced by `ENVREF` (or `1`, after a colon: a port).
    private static func placeholders(_ text: String) -> String {
        text.replacing(/(:?)\$\{[A-Za-z_][A-Za-z0-9_]*\}/) { $0.output.1.isEmpty ? "ENVREF" : ":1" }
    }

    private func checkSecret(_ value: Located<String>, named name: String, sensitive: Bool, _ context: CheckContext) {
        if let problem = SecretRules.referenceProblem(value.value) {
            context.emit(.invalidValue, problem, at: value.location, hint: "write ${ENV_NAME}: letters, digits and _")
            return
        }
        if sensitive && !SecretRules.isEnvReference(value.value) || SecretRules.looksLikeSecret(value.value) {
            let what = name.isEmpty ? "a value" : "'\(name)'"
            context.emit(
                .plaintextSecret, "\(what) holds a secret in plain text", at: value.location,
                hint: "write it as ${ENV_NAME} and set that environment variable where intake runs; then rotate the exposed secret")
        }
    }
}
