import IntakeDiagnostics

/// One value out of a fixed list, matched case-insensitively and returned in the model's casing.
///
/// A class so that the coercer's per-cell switch retains one reference instead of copying every field.
final class ListMatcher: Sendable {
    let values: [String]
    /// Exact spellings first: most cells already use the model's casing and need no lower-casing.
    private let exact: Set<String>
    private let folded: [String: String]
    /// `exact` and `folded` for ASCII cells, when every value is ASCII: a non-ASCII value may
    /// equal an ASCII cell under canonical equivalence (KELVIN SIGN is "K"), which bytes miss.
    private let exactBytes: ByteTable?
    private let foldedBytes: ByteTable?

    /// Listing every value in a reason would drown it; the rest are counted.
    static let shownValues = 12

    init(values: [String]?) throws(CoercerError) {
        guard let values, !values.isEmpty else { throw CoercerError("a list column needs 'values'") }
        self.values = values
        exact = Set(values)
        var folded: [String: String] = [:]
        for value in values where folded[value.lowercased()] == nil { folded[value.lowercased()] = value }
        self.folded = folded
        if values.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            exactBytes = ByteTable(values.map { ($0, $0) })
            foldedBytes = ByteTable(values.map { ($0.lowercased(), $0) })
        } else {
            (exactBytes, foldedBytes) = (nil, nil)
        }
    }

    deinit {
        exactBytes?.deallocate()
        foldedBytes?.deallocate()
    }

    /// `match` of an ASCII cell's bytes when it names a value: the model's spelling. Nil when
    /// it names none (the reason is a `String` matter) or the values are not all ASCII.
    func matchInPlace(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let exactBytes, let foldedBytes else { return nil }
        if case .output = exactBytes.match(value) { return value }
        if case .output(let canonical) = foldedBytes.match(value, folding: true) { return canonical }
        return nil
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
