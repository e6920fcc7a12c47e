import Foundation

/// The rows of a `SpilledRows` merge, read on a thread of its own in batches while the caller
/// works on the rows before: decoding and merging the skeletons' runs no longer waits for the
/// dedupe, nor the dedupe for it. (Not the rows' runs for the comparison: rows decoded on one
/// thread and freed on others stayed in the allocator's heaps, 1M +30 MiB.)
///
/// At most two batches wait. Rows come out in the merge's order; a read failure comes out
/// after the rows read before it. Letting go of it stops the reading thread.
final class PrefetchedRows {
    /// What the reading thread and the caller share, under its lock.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        var ready: [[EvaluatedRow]] = []
        var failure: SpillFile.Failure?
        var finished = false
        var cancelled = false
    }

    /// The merge, handed to the reading thread, which takes it out: a copy left in the
    /// thread's closure would share the cursors' buffers, and the first refill would copy them.
    private final class Merge: @unchecked Sendable {
        var rows: SpilledRows?

        init(_ rows: consuming SpilledRows) { self.rows = rows }
    }

    private let shared = Shared()
    private var batch: [EvaluatedRow] = []
    private var position = 0

    /// Starts reading `rows`, `batchSize` at a time.
    init(_ rows: consuming SpilledRows, batchSize: Int = 4_096) {
        let (shared, merge) = (shared, Merge(rows))
        let thread = Thread { Self.produce(merge, into: shared, batchSize: batchSize) }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        shared.condition.lock()
        shared.cancelled = true
        shared.ready = []
        shared.condition.broadcast()
        shared.condition.unlock()
    }

    /// The next row; nil after the last; throws where the merge failed.
    func next() throws(SpillFile.Failure) -> EvaluatedRow? {
        if position == batch.count {
            shared.condition.lock()
            defer { shared.condition.unlock() }
            while shared.ready.isEmpty && !shared.finished { shared.condition.wait() }
            guard !shared.ready.isEmpty else {
                if let failure = shared.failure { throw failure }
                return nil
            }
            batch = shared.ready.removeFirst()
            position = 0
            shared.condition.broadcast()
        }
        position += 1
        return batch[position - 1]
    }

    private static func produce(_ merge: Merge, into shared: Shared, batchSize: Int) {
        guard var rows = merge.rows.take() else { return }
        var failure: SpillFile.Failure?
        var batch: [EvaluatedRow] = []
        batch.reserveCapacity(batchSize)
        func hand() -> Bool {
            shared.condition.lock()
            defer { shared.condition.unlock() }
            while shared.ready.count >= 2, !shared.cancelled { shared.condition.wait() }
            guard !shared.cancelled else { return false }
            shared.ready.append(batch)
            shared.condition.broadcast()
            return true
        }
        do throws(SpillFile.Failure) {
            while let row = try rows.next() {
                batch.append(row)
                guard batch.count == batchSize else { continue }
                guard hand() else { return }
                batch = []
                batch.reserveCapacity(batchSize)
            }
        } catch {
            failure = error
        }
        if !batch.isEmpty { _ = hand() }
        shared.condition.lock()
        shared.failure = failure
        shared.finished = true
        shared.condition.broadcast()
        shared.condition.unlock()
    }
}
