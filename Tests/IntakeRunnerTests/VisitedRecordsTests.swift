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
        _ keys: [String], batchSize: Int, hashesAsItGoes: Bool, emptyBatches: Bool = false, spill: VisitedRecords.Spill? = nil
    ) throws -> (changes: ChangeList, recordsDigest: String) {
        let visited = VisitedRecords(hashesAsItGoes: hashesAsItGoes, spill: spill)
        let all = keys.enumerated().map { changed($0, $1) }
        var batches: [[VisitedRecords.Changed]] = []
        for start in stride(from: 0, to: all.count, by: batchSize) {
            if emptyBatches { batches.append([]) }
            batches.append(Array(all[start..<min(start + batchSize, all.count)]))
        }
        for (sequence, batch) in batches.enumerated().reversed() { visited.add(batch, sequence: sequence) }
        return try visited.finish()
    }

    private static func expectedDigest(_ keys: [String]) -> String {
        RecordDigest.compute(keys: keys) { changed($0, keys[$0]).digestPart }
    }

    /// Hashed as batches come in turn, empty batches among them, the digest is the sorted one.
    @Test(arguments: [1, 3, 100], [false, true])
    func asciiKeysHashAsBatchesComeInTurn(batchSize: Int, emptyBatches: Bool) throws {
        let keys = (0..<25).map { "acct-\(1000 + $0)" }
        let finished = try Self.finish(keys, batchSize: batchSize, hashesAsItGoes: true, emptyBatches: emptyBatches)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.changes.map(\.line) == keys.indices.map { $0 + 2 })
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
        #expect(try finished == Self.finish(keys, batchSize: batchSize, hashesAsItGoes: false), "both ways agree")
    }

    /// Many threads adding at once: each batch is hashed once, in turn, and set aside in turn
    /// past a budget, whichever thread is hashing.
    @Test(arguments: [nil, 0, 100_000])
    func batchesAddedFromManyThreads(spillBudget: Int?) throws {
        let keys = (0..<20_000).map { "acct-\(100_000 + $0)" }
        let visited = VisitedRecords(
            hashesAsItGoes: true, spill: spillBudget.map { VisitedRecords.Spill(directory: FileManager.default.temporaryDirectory, budget: $0) })
        let batches = stride(from: 0, to: keys.count, by: 50).map { start in
            (start..<start + 50).map { Self.changed($0, keys[$0]) }
        }
        DispatchQueue.concurrentPerform(iterations: batches.count) { visited.add(batches[$0], sequence: $0) }
        let finished = try visited.finish()
        #expect(finished.changes.isSetAside == (spillBudget != nil))
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
    }

    @Test(arguments: [1, 3, 100])
    func keysInByteOrderSortedAtTheEnd(batchSize: Int) throws {
        let keys = (0..<25).map { "acct-\(1000 + $0)" }
        let finished = try Self.finish(keys, batchSize: batchSize, hashesAsItGoes: false)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.changes.map(\.line) == keys.indices.map { $0 + 2 })
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
    }

    /// Byte order puts a decomposed "e\u{301}x" before a composed "éa"; `String` order does not.
    @Test func keysWhoseByteOrderIsNotStringOrderAreSorted() throws {
        let keys = ["a", "e\u{301}x", "éa", "z"]
        #expect(!(keys[1] < keys[2]))
        let finished = try Self.finish(keys, batchSize: 2, hashesAsItGoes: false)
        #expect(finished.changes.map(\.key) == keys)
        #expect(finished.recordsDigest == Self.expectedDigest(keys))
        var inByteOrder = RecordDigest.Stream()
        for (index, key) in keys.enumerated() { inByteOrder.add(key, Self.changed(index, key).digestPart) }
        #expect(finished.recordsDigest != inByteOrder.finalize(), "hashed as they came, the digest would differ")
    }

    /// Past the spill's budget the changes go to disk, those held before them first: the same
    /// changes, in the same order, with the same digest; with no budget at all, every batch.
    @Test(arguments: [0, 2_000])
    func changesPastTheBudgetAreSetAsideInOrder(budget: Int) throws {
        let keys = (0..<5_000).map { "acct-\(100_000 + $0)" }
        let spill = VisitedRecords.Spill(directory: FileManager.default.temporaryDirectory, budget: budget)
        let aside = try Self.finish(keys, batchSize: 7, hashesAsItGoes: true, emptyBatches: true, spill: spill)
        let held = try Self.finish(keys, batchSize: 7, hashesAsItGoes: true)
        #expect(aside.changes.isSetAside && !held.changes.isSetAside)
        #expect(aside.changes == held.changes)
        #expect(aside.recordsDigest == held.recordsDigest)
        #expect(aside.changes.creates == keys.count)
        let roomy = VisitedRecords.Spill(directory: FileManager.default.temporaryDirectory, budget: 1 << 30)
        #expect(!(try Self.finish(keys, batchSize: 7, hashesAsItGoes: true, spill: roomy)).changes.isSetAside, "within the budget they stay held")
    }

    /// A directory changes cannot be set aside in fails the finish, naming it.
    @Test func changesThatCannotBeSetAsideFailTheFinish() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("intake-missing-\(UUID().uuidString)")
        let spill = VisitedRecords.Spill(directory: missing, budget: 0)
        #expect {
            _ = try Self.finish(["a", "b"], batchSize: 1, hashesAsItGoes: true, spill: spill)
        } throws: { ($0 as? SpillFile.Failure)?.message.contains(missing.path) == true }
    }

    @Test func noChangesHaveTheEmptyDigest() throws {
        let finished = try Self.finish([], batchSize: 4, hashesAsItGoes: true)
        #expect(finished.changes.isEmpty)
        #expect(finished.recordsDigest == RecordDigest.compute(keys: [], records: [:]))
    }
}
