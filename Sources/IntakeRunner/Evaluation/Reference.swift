/// A row's value in a field that names another record (its account, parent or manager), as the
/// cross-checks read it: no more of the row than they need.
struct Reference: Sendable {
    /// The row's index among the rows checked, in key order.
    let index: Int32
    /// The row's line, in 32 bits (`Runner.lineLimit`): 24 bytes a reference, not 32 (2.2
    /// million parents at ten million rows).
    private let lineNumber: UInt32
    /// The key it names.
    let value: String

    /// The reference of row `index`, on `line` (at most `Runner.lineLimit`), to `value`.
    init(index: Int32, line: Int, value: String) {
        self.index = index
        lineNumber = UInt32(line)
        self.value = value
    }

    /// The row's line.
    var line: Int { Int(lineNumber) }
}

extension Reference {
    /// The keys references name, in their order, without a copy of them.
    struct Values: RandomAccessCollection, Sendable {
        let references: Chunks<Reference>

        init(_ references: Chunks<Reference>) { self.references = references }

        var startIndex: Int { 0 }
        var endIndex: Int { references.count }
        subscript(position: Int) -> String { references[position].value }
    }
}
