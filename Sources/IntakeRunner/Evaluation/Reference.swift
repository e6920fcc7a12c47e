/// A row's value in a field that names another record (its account, parent or manager), as the
/// cross-checks read it: no more of the row than they need.
struct Reference: Sendable {
    /// The row's index among the rows checked, in key order.
    let index: Int32
    /// The row's line.
    let line: Int
    /// The key it names.
    let value: String
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
