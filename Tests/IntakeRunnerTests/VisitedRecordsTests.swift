import Foundation
import Testing

@testable import IntakeRunner

/// The changes a store comparison gathers: laid out in row order, with the records digest that
/// `RecordDigest` defines over the keys in `String` order, whatever order the batches came in.
@Suite struct VisitedRecordsTests {
    private static func changed(_ index: Int, _ key: String) -> VisitedRecords.Changed {
        let change = RecordChange(key: key, keyFields: ["account_id": key], action: .create, line: index + 2, attributes: [:])
        return .init(index: index, change: change, digestPart: RecordDigest.part(index % 2 == 0 ? nil : ["Region": "r\(index)"]))
    }

    /// Batches of `keys` (in row order), added last batch first; with `emptyBatches`, a batch
    /// without changes comes between each two.
    private static func finish(
        _ keys: [String], batchSize: Int, hashesAsItGoes: Bool, emptyBatches: Bool = false
    ) -> (changes: [RecordChange], recordsDigest: String) {
        let visited = VisitedRecords(hashesAsItGoes: hashesAsItGoes)
        let all = keys.enumerated().map { changed($0, $1) }
        var batches: [[VisitedRecords.Changed]] = []
        for start in stride(from: 0, to: all.count, by: batchSize) {
            if emptyBatches { batches.append([]) }
            batches.append(Array(all[start..<min(start + batchSize, all.count)]))
        }
        for (sequence, batch) in batches.enumerated().reversed() { visited.add(batch, sequence: sequence) }
        return visited.finish()
    }

    private static func expectedDigest(_ keys: [String]) -> String {
        RecordDigest.compute(keys: keys) { changed($0, keys[$0]).digestPart }
    }

    /// Hashed as batches come in turn, empty batches among them, the digest is the sorted one.
    @Test(arguments: [1, 3, 100], [false, true])
    func asciiKeysHashAsBatchesComeInTurn(batchSize: Int, emptyBatches: Bool) {
        let keys = (0..<25).map { "acct-\(1000 + $0)" }
        let finished = Self.finish(keys, batchSize: batchSize, hashesAsItGoes: true, emptyBatches: emptyBatches)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.changes.map(\.line) == keys.indices.map { $0 + 2 })
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
        #expect(finished == Self.finish(keys, batchSize: batchSize, hashesAsItGoes: false), "both ways agree")
    }

    /// Many threads adding at once: each batch is hashed once, in turn.
    @Test func batchesAddedFromManyThreads() {
        let keys = (0..<20_000).map { "acct-\(100_000 + $0)" }
        let visited = VisitedRecords(hashesAsItGoes: true)
        let batches = stride(from: 0, to: keys.count, by: 50).map { start in
            (start..<start + 50).map { Self.changed($0, keys[$0]) }
        }
        DispatchQueue.concurrentPerform(iterations: batches.count) { visited.add(batches[$0], sequence: $0) }
        let finished = visited.finish()
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
    }

    @Test(arguments: [1, 3, 100])
    func keysInByteOrderSortedAtTheEnd(batchSize: Int) {
        let keys = (0..<25).map { "acct-\(1000 + $0)" }
        let finished = Self.finish(keys, batchSize: batchSize, hashesAsItGoes: false)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.changes.map(\.line) == keys.indices.map { $0 + 2 })
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
    }

    /// Byte order puts a decomposed "e\u{301}x" before a composed "éa"; `String` order does not.
    @Test func keysWhoseByteOrderIsNotStringOrderAreSorted() {
        let keys = ["a", "e\u{301}x", "éa", "z"]
        #expect(!(keys[1] < keys[2]))
        let finished = Self.finish(keys, batchSize: 2, hashesAsItGoes: false)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
        var inByteOrder = RecordDigest.Stream()
        for (index, key) in keys.enumerated() { inByteOrder.add(key, Self.changed(index, key).digestPart) }
        #expect(finished.recordsDigest != inByteOrder.finalize(), "hashed as they came, the digest would differ")
    }

    @Test func noChangesHaveTheEmptyDigest() {
        let finished = Self.finish([], batchSize: 4, hashesAsItGoes: true)
        #expect(finished.changes.isEmpty)
        #expect(finished.recordsDigest == RecordDigest.compute(keys: [], records: [:]))
    }
}
