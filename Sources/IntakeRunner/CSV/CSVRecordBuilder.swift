/// The record being assembled into a `CSVBatch`: where it starts, and the limits that bound its memory.
///
/// A value type used as a local in the tokenizer's loop, so its per-byte updates need no dynamic
/// exclusivity checks (class properties would).
struct CSVRecordBuilder {
    let maxFields: Int
    let maxRecordBytes: Int
    /// The batch the record's cells go into; swapped in by the tokenizer for one record.
    var batch = CSVBatch()
    /// Physical line of the record's first byte; 0 until that byte is seen.
    var line = 0
    var followsBlankLine = false
    var invalidColumn = 0
    /// Where the open quoted field started, for unterminated-quote errors.
    var quoteLine = 0
    var quoteColumn = 0
    private var bytes = 0

    init(maxFields: Int, maxRecordBytes: Int) {
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
    }

    /// Fields ended so far.
    var fieldCount: Int { batch.openCells }

    /// Adds part of the open field.
    @inline(__always) mutating func append(_ run: UnsafeBufferPointer<UInt8>, inQuotes: Bool) throws(CSVError) {
        try count(run.count, inQuotes: inQuotes)
        batch.append(run)
    }

    /// Adds one byte of a quoted field (the second quote of a doubled pair).
    mutating func append(byte: UInt8) throws(CSVError) {
        try count(1, inQuotes: true)
        batch.append(byte: byte)
    }

    /// Ends the open field.
    @inline(__always) mutating func endField() throws(CSVError) {
        let index = batch.openCells
        guard index < maxFields else {
            throw CSVError(
                kind: .tooManyColumns, message: "more than \(maxFields) fields; at most \(maxFields) columns are allowed",
                line: line, column: maxFields + 1)
        }
        if !batch.closeCell() && invalidColumn == 0 { invalidColumn = index + 1 }
    }

    /// Ends the record.
    mutating func finish() -> CSVTokenizer.RecordStart {
        batch.closeRow(line: line, invalidColumn: invalidColumn)
        return CSVTokenizer.RecordStart(line: line, followsBlankLine: followsBlankLine)
    }

    // Without a cap, one stray quote would buffer the rest of the file before failing.
    @inline(__always) private mutating func count(_ n: Int, inQuotes: Bool) throws(CSVError) {
        bytes += n
        guard bytes > maxRecordBytes else { return }
        let limit = maxRecordBytes >= 1 << 20 ? "\(maxRecordBytes >> 20) MiB" : "\(maxRecordBytes) bytes"
        if inQuotes {
            throw CSVError(
                kind: .unterminatedQuote,
                message: "the quoted field opened here runs on for more than \(limit); is its closing quote missing?",
                line: quoteLine, column: quoteColumn)
        }
        throw CSVError(kind: .io, message: "a record longer than \(limit); this does not look like a CSV file", line: line)
    }
}
