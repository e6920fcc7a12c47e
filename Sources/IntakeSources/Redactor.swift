import IntakeCompiler

/// Removes secrets from text shown to people: the values of every `${ENV}` used in a secret
/// position, URL passwords, and query parameters whose names look secret (`X-Amz-Signature`…).
final class Redactor {
    private var secrets: [String] = []

    /// Remembers a secret value; values shorter than four characters would blank out ordinary words.
    func add(_ secret: String) {
        if secret.count >= 4, !secrets.contains(secret) { secrets.append(secret) }
    }

    /// The text with every known secret replaced by `***`, and URLs redacted.
    func scrub(_ text: String) -> String {
        var out = text
        // Longest first, so a secret that contains another is replaced whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out.replacing(/[A-Za-z][A-Za-z0-9+.\-]*:\/\/[^\s'"<>]+/) { SecretRules.redacted(String($0.output)) }
    }
}
