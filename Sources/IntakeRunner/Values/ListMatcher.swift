import IntakeDiagnostics

/// One value out of a fixed list, matched case-insensitively and returned in the model's casing.
///
/// A class so that the coercer's per-cell switch retains one reference instead of copying every field.
final class ListMatcher: Sendable {
    let values: [String]
    /// Exact spellings first: most cells already use the model's casing and need no lower-casing.
    private let exact: Set<String>
    private let folded: [String: String]

    /// Listing every value in a reason would drown it; the rest are counted.
    static let shownValues = 12

    init(values: [String]?) throws(CoercerError) {
        guard let values, !values.isEmpty else { throw CoercerError("a list column needs 'values'") }
        self.values = values
        exact = Set(values)
        var folded: [String: String] = [:]
        for value in values where folded[value.lowercased()] == nil { folded[value.lowercased()] = value }
        self.folded = folded
    }

    /// The model's spelling of `value`, or why it is not in the list.
    func match(_ value: String) -> CellResult {
        if exact.contains(value) { return .value(value) }
        if let canonical = folded[value.lowercased()] { return .value(canonical) }
        let shown = values.prefix(Self.shownValues).joined(separator: ", ")
            + (values.count > Self.shownValues ? " (and \(values.count - Self.shownValues) more)" : "")
        let suggestion = Suggestions.hint(for: value, in: values).map { "; \($0)" } ?? ""
        return .invalid(.notInList, "\(Quote.value(value)) is not one of \(shown)\(suggestion)")
    }
}
