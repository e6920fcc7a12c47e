import Foundation

/// Renders diagnostics as `{"diagnostics":[{"file","line","column","severity","code","message","hint"}]}`.
public struct JSONDiagnosticRenderer: Sendable {
    private struct Entry: Encodable {
        struct Note: Encodable {
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
        }
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var code: String
        var name: String
        var message: String
        var hint: String?
        var notes: [Note]
    }

    private struct Document: Encodable {
        var diagnostics: [Entry]
        var errors: Int
        var warnings: Int
    }

    /// Creates a renderer.
    public init() {}

    /// The JSON document, keys sorted, one trailing newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { d in
            Entry(
                file: d.location?.file, line: d.location?.line, column: d.location?.column,
                severity: d.severity.rawValue, code: d.code.rawValue, name: d.code.slug,
                message: d.message, hint: d.hint,
                notes: d.notes.map {
                    .init(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
                })
        }
        let doc = Document(
            diagnostics: entries,
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
