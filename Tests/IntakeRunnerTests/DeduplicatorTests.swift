import Testing

@testable import IntakeRunner

/// The duplicate-key policies on rows sorted by key bytes.
@Suite struct DeduplicatorTests {
    func rows(_ keys: [String]) -> [EvaluatedRow] {
        keys.enumerated().map { EvaluatedRow(line: $0.offset + 2, key: $0.element, actions: []) }
    }

    @Test func recurringKeepsTheLastRowOfEachKeyInKeyOrder() {
        var input = rows(["b", "a", "b", "c", "b"])
        let (winners, superseded, duplicates) = Deduplicator(policy: .lastWins).deduplicate(&input)
        #expect(winners.map(\.key) == ["a", "b", "c"])
        #expect(winners.map(\.line) == [3, 6, 5])
        #expect(superseded == [SupersededRow(key: "b", line: 2, by: 6), SupersededRow(key: "b", line: 4, by: 6)])
        #expect(duplicates.isEmpty)
    }

    @Test func keysSpelledInNFCAndNFDAreTwoKeys() {
        // As the store compares keys: byte for byte. NFD "cafe\u{301}" sorts before NFC "caf\u{E9}".
        var input = rows(["caf\u{E9}", "cafe\u{301}", "caf\u{E9}"])
        let (winners, superseded, _) = Deduplicator(policy: .lastWins).deduplicate(&input)
        #expect(winners.map(\.line) == [3, 4])
        #expect(superseded == [SupersededRow(key: "caf\u{E9}", line: 2, by: 4)])
    }

    @Test func oneTimeFilesListEveryDuplicatedKeyWithRejectedLines() {
        var input = rows(["x", "y", "x", "z"])
        let (winners, _, duplicates) = Deduplicator(policy: .fail).deduplicate(&input, rejected: [("z", 9), ("w", 10)])
        #expect(winners.isEmpty)
        #expect(duplicates == [.init(key: "x", lines: [2, 4]), .init(key: "z", lines: [5, 9])])
    }

    @Test func aRejectedLaterRowSupersedesEveryValidOne() {
        var input = rows(["k", "k", "m"])
        let (winners, superseded, _) = Deduplicator(policy: .lastWins).deduplicate(&input, rejected: [("k", 7), ("m", 1)])
        #expect(winners.map(\.key) == ["m"], "m's rejected row came earlier, so m's valid row stands")
        #expect(superseded == [SupersededRow(key: "k", line: 2, by: 7), SupersededRow(key: "k", line: 3, by: 7)])
    }

    @Test func uniqueKeysComeBackSortedAndAppendKeepsFileOrder() {
        var input = rows(["c", "a", "b"])
        #expect(Deduplicator(policy: .lastWins).deduplicate(&input).0.map(\.key) == ["a", "b", "c"])
        var events = rows(["", "", ""])
        #expect(Deduplicator(policy: .append).deduplicate(&events).0.map(\.line) == [2, 3, 4])
    }

    /// Keys of a mostly sorted export with rows moved out of place, or shuffled, or reversed.
    static func shapes() -> [[String]] {
        var generator = SystemRandomNumberGenerator()
        let sorted = (0..<5_000).map { String(format: "acct-%06d", $0) }
        var displaced = sorted
        for _ in 0..<200 {
            // A later update of an earlier key, and a key pulled far forward.
            displaced.insert(sorted[Int.random(in: 0..<sorted.count, using: &generator)], at: Int.random(in: 0..<displaced.count, using: &generator))
            displaced.swapAt(Int.random(in: 0..<displaced.count, using: &generator), Int.random(in: 0..<displaced.count, using: &generator))
        }
        let adjacentDescents = sorted.enumerated().map { $0.offset % 50 == 0 && $0.offset > 0 ? "acct-zzz\($0.offset)" : $0.element }
        // Numbered keys past a digit boundary restart in byte order: long runs to merge, with strays.
        let digits = (990..<1_400).map { "k\($0)" } + (0..<40).map { "k\($0 * 37 % 1_000)" }.shuffled(using: &generator)
        let runs = (0..<6).flatMap { run in (0..<700).map { String(format: "r%04d-%d", $0 * 6 + run, run) } }
        var runsWithStrays = runs
        for _ in 0..<60 { runsWithStrays.insert(runs[Int.random(in: 0..<runs.count, using: &generator)], at: Int.random(in: 0..<runsWithStrays.count, using: &generator)) }
        return [[], ["a"], sorted, sorted.reversed(), sorted.shuffled(using: &generator), displaced, adjacentDescents,
                ["b", "a", "b", "c", "a", "a"], sorted + sorted, digits, runs, runsWithStrays]
    }

    @Test(arguments: shapes())
    func sortingGivesTheOrderOfAGeneralSort(keys: [String]) {
        let expected = rows(keys).sorted(by: RowOrder.less)
        // As a million rows are sorted (merges split over two cores, equal keys met on both
        // sides of a split) and as small files are.
        for parallelMinimum in [2, 1 << 16] {
            var ours = rows(keys)
            RowOrder.sort(&ours, parallelMinimum: parallelMinimum)
            #expect(ours.map(\.key) == expected.map(\.key))
            #expect(ours.map(\.line) == expected.map(\.line))
        }
    }
}
