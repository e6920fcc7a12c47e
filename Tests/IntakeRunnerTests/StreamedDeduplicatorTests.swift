import IntakeCompiler
import Testing

@testable import IntakeRunner

/// The dedupe of rows streamed in `RowOrder` finds the winners, superseded rows and duplicates
/// that the dedupe of the same rows in an array finds.
@Suite struct StreamedDeduplicatorTests {
    @Test(arguments: [Plan.DuplicatePolicy.lastWins, .fail])
    func streamedFindsWhatTheArrayFinds(policy: Plan.DuplicatePolicy) {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            // Few keys for many rows in some rounds (many duplicates), many keys in others.
            let keys = round % 2 == 0 ? 30 : 3_000
            // Valid rows on even lines, rejected ones on odd lines among them or after them all.
            var rows = (0..<2_000).map { n in
                EvaluatedRow(line: 2 * n + 2, key: "k\(Int.random(in: 0..<keys, using: &generator))", actions: [])
            }
            let rejected = (0..<50).map { n in
                (key: "k\(Int.random(in: 0..<(keys + 5), using: &generator))", line: round % 3 == 0 ? 80 * n + 3 : 4_001 + 2 * n)
            }
            if round == 3 { rows = [] }
            RowOrder.sort(&rows)
            var streamed = StreamedDeduplicator(policy: policy, rejected: rejected)
            var winners = rows.compactMap { streamed.add($0) }
            if let last = streamed.finish() { winners.append(last) }
            var array = rows
            let expected = Deduplicator(policy: policy).deduplicate(&array, rejected: rejected, inOrder: true)
            let (superseded, duplicates) = streamed.results
            #expect(duplicates == expected.2, "round \(round)")
            #expect(superseded == expected.1, "round \(round)")
            // Under `fail`, winners mean nothing once there are duplicates.
            if policy == .lastWins || expected.2.isEmpty { #expect(winners.map(\.line) == expected.0.map(\.line), "round \(round)") }
        }
    }
}
