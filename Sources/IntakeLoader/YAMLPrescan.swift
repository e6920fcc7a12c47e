import Foundation
import IntakeSpec

/// A quick pass over the raw text, before libyaml sees it, for what the composer cannot bound.
///
/// Yams hashes mapping keys recursively to find duplicates, so an alias used as a key, or
/// inside an explicit (`?`) or flow key, can cost exponential time ("billion laughs" as a
/// key). Specs need none of that, so a document with an alias in key position, or with both
/// complex keys and aliases, is refused up front.
enum YAMLPrescan {
    struct Finding {
        var line: Int
        var column: Int
        var message: String
    }

    static func check(_ text: String) -> Finding? {
        var firstAlias: Int?
        var complexKey: (Int, Int)?
        var blockIndent: Int?
        for (index, rawLine) in SourceFile.lines(of: text).enumerated() {
            let line = Array(rawLine.unicodeScalars)
            let indent = line.prefix { $0 == " " }.count
            // Lines of a block scalar (`|` or `>`) are data, not YAML.
            if let block = blockIndent {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) || indent > block { continue }
                blockIndent = nil
            }
            var quote: Unicode.Scalar?
            var previous: Unicode.Scalar = " "
            var lastToken: Unicode.Scalar = " "
            var afterAlias = false
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
                case "*" where atTokenStart:
                    // libyaml's anchor names: letters, digits, '_' and '-'.
                    var end = i + 1
                    while end < line.count, isAnchorCharacter(line[end]) { end += 1 }
                    firstAlias = firstAlias ?? index + 1
                    afterAlias = true
                    previous = "a"
                    lastToken = "a"
                    i = end
                    continue scan
                case "?" where previous == " " && (i + 1 == line.count || line[i + 1] == " "):
                    complexKey = complexKey ?? (index + 1, i + 1)
                case ":" where lastToken == "]" || lastToken == "}" || afterAlias:
                    complexKey = complexKey ?? (index + 1, i + 1)
                default:
                    break
                }
                if c != " " && c != "\t" && c != ":" { afterAlias = false }
                if c != " " { lastToken = c }
                previous = c
                i += 1
            }
            if opensBlockScalar(rawLine) { blockIndent = indent }
        }
        guard let alias = firstAlias, let key = complexKey else { return nil }
        return Finding(
            line: key.0, column: key.1,
            message: "aliases cannot be used as keys, nor in a file with complex keys (alias at line \(alias)); write plain keys")
    }

    private static func isAnchorCharacter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
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
