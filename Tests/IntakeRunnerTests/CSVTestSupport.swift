import Foundation
import IntakeSpec
import Testing

@testable import IntakeRunner

/// Everything a full read of one CSV input gave, comparable across chunk sizes.
struct CSVOutcome: Equatable {
    var header: [String] = []
    var headerLine = 0
    var rows: [CSVRow] = []
    /// `[line, rows]` of a stripped footer (tuples are not Equatable).
    var footer: [Int]?
    var dataRows = 0
    var sha256 = ""
    var error: CSVError?

    var fields: [[String]] { rows.map(\.fields) }
    var lines: [Int] { rows.map(\.line) }
}

/// Reads test inputs through `CSVReader` with several chunk sizes, so quotes, CRLFs and the BOM
/// also get split across reads.
enum CSVRead {
    static let chunkSizes = [1, 2, 3, 7, 64, CSVReader.defaultChunkSize]

    /// Reads with every chunk size, expects them all to agree, and returns the outcome.
    static func all(
        _ text: String, delimiter: Character = ",", footer: FooterPolicy = .reject, maxColumns: Int = 1000,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CSVOutcome {
        all(Array(text.utf8), delimiter: delimiter, footer: footer, maxColumns: maxColumns, sourceLocation: sourceLocation)
    }

    /// Byte version of `all(_:)`, for invalid UTF-8.
    static func all(
        _ bytes: [UInt8], delimiter: Character = ",", footer: FooterPolicy = .reject, maxColumns: Int = 1000,
        maxRecordBytes: Int = 64 << 20, sourceLocation: SourceLocation = #_sourceLocation
    ) -> CSVOutcome {
        let byte = delimiter.asciiValue!
        let reference = once(
            bytes, chunkSize: CSVReader.defaultChunkSize, delimiter: byte, footer: footer, maxColumns: maxColumns,
            maxRecordBytes: maxRecordBytes)
        #expect(reference.sha256 == Digest.sha256(Data(bytes)), "sha256 covers every byte", sourceLocation: sourceLocation)
        for size in chunkSizes.dropLast() {
            let other = once(
                bytes, chunkSize: size, delimiter: byte, footer: footer, maxColumns: maxColumns, maxRecordBytes: maxRecordBytes)
            #expect(other == reference, "chunk size \(size) differs", sourceLocation: sourceLocation)
        }
        // The runner reads in byte batches: every batch size and chunk size must give the same rows.
        for (rows, size) in [(1, 1), (3, 7), (1_000, CSVReader.defaultChunkSize)] {
            let batched = inBatches(
                bytes, rows: rows, chunkSize: size, delimiter: byte, footer: footer, maxColumns: maxColumns,
                maxRecordBytes: maxRecordBytes)
            #expect(batched == reference, "batches of \(rows) rows (chunk size \(size)) differ", sourceLocation: sourceLocation)
        }
        return reference
    }

    /// Reads once in `CSVBatch`es of at most `rows` rows, the way the runner reads.
    static func inBatches(
        _ bytes: [UInt8], rows: Int, chunkSize: Int, delimiter: UInt8, footer: FooterPolicy, maxColumns: Int, maxRecordBytes: Int
    ) -> CSVOutcome {
        let reader = CSVReader(
            data: Data(bytes), delimiter: delimiter, footer: footer, maxColumns: maxColumns, chunkSize: chunkSize,
            maxRecordBytes: maxRecordBytes)
        var outcome = CSVOutcome()
        var batch = CSVBatch()
        func drain() {
            outcome.rows += (0..<batch.count).map { batch.row($0) }
            batch = CSVBatch()
        }
        do throws(CSVError) {
            let header = try reader.readHeader()
            outcome.header = header.names
            outcome.headerLine = header.line
            while try reader.read(into: &batch, rows: rows) {
                #expect(batch.count == rows || batch.bytes.count >= CSVBatch.byteBudget, "a batch that is not the last is full")
                drain()
                if outcome.rows.count > bytes.count {
                    Issue.record("reader did not stop")
                    break
                }
            }
            drain()
            #expect(try reader.read(into: &batch, rows: rows) == false && batch.isEmpty, "stays at the end")
        } catch {
            // Rows read before the error stay in the batch, whole.
            drain()
            outcome.error = error
        }
        outcome.footer = reader.strippedFooter.map { [$0.line, $0.rows] }
        outcome.dataRows = reader.dataRows
        outcome.sha256 = reader.sha256
        return outcome
    }

    /// Reads once with one chunk size, catching the error if any.
    static func once(
        _ bytes: [UInt8], chunkSize: Int, delimiter: UInt8 = UInt8(ascii: ","), footer: FooterPolicy = .reject,
        maxColumns: Int = 1000, maxRecordBytes: Int = 64 << 20
    ) -> CSVOutcome {
        let reader = CSVReader(
            data: Data(bytes), delimiter: delimiter, footer: footer, maxColumns: maxColumns, chunkSize: chunkSize,
            maxRecordBytes: maxRecordBytes)
        var outcome = CSVOutcome()
        do throws(CSVError) {
            let header = try reader.readHeader()
            outcome.header = header.names
            outcome.headerLine = header.line
            while let row = try reader.next() {
                outcome.rows.append(row)
                // Every row consumes at least one byte, so more rows than bytes means a loop.
                if outcome.rows.count > bytes.count {
                    Issue.record("reader did not stop")
                    break
                }
            }
            let again = try reader.next()
            #expect(again == nil, "stays at the end")
        } catch {
            outcome.error = error
        }
        outcome.footer = reader.strippedFooter.map { [$0.line, $0.rows] }
        outcome.dataRows = reader.dataRows
        outcome.sha256 = reader.sha256
        return outcome
    }
}

/// A seeded generator, so a fuzz failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
