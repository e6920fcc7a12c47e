import Testing

@testable import IntakeRunner

/// Skeletons added run by run, each run in `RowOrder`, merge into exactly the order a sort of
/// them all gives, across chunk boundaries, with runs of every length.
@Suite struct SkeletonRunsTests {
    /// A row with `key` at `line`, holding one value so the merge moves owned storage.
    private static func row(_ key: String, _ line: Int) -> EvaluatedRow {
        EvaluatedRow(line: line, key: key, actions: [.set("v\(line)", fired: nil)])
    }

    @Test(arguments: [[0], [1], [70_000], [40_000, 0, 1, 33_000, 5], [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]])
    func runsMergeIntoRowOrder(lengths: [Int]) {
        var generator = SplitMix64(state: UInt64(lengths.reduce(7, +)))
        let skeletons = SkeletonRuns()
        var all: [EvaluatedRow] = []
        var line = 2
        for length in lengths {
            // Keys repeat across runs and within one (a key given again), with lines to order them.
            var run = (0..<length).map { _ in
                defer { line += 1 }
                return Self.row("acct-\(Int.random(in: 0..<50_000, using: &generator))", line)
            }
            run.sort(by: RowOrder.less)
            all += run
            skeletons.add(run)
        }
        #expect(skeletons.count == all.count)
        let merged = skeletons.merged()
        all.sort(by: RowOrder.less)
        #expect(merged.map(\.key) == all.map(\.key))
        #expect(merged.map(\.line) == all.map(\.line))
        #expect(merged.allSatisfy { $0.value(at: 0) == "v\($0.line)" }, "each skeleton keeps its own values")
        #expect(skeletons.count == 0 && skeletons.merged().isEmpty)
    }
}
