import Foundation

/// Rules for `${ENV}` references and for spotting secrets.
public enum SecretRules {
    private static let sensitiveWords = ["authorization", "password", "passwd", "secret", "token", "api-key", "apikey", "api_key", "cookie", "signature", "credential", "private"]

    /// Whether a header, parameter or key name suggests a secret value.
    public static func isSensitiveName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return sensitiveWords.contains { lower.contains($0) } || lower == "key" || lower.hasSuffix("-key") || lower.hasSuffix("_key")
    }

    /// Whether the whole value is one or more references such as `${TOKEN}` or `Bearer ${TOKEN}`.
    public static func isEnvReference(_ value: String) -> Bool {
        value.contains("${") && referenceProblem(value) == nil
    }

    /// A problem with a malformed `${…}` in a value, or nil.
    public static func referenceProblem(_ value: String) -> String? {
        var rest = Substring(value)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return "unterminated ${ in '\(redacted(value))'" }
            let name = rest[start.upperBound..<end]
            guard let first = name.first, first == "_" || first.isLetter, name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            else { return "'${\(name)}' is not a valid environment variable reference" }
            rest = rest[rest.index(after: end)...]
        }
        return nil
    }

    /// Whether a value has the shape of a credential (a private key block, an AWS access key id).
    public static func looksLikeSecret(_ value: String) -> Bool {
        if value.contains("-----BEGIN") { return true }
        let scalars = Array(value.utf8)
        guard scalars.count >= 20 else { return false }
        for start in 0...(scalars.count - 20) where scalars[start...].starts(with: Array("AKIA".utf8)) {
            if scalars[(start + 4)..<(start + 20)].allSatisfy({ (65...90).contains($0) || (48...57).contains($0) }) { return true }
        }
        return false
    }

    /// The value with any URL password and secret-looking query values replaced by `***`.
    public static func redacted(_ value: String) -> String {
        guard var components = URLComponents(string: value) else { return value }
        if components.password != nil { components.password = "***" }
        components.queryItems = components.queryItems?.map { item in
            isSensitiveName(item.name) ? URLQueryItem(name: item.name, value: "***") : item
        }
        return components.string ?? value
    }
}
