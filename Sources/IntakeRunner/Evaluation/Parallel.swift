import Foundation

/// Work split over every core in contiguous parts, results kept in order.
enum Parallel {
    /// Rows per batch: large enough to amortise the fork-join, small enough to bound memory.
    static let batchSize = 16_384

    /// Worker threads: every core, or `INTAKE_THREADS` (to measure one core against all).
    static let threads = ProcessInfo.processInfo.environment["INTAKE_THREADS"].flatMap(Int.init).map { max(1, $0) }
        ?? ProcessInfo.processInfo.activeProcessorCount

    /// A pointer the workers write disjoint slots through.
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T?>
    }

    /// Evaluates every row, then hands each outcome to `take` in row order.
    static func evaluate(_ rows: CSVBatch, with evaluator: RowEvaluator, _ take: (Int, consuming RowEvaluator.Outcome) -> Void) {
        forEachPart(rows.count, serialBelow: 1_024, { range, out in evaluator.evaluate(rows, range, into: out) }, take)
    }

    /// Lets go of `value` on a utility thread: freeing a million small objects takes a tenth
    /// of a second that the caller need not wait for.
    static func release<T: Sendable>(_ value: consuming T) {
        let held = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
    }

    /// `first()` and `second()` at the same time, on two cores.
    static func both<A, B>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let results = map(2, serialBelow: 0) { part in part == 0 ? Either<A, B>.first(first()) : .second(second()) }
        guard case .first(let a) = results[0], case .second(let b) = results[1] else { preconditionFailure("one result of each") }
        return (a, b)
    }

    /// One of the two results of `both`.
    private enum Either<A, B> {
        case first(A)
        case second(B)
    }

    /// `body(i)` for every `i` in `0..<count`, on every core unless `count` is below
    /// `serialBelow`; the results in order.
    static func map<T>(_ count: Int, serialBelow: Int, _ body: @Sendable (Int) -> T) -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        forEach(count, serialBelow: serialBelow, body) { _, result in results.append(result) }
        return results
    }

    /// `body(i)` for every `i` in `0..<count`, on every core unless `count` is below
    /// `serialBelow`; then `take(i, result)` for each in order, on the calling thread.
    static func forEach<T>(_ count: Int, serialBelow: Int, _ body: @Sendable (Int) -> T, _ take: (Int, consuming T) -> Void) {
        forEachPart(count, serialBelow: serialBelow, { range, out in
            for index in range { out[index - range.lowerBound] = body(index) }
        }, take)
    }

    /// `forEach` a part at a time: `body(range, out)` sets `out[i - range.lowerBound]` for each
    /// `i` of its part, so it can work on the part as a whole.
    static func forEachPart<T>(
        _ count: Int, serialBelow: Int, _ body: @Sendable (Range<Int>, UnsafeMutablePointer<T?>) -> Void, _ take: (Int, consuming T) -> Void
    ) {
        guard count > 0 else { return }
        // Several parts per core: a core that another thread (the CSV reader) shares picks up
        // fewer of them, instead of the others waiting for its one big part.
        let workers = count < serialBelow ? 1 : min(threads * 8, count)
        let buffer = UnsafeMutablePointer<T?>.allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
        defer { buffer.deallocate() }
        let slots = Slots(base: buffer)
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            let range = (part * count / workers)..<((part + 1) * count / workers)
            body(range, slots.base + range.lowerBound)
        }
        // Moved out, not copied: a copy would retain every row's strings once more, then release them.
        for index in 0..<count { take(index, (buffer + index).move()!) }
    }
}
