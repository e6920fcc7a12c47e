import Foundation
import IntakeDiagnostics

/// Renders a diff report as one JSON document with sorted keys, for scripts and bots.
public struct DiffJSONRenderer: DiffRenderer {
    /// Creates a renderer.
    public init() {}

    private struct Document: Encodable {
        let base: String
        let baseCommit: String?
        let worst: String?
        let stateNote: String?
        let diagnostics: [Entry]
        let baseDiagnostics: [Entry]
        let model: [SemanticChange]
        let integrations: [Integration]
    }

    private struct Entry: Encodable {
        let code: String
        let severity: String
        let message: String
        let hint: String?
        let location: SourceLocation?
    }

    private struct Integration: Encodable {
        let name: String
        let path: String
        let status: IntegrationDiff.Status
        let changes: [SemanticChange]
        let impact: ImpactReport?
        let impactNote: String?
    }

    /// The JSON text, ending in a newline.
    public func render(_ report: DiffReport) -> String {
        func entries(_ diagnostics: [Diagnostic]) -> [Entry] {
            diagnostics.map { Entry(code: $0.code.rawValue, severity: $0.severity == .error ? "error" : "warning", message: $0.message, hint: $0.hint, location: $0.location) }
        }
        let document = Document(
            base: report.base, baseCommit: report.baseCommit, worst: report.worst?.rawValue, stateNote: report.stateNote,
            diagnostics: entries(report.diagnostics), baseDiagnostics: entries(report.baseDiagnostics), model: report.model.ordered(),
            integrations: report.integrations.map {
                Integration(name: $0.name, path: $0.path, status: $0.status, changes: $0.changes, impact: $0.impact, impactNote: $0.impactNote)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
