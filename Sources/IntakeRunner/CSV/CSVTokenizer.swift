/// Splits CSV bytes into records (RFC 4180, lenient about stray quotes), counting physical lines.
///
/// A line break is CRLF, LF or a lone CR, inside quotes too, so line numbers match what an
/// editor shows. Memory is bounded by one record: at most `maxFields` fields and `maxRecordBytes`.
final class CSVTokenizer {
    /// One record, and whether a blank line came right before it (a footer sign).
    struct Record {
        var row: CSVRow
        var followsBlankLine: Bool
    }

    /// Where a record appended to a batch starts, and whether a blank line came right before it.
    struct RecordStart {
        var line: Int
        var followsBlankLine: Bool
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// Read position; `read(_:)` works on a local copy because class stored properties touched per
    /// byte would pay a dynamic exclusivity check each time.
    private struct Cursor {
        var pos = 0
        var end = 0
        /// The byte before `buffer[0]`, so a CRLF split across chunks still counts as one break.
        var carry: UInt8 = 0
        /// The physical line of the byte at `pos`.
        var line = 1
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: "\"")

    private let source: CSVByteSource
    private let delimiter: UInt8
    private let maxFields: Int
    private let maxRecordBytes: Int
    /// Bytes that end an unquoted field, looked up once per byte in the hot loop.
    private let stops: UnsafeMutablePointer<Bool>
    private var cursor = Cursor()
    private var started = false
    /// Leading bytes that began like a BOM but were not one; they start the first field.
    private var prefix: [UInt8] = []
    /// Holds the one record `next()` reads, kept between records for its capacity.
    private var scratch = CSVBatch()

    init(source: CSVByteSource, delimiter: UInt8, maxFields: Int, maxRecordBytes: Int) {
        self.source = source
        self.delimiter = delimiter
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        stops = .allocate(capacity: 256)
        stops.initialize(repeating: false, count: 256)
        for byte in [delimiter, Self.cr, Self.lf] { stops[Int(byte)] = true }
    }

    deinit { stops.deallocate() }

    /// The next non-blank record, or nil at the end of the input.
    func next() throws(CSVError) -> Record? {
        scratch.truncate(toRows: 0)
        guard let start = try next(into: &scratch) else { return nil }
        return Record(row: scratch.row(0), followsBlankLine: start.followsBlankLine)
    }

    /// Appends the next non-blank record to `batch`; nil at the end of the input. On an error
    /// the batch is left as it was.
    func next(into batch: inout CSVBatch) throws(CSVError) -> RecordStart? {
        let rows = batch.count
        var rec = CSVRecordBuilder(maxFields: maxFields, maxRecordBytes: maxRecordBytes)
        swap(&rec.batch, &batch)
        defer { swap(&rec.batch, &batch) }
        do {
            return try read(&rec)
        } catch {
            rec.batch.truncate(toRows: rows)
            throw error
        }
    }

