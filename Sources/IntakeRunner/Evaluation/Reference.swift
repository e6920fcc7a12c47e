/// A row's value in a field that names another record (its account, its parent), as the
/// cross-checks read it: no more of the row than they need.
struct Reference: Sendable {
    /// The row's index among the rows checked, in key order.
    let index: Int32
    /// The row's line.
    let line: Int
    /// The key it names.
    let value: String

    /// The references of `rows` in `slot`: one for each row that sets a value there.
    static func of(_ rows: [EvaluatedRow], slot: Int?) -> [Reference] {
        guard let slot else { return [] }
        return rows.indices.compactMap { index in
            rows[index].value(at: slot).map { Reference(index: Int32(index), line: rows[index].line, value: $0) }
        }
    }
}

extension Reference {
    /// The keys references name, in their order, without a copy of them.
    struct Values: RandomAccessCollection, Sendable {
        let references: [Reference]

        init(_ references: [Reference]) { self.references = references }

        var startIndex: Int { 0 }
        var endIndex: Int { references.count }
        subscript(position: Int) -> String { references[position].value }
    }
}
