import IntakeCompiler
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
func coerce(_ raw: String, _ coercer: Coercer) throws -> CellResult {
    try ColumnCoercer(coercer).coerce(raw)
}

/// The reason of a rejected cell, or "" when it was not rejected.
func reason(_ result: CellResult) -> String {
    if case .invalid(_, let reason) = result { return reason }
    return ""
}
