import Foundation

/// The header row: column names, trimmed, unique and non-empty.
public struct CSVHeader: Sendable, Equatable {
    /// Column names in file order, trimmed of surrounding whitespace.
    public let names: [String]
    /// Physical line the header starts on (1 unless blank lines precede it).
    public let line: Int
    private let positions: [String: Int]

    /// Validates a header record: every name present and named once.
    init(row: CSVRow) throws(CSVError) {
        var positions: [String: Int] = [:]
        var names: [String] = []
        names.reserveCapacity(row.fields.count)
        for (offset, raw) in row.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let column = offset + 1
            if name.isEmpty {
                throw CSVError(
                    kind: .emptyHeaderName, message: "header column \(column) has no name", line: row.line, column: column)
            }
            if let first = positions[name] {
                throw CSVError(
                    kind: .duplicateHeader, message: "header names '\(name)' twice: columns \(first + 1) and \(column)",
                    line: row.line, column: column)
            }
            positions[name] = offset
            names.append(name)
        }
        self.names = names
        self.line = row.line
        self.positions = positions
    }

    /// The 0-based position of a column, matched exactly (case-sensitive) against the trimmed names.
    public func index(of name: String) -> Int? { positions[name] }
}
