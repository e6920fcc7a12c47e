import IntakeDiagnostics

/// Embedded tests can run: their CSV has a header and their expectations name fields the spec produces.
struct TestsCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let catalog = context.catalog else { return }
        if catalog.kind == .collection && context.model.collection(named: context.spec.collection?.value ?? "") == nil { return }
        let produced = Set(context.resolvedColumns.map(\.target.name)).union(catalog.kind.systemFields.map(\.name))
        var names: [String: SourceLocation] = [:]
        for test in context.spec.tests {
            if let first = names[test.name.value] {
                context.emit(.invalidTest, "two tests are named '\(test.name.value)'", at: test.name.location, notes: [.init("first here", at: first)])
            }
            names[test.name.value] = test.name.location
            let header = test.csv.value.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            if header.trimmingCharacters(in: .whitespaces).isEmpty {
                context.emit(.invalidTest, "test '\(test.name.value)' has CSV without a header row", at: test.csv.location)
            }
            for record in test.expect {
                for pair in record where !produced.contains(pair.key.value) && catalog.resolve(pair.key.value) == nil {
                    context.emit(
                        .invalidTest, "test '\(test.name.value)' expects '\(pair.key.value)', which '\(catalog.kind.rawValue)' records do not have",
                        at: pair.key.location, hint: Suggestions.hint(for: pair.key.value, in: produced))
                }
            }
        }
    }
}
