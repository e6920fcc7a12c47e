import Foundation
import Testing

@testable import IntakeRunner

/// The reading thread hands batches over in file order, and stops when the caller does.
@Suite struct RowBatchesTests {
    static let csv = "id\n" + (0..<1_000).map { "r\($0)\n" }.joined()

    @Test func batchesComeInFileOrder() throws {
        let batches = RowBatches(CSVReader(data: Data(Self.csv.utf8), delimiter: 44, footer: .reject), batchSize: 64)
        var lines: [Int] = []
        while let batch = try batches.next() { lines += batch.lines }
        #expect(lines == Array(2...1_001))
    }

    /// A caller that stops early (rows could not be set aside) cancels: the reading thread,
    /// blocked for room, ends and lets go of the reader instead of waiting for ever.
    @Test func aCancelledReaderStops() throws {
        var batches: RowBatches? = RowBatches(CSVReader(data: Data(Self.csv.utf8), delimiter: 44, footer: .reject), batchSize: 10)
        _ = try batches?.next()
        batches?.cancel()
        weak let gone = batches
        batches = nil
        let deadline = Date().addingTimeInterval(10)
        while gone != nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(gone == nil)
    }
}
