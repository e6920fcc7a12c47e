import Foundation

/// Hands items to other threads in batches and waits for them all: the producer keeps its own
/// thread busy (stepping the store) while the items are worked on beside it.
///
/// At most `inFlight` batches are outstanding, so a slow worker bounds the producer's memory.
final class BatchedWork<Item: Sendable>: @unchecked Sendable {
    // `pending` is touched by the producing thread only; workers see whole batches.
    private let work: @Sendable ([Item]) -> Void
    private let batchSize: Int
    private var pending: [Item] = []
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "intake.batched-work", attributes: .concurrent)

    /// Creates the hand-off; `work` runs on a pool thread, possibly several batches at once.
    init(batchSize: Int = 4_096, inFlight: Int = 4, _ work: @escaping @Sendable ([Item]) -> Void) {
        self.work = work
        self.batchSize = batchSize
        slots = DispatchSemaphore(value: inFlight)
        pending.reserveCapacity(batchSize)
    }

    /// Queues one item; a full batch goes to a worker.
    func add(_ item: Item) {
        pending.append(item)
        if pending.count == batchSize { dispatch() }
    }

    /// Sends the last batch and waits until every batch is done.
    func finish() {
        if !pending.isEmpty { dispatch() }
        group.wait()
    }

    private func dispatch() {
        let batch = pending
        pending = []
        pending.reserveCapacity(batchSize)
        slots.wait()
        group.enter()
        queue.async { [work, slots, group] in
            work(batch)
            slots.signal()
            group.leave()
        }
    }
}
