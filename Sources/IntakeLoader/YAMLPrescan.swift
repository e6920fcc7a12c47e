import Foundation

/// A quick pass over the raw text, before libyaml sees it, for what the composer cannot bound.
///
/// Yams hashes mapping keys recursively to find duplicates, so an alias of a collection used
/// as a key, or inside an explicit (`?`) or flow key, can cost exponential time ("billion
/// laughs" as a key). Specs need none of that, so such a document is refused up front.
/// Aliases of scalars used as keys are cheap and allowed.
enum YAMLPrescan {
    struct Finding {
        var line: Int
        var column: Int
        var message: String
    }

    private static let flowIndicators = Set(",[]{}".unicodeScalars)

    static func check(_ text: String) -> Finding? {
        var collectionAnchors: Set<String> = []
        var firstAlias: Int?
        var complexKey: (Int, Int)?
        var blockIndent: Int?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix { $0 == " " }.count
            // Lines of a block scalar (`|` or `>`) are data, not YAML.
            if let block = blockIndent {
                if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) || indent > block { continue }
                blockIndent = nil
            }
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            var lastToken: Unicode.Scalar = " "
            var aliasBeforeColon: String?
            var i = 0
            scan: while i < line.count {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil }
                    previous = c
                    i += 1
                    continue
                }
                let atTokenStart = " \t[{,:-?".unicodeScalars.contains(previous)
                switch c {
                case "\"" where atTokenStart, "'" where atTokenStart:
                    quote = c
                case "#" where previous == " " || previous == "\t":
                    break scan
                case "&" where atTokenStart, "*" where atTokenStart:
                    let name = String(String.UnicodeScalarView(line[(i + 1)...].prefix { $0 != " " && !flowIndicators.contains($0) }))
                    i += name.unicodeScalars.count
                    if c == "&" {
                        let rest = line[(i + 1)...].drop { $0 == " " || $0 == "\r" }
                        if rest.first.map({ $0 == "[" || $0 == "{" || $0 == "#" }) ?? true { collectionAnchors.insert(name) }
                    } else {
                        firstAlias = firstAlias ?? index + 1
                        aliasBeforeColon = name
                    }
                    previous = "a"
                    lastToken = "a"
                    i += 1
                    continue scan
                case "?" where previous == " " && (i + 1 == line.count || line[i + 1] == " "):
                    complexKey = complexKey ?? (index + 1, i + 1)
                case ":" where lastToken == "]" || lastToken == "}":
                    complexKey = complexKey ?? (index + 1, i + 1)
                case ":" where aliasBeforeColon.map({ collectionAnchors.contains($0) || $0.isEmpty }) ?? false:
                    complexKey = complexKey ?? (index + 1, i + 1)
                default:
                    break
                }
                if c != " " { lastToken = c }
                if c != " " && c != ":" { aliasBeforeColon = nil }
                previous = c
                i += 1
            }
            if opensBlockScalar(String(rawLine)) { blockIndent = indent }
        }
        guard let alias = firstAlias, let key = complexKey else { return nil }
        return Finding(
            line: key.0, column: key.1,
            message: "complex keys cannot be used in a file that aliases collections (alias at line \(alias)); write plain keys")
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
