/// The record being assembled: its fields, where it starts, and the limits that bound its memory.
///
/// A value type used as a local in the tokenizer's loop, so its per-byte updates need no dynamic
/// exclusivity checks (class properties would).
struct CSVRecordBuilder {
    let maxFields: Int
    let maxRecordBytes: Int
    var fields: [String]
    /// Bytes of the current field when it cannot be decoded in place (quoted, or split across chunks).
    var field: [UInt8]
    /// Physical line of the record's first byte; 0 until that byte is seen.
    var line = 0
    var followsBlankLine = false
    var invalidColumn: Int?
    /// Where the open quoted field started, for unterminated-quote errors.
    var quoteLine = 0
    var quoteColumn = 0
    private var bytes = 0

    init(maxFields: Int, maxRecordBytes: Int, widthHint: Int, field: [UInt8]) {
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        fields = []
        fields.reserveCapacity(widthHint)
        self.field = field
        self.field.removeAll(keepingCapacity: true)
    }

    /// Ends a field whose bytes are all in `bytes` (and none buffered).
    @inline(__always) mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, inQuotes: Bool = false) throws(CSVError) {
        try count(bytes.count, inQuotes: inQuotes)
        let (text, valid) = Self.decode(bytes)
        try push(text, valid: valid)
    }

    /// Ends the field held in the buffer.
    mutating func emitBuffered() throws(CSVError) {
        let (text, valid) = field.withUnsafeBufferPointer { Self.decode($0) }
        field.removeAll(keepingCapacity: true)
        try push(text, valid: valid)
    }

    /// Buffers part of a field.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, inQuotes: Bool) throws(CSVError) {
        try count(bytes.count, inQuotes: inQuotes)
        field.append(contentsOf: bytes)
    }

    /// Buffers one byte of a quoted field (the second quote of a doubled pair).
    mutating func append(byte: UInt8) throws(CSVError) {
        try count(1, inQuotes: true)
        field.append(byte)
    }

    /// The finished record.
    func finish() -> CSVTokenizer.Record {
        CSVTokenizer.Record(
            row: CSVRow(line: line, fields: fields, invalidUTF8Column: invalidColumn), followsBlankLine: followsBlankLine)
    }

    @inline(__always) private mutating func push(_ text: String, valid: Bool) throws(CSVError) {
        guard fields.count < maxFields else {
            throw CSVError(
                kind: .tooManyColumns, message: "more than \(maxFields) fields; at most \(maxFields) columns are allowed",
                line: line, column: maxFields + 1)
        }
        if !valid && invalidColumn == nil { invalidColumn = fields.count + 1 }
        fields.append(text)
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

    /// Decodes a field; `valid` is false when it held invalid UTF-8 (replaced by U+FFFD).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        let text = String(decoding: bytes, as: UTF8.self)
        // ASCII is always valid; otherwise a lossy decode changes the bytes, even when not their count.
        return (text, high < 0x80 || text.utf8.elementsEqual(bytes))
    }
}
