import Foundation
import Testing

@testable import IntakeRunner

/// The rows array sized from the first batch: about as many rows as the file holds, only
/// when they fit the budget.
@Suite struct RowReserveTests {
    /// A file of `count` rows of uneven lengths, some quoted, and its first batch of 1,000 rows.
    static func firstBatch(of count: Int) throws -> (total: Int, batch: CSVBatch) {
        var csv = "Account ID,Account Name,Region\n"
        for n in 0..<count { csv += n % 7 == 0 ? "acct-\(n),\"Name, \(n)\",EMEA\n" : "acct-\(n),Name \(n % 1_000),APAC\n" }
        let reader = CSVReader(data: Data(csv.utf8))
        _ = try reader.readHeader()
        var batch = CSVBatch()
        _ = try reader.read(into: &batch, rows: 1_000)
        return (try #require(reader.totalBytes), batch)
    }

    static func rows(_ count: Int) -> [EvaluatedRow] {
        (0..<count).map { EvaluatedRow(line: $0 + 2, key: "acct-\($0)", actions: []) }
    }

    @Test func roomForAboutTheWholeFile() throws {
        let (total, batch) = try Self.firstBatch(of: 50_000)
        var rows = Self.rows(batch.count)
        Runner.reserve(&rows, held: 100 * rows.count, forFileOf: total, from: batch, budget: 1 << 30)
        // The header is counted as rows' bytes, and quotes are not: a few percent over.
        #expect(rows.capacity >= 50_000 && rows.capacity <= 50_000 * 12 / 10, "\(rows.capacity)")
        #expect(rows.count == 1_000)
    }

    @Test func noRoomPastTheBudgetOrWithoutASize() throws {
        let (total, batch) = try Self.firstBatch(of: 50_000)
        var rows = Self.rows(batch.count)
        let before = rows.capacity
        Runner.reserve(&rows, held: 100 * rows.count, forFileOf: total, from: batch, budget: 1 << 20)
        #expect(rows.capacity == before)
        Runner.reserve(&rows, held: 100 * rows.count, forFileOf: nil, from: batch, budget: 1 << 30)
        #expect(rows.capacity == before)
    }
}
