import Foundation

/// A streaming RFC 4180 CSV reader: header first, then rows with their physical line numbers.
///
/// Reads in chunks with memory bounded by one record, or one batch of rows for `read(into:rows:)`
/// (plus a small footer lookahead), and hashes
/// every byte on the way. After an error the reader is finished and repeats that error.
public final class CSVReader {
    /// Default bytes per read.
    static let defaultChunkSize = 1 << 20

    private let source: CSVByteSource
    private let tokenizer: CSVTokenizer
    private let footerPolicy: FooterPolicy
    private var header: CSVHeader?
    private var width = 0
    private var footer = CSVFooterBuffer()
    private var released: [CSVRow] = []
    private var releasedIndex = 0
    private var failure: CSVError?
    private var finished = false

    /// Set when a footer was stripped: its first line and how many rows it had.
    public private(set) var strippedFooter: (line: Int, rows: Int)?
    /// The input's size in bytes when known up front (not for a pipe).
    public var totalBytes: Int? { source.totalBytes }
    /// Data rows returned so far (footer rows never count).
    public private(set) var dataRows = 0

    /// Called once per chunk read (1 MiB by default) with the bytes read and rows returned so far.
    public var onProgress: ((CSVProgress) -> Void)? {
        didSet {
            source.onChunk = onProgress == nil ? nil : { [unowned self] in
                onProgress?(CSVProgress(bytesRead: source.bytesRead, rows: dataRows))
            }
        }
    }

    /// `sha256:<hex>` of all the input's bytes; complete once `next()` returned nil, `read(into:rows:)` false, or either threw.
    public var sha256: String {
        if failure != nil { source.drain() }
        return source.sha256
    }

    /// Reads a file; fails with `.io` when it cannot be opened.
    public convenience init(
        url: URL, delimiter: UInt8 = UInt8(ascii: ","), footer: FooterPolicy = .reject, maxColumns: Int = 1000
    ) throws(CSVError) {
        try self.init(url: url, delimiter: delimiter, footer: footer, maxColumns: maxColumns, chunkSize: Self.defaultChunkSize)
    }

    /// Reads bytes in memory.
    public convenience init(
        data: Data, delimiter: UInt8 = UInt8(ascii: ","), footer: FooterPolicy = .reject, maxColumns: Int = 1000
    ) {
        self.init(data: data, delimiter: delimiter, footer: footer, maxColumns: maxColumns, chunkSize: Self.defaultChunkSize)
    }

    /// Reads a file in chunks of `chunkSize` bytes (tests use tiny chunks to split quotes and CRLFs).
    convenience init(
        url: URL, delimiter: UInt8 = UInt8(ascii: ","), footer: FooterPolicy = .reject, maxColumns: Int = 1000,
        chunkSize: Int, maxRecordBytes: Int = 64 << 20
    ) throws(CSVError) {
        let source = try CSVByteSource(url: url, chunkSize: chunkSize)
        self.init(source: source, delimiter: delimiter, footer: footer, maxColumns: maxColumns, maxRecordBytes: maxRecordBytes)
    }

    /// Reads bytes in memory in chunks of `chunkSize` bytes.
    convenience init(
        data: Data, delimiter: UInt8 = UInt8(ascii: ","), footer: FooterPolicy = .reject, maxColumns: Int = 1000,
        chunkSize: Int, maxRecordBytes: Int = 64 << 20
    ) {
        let source = CSVByteSource(data: data, chunkSize: chunkSize)
        self.init(source: source, delimiter: delimiter, footer: footer, maxColumns: maxColumns, maxRecordBytes: maxRecordBytes)
    }

    private init(source: CSVByteSource, delimiter: UInt8, footer: FooterPolicy, maxColumns: Int, maxRecordBytes: Int) {
        self.source = source
        self.footerPolicy = footer
        tokenizer = CSVTokenizer(
            source: source, delimiter: delimiter, maxFields: max(1, maxColumns), maxRecordBytes: maxRecordBytes)
    }

    /// The header row (read on first call, then cached); `next()` calls it if the caller did not.
    public func readHeader() throws(CSVError) -> CSVHeader {
        if let header { return header }
        if let failure { throw failure }
        do throws(CSVError) {
            guard let record = try tokenizer.next() else {
                throw CSVError(kind: .empty, message: "the file is empty: a header row is required", line: 1)
            }
            let header = try CSVHeader(row: record.row)
            self.header = header
            width = header.names.count
            return header
        } catch {
            failure = error
            throw error
        }
    }

    /// The next data row, or nil at the end (after the footer, if any, was dealt with).
    public func next() throws(CSVError) -> CSVRow? {
        if header == nil { _ = try readHeader() }
        if let failure { throw failure }
        do throws(CSVError) {
            while true {
                if releasedIndex < released.count {
                    let row = released[releasedIndex]
                    releasedIndex += 1
                    dataRows += 1
                    return row
                }
                if finished { return nil }
                guard let record = try tokenizer.next() else {
                    finished = true
                    try endFooter()
                    return nil
                }
                // Fast path: with nothing held back, a full-width row cannot open a footer.
                if footer.held.isEmpty && !CSVFooterBuffer.opens(record, width: width) {
                    dataRows += 1
                    return record.row
                }
                if let rows = footer.offer(record, width: width) {
                    released = rows
                    releasedIndex = 0
                }
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Appends data rows to `batch` until it holds `rows` rows or `CSVBatch.byteBudget` bytes, or
    /// the file ends; false once it has ended, which may leave the last rows in the batch. Rows
    /// appended before an error stay in the batch too.
    func read(into batch: inout CSVBatch, rows: Int) throws(CSVError) -> Bool {
        if header == nil { _ = try readHeader() }
        if let failure { throw failure }
        do throws(CSVError) {
            while batch.count < rows && batch.bytes.count < CSVBatch.byteBudget {
                if releasedIndex < released.count {
                    batch.append(released[releasedIndex])
                    releasedIndex += 1
                    dataRows += 1
                    continue
                }
                if finished { return false }
                guard let start = try tokenizer.next(into: &batch) else {
                    finished = true
                    try endFooter()
                    return false
                }
                let last = batch.count - 1
                // Fast path: with nothing held back, a full-width row cannot open a footer.
                if footer.held.isEmpty && batch.fieldCount(last) >= width {
                    dataRows += 1
                    continue
                }
                let record = CSVTokenizer.Record(row: batch.row(last), followsBlankLine: start.followsBlankLine)
                batch.truncate(toRows: last)
                if footer.held.isEmpty && !CSVFooterBuffer.opens(record, width: width) {
                    batch.append(record.row)
                    dataRows += 1
                } else if let rows = footer.offer(record, width: width) {
                    released = rows
                    releasedIndex = 0
                }
            }
            return true
        } catch {
            failure = error
            throw error
        }
    }

    private func endFooter() throws(CSVError) {
        guard let first = footer.held.first else { return }
        let count = footer.held.count
        switch footerPolicy {
        case .strip:
            strippedFooter = (first.line, count)
        case .reject:
            let opening = (first.fields.first ?? "").trimmingCharacters(in: .whitespaces).prefix(40)
            let rows = count == 1 ? "1 row" : "\(count) rows"
            throw CSVError(
                kind: .footer,
                message: "the file ends with a report footer at line \(first.line) ('\(opening)', \(rows)); "
                    + "remove it or set `csv: { footer: strip }`",
                line: first.line, column: nil)
        }
    }
}
