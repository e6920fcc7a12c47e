import Foundation

/// Reads a CSV file's rows on a thread of its own, in batches, while the caller evaluates the
/// batches before: reading (tokenising, hashing) no longer waits for evaluation, nor
/// evaluation for reading.
///
/// At most `depth` batches wait, so memory stays bounded whatever the file's size. Batches come
/// out in file order; a read error comes out after the batches read before it.
final class RowBatches: @unchecked Sendable {
    // The reader is used by the reading thread only until `finished`; the condition guards the rest.
    private let reader: CSVReader
    private let condition = NSCondition()
    private var ready: [CSVBatch] = []
    private var failure: CSVError?
    private var finished = false
    private var cancelled = false
    /// How many batches may wait.
    private var depth: Int
    /// Bytes the waiting batches may hold, past the first two.
    private var byteLimit: Int
    /// Bytes the waiting batches hold (`CSVBatch.footprint`).
    private var waitingBytes = 0

    /// Starts reading.
    init(_ reader: CSVReader, batchSize: Int, depth: Int = 2, bytes: Int = .max) {
        self.reader = reader
        self.depth = depth
        byteLimit = bytes
        let thread = Thread { [self] in self.produce(batchSize: batchSize) }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next batch in file order, nil at the end; throws the read error where it happened.
    func next() throws(CSVError) -> CSVBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if !ready.isEmpty {
            let batch = ready.removeFirst()
            waitingBytes -= batch.footprint
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    private func produce(batchSize: Int) {
        var batch = CSVBatch(reserving: batchSize)
        var error: CSVError?
        do {
            while try reader.read(into: &batch, rows: batchSize) {
                guard hand(batch) else { return }
                batch = CSVBatch(reserving: batchSize)
            }
        } catch let caught {
            error = caught
        }
        condition.lock()
        if !batch.isEmpty {
            ready.append(batch)
            waitingBytes += batch.footprint
        }
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a batch once there is room; false once the caller stopped taking them.
    private func hand(_ batch: CSVBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth || (ready.count >= 2 && waitingBytes >= byteLimit), !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(batch)
        waitingBytes += batch.footprint
        condition.broadcast()
        return true
    }

    /// From now on at most `depth` batches wait, whatever their bytes (those already waiting stay).
    func limit(to depth: Int) {
        condition.lock()
        self.depth = depth
        byteLimit = .max
        condition.unlock()
    }

    /// The caller takes no more batches: the reading thread stops at its next one, instead of
    /// waiting for room for ever with the file open.
    func cancel() {
        condition.lock()
        cancelled = true
        ready = []
        condition.broadcast()
        condition.unlock()
    }
}
