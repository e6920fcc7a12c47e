import IntakeCompiler
import Testing
@testable import IntakeRunner

/// A compact expected outcome for value tables: the canonical value, `∅` for empty, or a reject code like `R003`.
func outcome(_ result: CellResult) -> String {
    switch result {
    case .value(let value): value
    case .empty: "∅"
    case .invalid(let code, _): code.rawValue
    }
}

/// Coerces `raw` with a freshly compiled coercer; a coercer that fails to compile fails the calling test.
///
/// Every value is also coerced from its bytes, as the runner reads cells, and must come out the same.
func coerce(_ raw: String, _ coercer: Coercer, sourceLocation: SourceLocation = #_sourceLocation) throws -> CellResult {
    let compiled = try ColumnCoercer(coercer)
    let result = compiled.coerce(raw)
    var text = raw
    let fromBytes = text.withUTF8 { compiled.coerce(bytes: $0) }
    #expect(fromBytes == result, "coerce(bytes:) of \(raw.debugDescription) differs", sourceLocation: sourceLocation)
    return result
}

/// The reason of a rejected cell, or "" when it was not rejected.
func reason(_ result: CellResult) -> String {
    if case .invalid(_, let reason) = result { return reason }
    return ""
}