    private func read(_ rec: inout CSVRecordBuilder) throws(CSVError) -> RecordStart? {
        var cur = cursor
        defer { cursor = cur }
        if !started {
            started = true
            try skipBOM(&cur)
        }
        var state = State.fieldStart
        if !prefix.isEmpty {
            rec.line = cur.line
            try prefix.withUnsafeBufferPointer { bytes throws(CSVError) in try rec.append(bytes, inQuotes: false) }
            prefix = []
            state = .unquoted
        }
        let buf = source.buffer
        while true {
            if cur.pos == cur.end {
                guard try refill(&cur) else {
                    switch state {
                    case .quoted:
                        throw CSVError(
                            kind: .unterminatedQuote, message: "unterminated quote: the quoted field opened here is never closed",
                            line: rec.quoteLine, column: rec.quoteColumn)
                    case .fieldStart:
                        if rec.line == 0 { return nil }
                        try rec.endField()  // the record ended with a delimiter: one more, empty, field
                    case .unquoted, .quoteInQuoted:
                        try rec.endField()
                    }
                    return rec.finish()
                }
            }
            let byte = buf[cur.pos]
            switch state {
            case .fieldStart:
                if byte == Self.cr || byte == Self.lf {
                    let secondHalfOfCRLF = byte == Self.lf && byteBefore(cur, cur.pos) == Self.cr
                    cur.pos += 1
                    if rec.line == 0 {
                        if !secondHalfOfCRLF {
                            cur.line += 1
                            rec.followsBlankLine = true
                        }
                        continue
                    }
                    try rec.endField()
                    cur.line += 1
                    return rec.finish()
                }
                if rec.line == 0 { rec.line = cur.line }
                if byte == Self.quote {
                    rec.quoteLine = cur.line
                    rec.quoteColumn = rec.fieldCount + 1
                    state = .quoted
                    cur.pos += 1
                } else if byte == delimiter {
                    try rec.endField()
                    cur.pos += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                var i = cur.pos
                while i < cur.end && !stops[Int(buf[i])] { i += 1 }
                let run = UnsafeBufferPointer(start: buf + cur.pos, count: i - cur.pos)
                if i == cur.end {
                    try rec.append(run, inQuotes: false)
                    cur.pos = i
                    continue
                }
                try rec.append(run, inQuotes: false)
                try rec.endField()
                cur.pos = i + 1
                if buf[i] == delimiter {
                    state = .fieldStart
                } else {
                    cur.line += 1
                    return rec.finish()
                }
            case .quoted:
                var i = cur.pos
                while i < cur.end {
                    let c = buf[i]
                    if c == Self.quote { break }
                    if c == Self.cr || (c == Self.lf && byteBefore(cur, i) != Self.cr) { cur.line += 1 }
                    i += 1
                }
                let run = UnsafeBufferPointer(start: buf + cur.pos, count: i - cur.pos)
                try rec.append(run, inQuotes: true)
                if i + 1 < cur.end && stops[Int(buf[i + 1])] {
                    // The closing quote and the stop after it are both in this chunk (all of a Salesforce export).
                    try rec.endField()
                    cur.pos = i + 2
                    if buf[i + 1] == delimiter {
                        state = .fieldStart
                        continue
                    }
                    cur.line += 1
                    return rec.finish()
                }
                cur.pos = i
                if i < cur.end {
                    cur.pos += 1
                    state = .quoteInQuoted
                }
            case .quoteInQuoted:
                if byte == Self.quote {
                    try rec.append(byte: Self.quote)
                    state = .quoted
                    cur.pos += 1
                } else if byte == delimiter {
                    try rec.endField()
                    state = .fieldStart
                    cur.pos += 1
                } else if byte == Self.cr || byte == Self.lf {
                    try rec.endField()
                    cur.pos += 1
                    cur.line += 1
                    return rec.finish()
                } else {
                    // `"ab"c` keeps `abc`, as Python's csv and most spreadsheets do.
                    state = .unquoted
                }
            }
        }
    }

    private func byteBefore(_ cur: Cursor, _ index: Int) -> UInt8 { index > 0 ? source.buffer[index - 1] : cur.carry }

    private func refill(_ cur: inout Cursor) throws(CSVError) -> Bool {
        if cur.end > 0 { cur.carry = source.buffer[cur.end - 1] }
        cur.pos = 0
        cur.end = 0
        do {
            guard try source.refill() else { return false }
        } catch {
            var located = error
            located.line = cur.line
            throw located
        }
        cur.end = source.count
        return true
    }

    private func skipBOM(_ cur: inout Cursor) throws(CSVError) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var matched = 0
        while matched < bom.count {
            if cur.pos == cur.end { guard try refill(&cur) else { break } }
            guard source.buffer[cur.pos] == bom[matched] else { break }
            cur.pos += 1
            matched += 1
        }
        if matched < bom.count { prefix = Array(bom[0..<matched]) }
    }
}
