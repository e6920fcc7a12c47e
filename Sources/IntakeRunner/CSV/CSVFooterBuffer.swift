/// Holds back rows that may be a trailing report footer until the file ends or a full row proves them data.
///
/// A footer is a run of rows, each with fewer fields than the header, that starts right after a
/// blank line or with a marker word, and reaches the end of the file.
struct CSVFooterBuffer {
    /// First-cell prefixes (lowercase) that open a CRM report footer.
    static let markers = [
        "generated", "copyright", "confidential", "total", "grand total", "filtered by", "report", "powered by",
    ]

    /// The longest run held back; a longer one is not a footer but short data rows.
    let capacity: Int
    /// Rows held back, in file order.
    private(set) var held: [CSVRow] = []

    init(capacity: Int = 50) { self.capacity = capacity }

    /// Whether a row could open a footer.
    static func opens(_ record: CSVTokenizer.Record, width: Int) -> Bool {
        guard record.row.fields.count < width else { return false }
        return record.followsBlankLine || hasMarker(record.row.fields.first ?? "")
    }

    /// Whether a cell starts with a footer marker word, ignoring case and leading whitespace.
    static func hasMarker(_ cell: String) -> Bool {
        let start = cell.drop(while: { $0 == " " || $0 == "\t" }).prefix(16).lowercased()
        return markers.contains { start.hasPrefix($0) }
    }

    /// Takes the next row; returns the rows to hand out now (held ones first), or nil while holding.
    mutating func offer(_ record: CSVTokenizer.Record, width: Int) -> [CSVRow]? {
        let continues = held.isEmpty ? Self.opens(record, width: width) : record.row.fields.count < width
        guard continues else {
            defer { held = [] }
            return held + [record.row]
        }
        held.append(record.row)
        guard held.count > capacity else { return nil }
        defer { held = [] }
        return held
    }
}
