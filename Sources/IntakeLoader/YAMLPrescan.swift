import Foundation

/// A quick pass over the raw text, before libyaml sees it, for what the composer cannot bound.
///
/// Yams hashes mapping keys recursively to find duplicates, so an alias used inside a complex
/// key can cost exponential time ("billion laughs" as a key). Specs need neither complex keys
/// nor anchors inside them, so a document that uses both is refused up front.
enum YAMLPrescan {
    struct Finding {
        var line: Int
        var column: Int
        var message: String
    }

    static func check(_ text: String) -> Finding? {
        var aliasAt: (Int, Int)?
        var complexKeyAt: (Int, Int)?
        var blockIndent: Int?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix { $0 == " " }.count
            let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            // Lines of a block scalar (`|` or `>`) are data, not YAML.
            if let block = blockIndent {
                if isBlank || indent > block { continue }
                blockIndent = nil
            }
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            var lastToken: Unicode.Scalar = " "
            var inAlias = false
            for (col, c) in line.enumerated() {
                defer { previous = c }
                if let q = quote {
                    if c == q { quote = nil }
                    continue
                }
                switch c {
                case "\"" where " [{,:".unicodeScalars.contains(previous),
                    "'" where " [{,:".unicodeScalars.contains(previous):
                    quote = c
                case "#" where previous == " " || previous == "\t":
                    break
                case "*" where " [{,?-:".unicodeScalars.contains(previous):
                    if aliasAt == nil { aliasAt = (index + 1, col + 1) }
                    inAlias = true
                case ":" where inAlias:
                    // An alias used as a key: Yams hashes the whole aliased subtree.
                    if complexKeyAt == nil { complexKeyAt = (index + 1, col + 1) }
                case "?" where previous == " " && (col + 1 == line.count || line[col + 1] == " "):
                    if complexKeyAt == nil { complexKeyAt = (index + 1, col + 1) }
                case ":" where lastToken == "]" || lastToken == "}":
                    if complexKeyAt == nil { complexKeyAt = (index + 1, col + 1) }
                default:
                    break
                }
                if c == "#" && (previous == " " || previous == "\t") { break }
                if c != " " { lastToken = c }
                if ",[]{}".unicodeScalars.contains(c) { inAlias = false }
            }
            if opensBlockScalar(String(rawLine)) { blockIndent = indent }
        }
        if let alias = aliasAt, let key = complexKeyAt {
            return Finding(
                line: key.0, column: key.1,
                message: "complex keys cannot be used in a file that uses aliases (alias at line \(alias.0)); "
                    + "write plain keys")
        }
        return nil
    }

    /// Whether a line ends in a block-scalar header such as `csv: |` or `- >-`.
    static func opensBlockScalar(_ line: String) -> Bool {
        let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let token = content.split(separator: " ").last, let first = token.first,
            first == "|" || first == ">"
        else { return false }
        guard token.dropFirst().allSatisfy({ "+-0123456789".contains($0) }) else { return false }
        let before = content.dropLast(token.count).trimmingCharacters(in: .whitespaces)
        return before.isEmpty || before.hasSuffix(":") || before.hasSuffix("-")
    }
}
