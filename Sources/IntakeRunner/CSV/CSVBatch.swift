/// Consecutive records of a CSV file as bytes: every cell, unquoted, end to end in one buffer.
///
/// The reader hands rows to the evaluator in these instead of `CSVRow`s: a million rows then
/// cost no `String` per cell and no array per row on the reading thread; a cell becomes a
/// `String` only where a coercer keeps it, on the core that evaluates it.
struct CSVBatch: Sendable {
    /// A batch ends once it reaches this many bytes (with the record that crossed it), even short
    /// of its row count, so waiting batches stay small.
    static let byteBudget = 8 << 20

    /// The cells' bytes, end to end.
    private(set) var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`; it starts where the one before ends.
    private var cellEnds: [Int32] = []
    /// Where each row's cells end in `cellEnds`.
    private var rowEnds: [Int32] = []
    /// Physical line of each row.
    private(set) var lines: [Int] = []
    /// Each row's first column holding invalid UTF-8 (1-based), or 0.
    private var invalidColumns: [Int32] = []

    /// An empty batch with room for `rows` rows.
    init(reserving rows: Int = 0) {
        guard rows > 0 else { return }
        bytes.reserveCapacity(rows * 64)
        cellEnds.reserveCapacity(rows * 8)
        rowEnds.reserveCapacity(rows)
        lines.reserveCapacity(rows)
        invalidColumns.reserveCapacity(rows)
    }

    /// Rows in the batch.
    var count: Int { rowEnds.count }
    /// Bytes the batch holds: its cells' bytes and their positions.
    var footprint: Int { bytes.capacity + (cellEnds.capacity + rowEnds.capacity + invalidColumns.capacity) * 4 + lines.capacity * 8 }
    var isEmpty: Bool { rowEnds.isEmpty }
    /// Bytes the rows took in the file, about: their cells and a separator after each (quotes
    /// are not counted, so a file's rows estimated from it come out a little too many).
    var fileBytes: Int { bytes.count + cellEnds.count }

    /// Cells of the row being built (after the last finished row).
    var openCells: Int { cellEnds.count - Int(rowEnds.last ?? 0) }

    /// Appends bytes to the open cell.
    @inline(__always) mutating func append(_ run: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: run) }

    /// Appends one byte to the open cell.
    @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Ends the open cell; false when its bytes are not valid UTF-8.
    @inline(__always) mutating func closeCell() -> Bool {
        let start = Int(cellEnds.last ?? 0)
        cellEnds.append(Int32(bytes.count))
        return bytes.withUnsafeBufferPointer { Self.isValidUTF8(UnsafeBufferPointer(rebasing: $0[start...])) }
    }

    /// Ends the open row, which starts on `line`; `invalidColumn` is 0 when every cell is valid UTF-8.
    mutating func closeRow(line: Int, invalidColumn: Int) {
        rowEnds.append(Int32(cellEnds.count))
        lines.append(line)
        invalidColumns.append(Int32(invalidColumn))
    }

    /// Drops everything after the first `rows` rows, including a row still being built.
    mutating func truncate(toRows rows: Int) {
        let cells = rows == 0 ? 0 : Int(rowEnds[rows - 1])
        let byteCount = cells == 0 ? 0 : Int(cellEnds[cells - 1])
        bytes.removeSubrange(byteCount...)
        cellEnds.removeSubrange(cells...)
        rowEnds.removeSubrange(rows...)
        lines.removeSubrange(rows...)
        invalidColumns.removeSubrange(rows...)
    }

    /// Appends a row decoded as a `CSVRow`: one the footer lookahead held back, or a short row it looked at.
    mutating func append(_ row: CSVRow) {
        for field in row.fields {
            bytes.append(contentsOf: field.utf8)
            cellEnds.append(Int32(bytes.count))
        }
        closeRow(line: row.line, invalidColumn: row.invalidUTF8Column ?? 0)
    }

    /// The index in `cellEnds` of row `row`'s first cell.
    @inline(__always) func firstCell(_ row: Int) -> Int { row == 0 ? 0 : Int(rowEnds[row - 1]) }

    /// How many bytes row `row`'s cells hold.
    func byteCount(_ row: Int) -> Int {
        let first = firstCell(row), end = Int(rowEnds[row])
        guard end > first else { return 0 }
        return Int(cellEnds[end - 1]) - (first == 0 ? 0 : Int(cellEnds[first - 1]))
    }

    /// How many fields row `row` has.
    func fieldCount(_ row: Int) -> Int { Int(rowEnds[row]) - firstCell(row) }

    /// Row `row`'s first column holding invalid UTF-8, if any.
    func invalidColumn(_ row: Int) -> Int? { invalidColumns[row] == 0 ? nil : Int(invalidColumns[row]) }

    /// The bytes of cell `cell` (an index from `firstCell`), within `base` (this batch's `bytes`).
    @inline(__always) func cell(_ cell: Int, in base: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let start = cell == 0 ? 0 : Int(cellEnds[cell - 1])
        return UnsafeBufferPointer(rebasing: base[start..<Int(cellEnds[cell])])
    }

    /// Row `row` decoded, invalid UTF-8 replaced by U+FFFD as the `CSVRow` reader does.
    func row(_ row: Int) -> CSVRow {
        let first = firstCell(row)
        let fields = bytes.withUnsafeBufferPointer { base in
            (first..<Int(rowEnds[row])).map { String(decoding: cell($0, in: base), as: UTF8.self) }
        }
        return CSVRow(line: lines[row], fields: fields, invalidUTF8Column: invalidColumn(row))
    }

    /// Whether `bytes` are valid UTF-8; ASCII, almost every cell, is settled by one pass.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        guard high >= 0x80 else { return true }
        // A lossy decode changes invalid bytes, even when not their count.
        return String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes)
    }
}
