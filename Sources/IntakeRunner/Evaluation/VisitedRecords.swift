import Foundation

/// The changes the store's visits found, gathered batch by batch from several threads.
///
/// When the keys' byte order is their `String` order (`hashesAsItGoes`), each batch's stored
/// records are hashed into the records digest as soon as every batch before it is in, and
/// their digest parts are dropped there: at ten million rows the parts of three million
/// changes held to the end were 0.4 GB. Otherwise the parts are kept and sorted at the end.
///
/// Hashed in order, the changes can also go to disk in order: once those held outgrow the
/// budget of a `Spill`, they and every one after are set aside in a file (`StoredChanges`).
final class VisitedRecords: @unchecked Sendable {
    /// Where changes go once those held outgrow `budget` bytes.
    struct Spill {
        /// The temporary directory the file goes in.
        let directory: URL
        /// Bytes of changes held before they are set aside.
        let budget: Int
    }

    /// A change to one row's record, with the record's part of the records digest.
    struct Changed {
        let index: Int
        let change: RecordChange
        let digestPart: [UInt8]
    }

    private let lock = NSLock()
    private let hashesAsItGoes: Bool
    /// Batches come in by sequence number; `pending` holds those ahead of `next`.
    private var pending: [Int: [Changed]] = [:]
    private var next = 0
    /// Whether a thread is hashing the batches that are next in line.
    private var hashing = false
    /// Touched only by the thread that set `hashing`.
    private var stream = RecordDigest.Stream()
    private var previous: String?
    /// The hashed batches' changes, in row order (`hashesAsItGoes`), while held; touched only
    /// by the hashing thread, as are the three below.
    private var hashed: [[RecordChange]] = []
    private var heldBytes = 0
    private let spill: Spill?
    /// The changes set aside, once they outgrew the spill's budget, and why they could not be.
    private var stored: StoredChanges?
    private var spillFailure: SpillFile.Failure?
    /// Each batch's changes with their parts, in any order (otherwise).
    private var batches: [[Changed]] = []
    private var sawUnreadable = false

    /// Gathers changes; `hashesAsItGoes` only if every key's byte order is its `String` order
    /// (ASCII keys: Swift compares strings by canonical scalars, which equal bytes there).
    /// Changes go to disk past `spill`'s budget, when one is given and the keys are hashed as
    /// they come.
    init(hashesAsItGoes: Bool, spill: Spill? = nil) {
        self.hashesAsItGoes = hashesAsItGoes
        self.spill = spill
    }

    /// Keeps the changes of batch `sequence` (numbered from 0 in row order, every batch once,
    /// empty ones too, as the digest waits for each in turn).
    func add(_ batch: [Changed], sequence: Int) {
        guard hashesAsItGoes else {
            if !batch.isEmpty { lock.withLock { batches.append(batch) } }
            return
        }
        lock.lock()
        pending[sequence] = batch
        // One thread hashes at a time, outside the lock, taking batches in turn while they are
        // there; a batch added meanwhile is found by its next look.
        guard !hashing else { return lock.unlock() }
        hashing = true
        while let ready = pending.removeValue(forKey: next) {
            next += 1
            lock.unlock()
            keep(hash(ready))
            lock.lock()
        }
        hashing = false
        lock.unlock()
    }

    private func hash(_ batch: [Changed]) -> [RecordChange] {
        for changed in batch {
            // Rows come in strictly increasing key bytes; for ASCII keys that is `String` order.
            assert(previous.map { $0 < changed.change.key } ?? true, "keys out of order")
            stream.add(changed.change.key, changed.digestPart)
            previous = changed.change.key
        }
        return batch.map(\.change)
    }

    /// Holds a hashed batch's changes, or sets them aside with those before once they outgrow
    /// the spill's budget; on the hashing thread.
    private func keep(_ changes: [RecordChange]) {
        guard !changes.isEmpty, spillFailure == nil else { return }
        do throws(SpillFile.Failure) {
            if let stored { return try stored.append(changes) }
            hashed.append(changes)
            heldBytes += changes.reduce(0) { $0 + Self.footprint(of: $1) }
            guard let spill, heldBytes > spill.budget else { return }
            let stored = try StoredChanges(directory: spill.directory)
            self.stored = stored
            for batch in hashed { try stored.append(batch) }
            Parallel.release(hashed)
            hashed = []
        } catch {
            spillFailure = error
        }
    }

    /// About how many bytes a change takes held: its slot, its two arrays, and strings too
    /// long to be stored inline (over 15 UTF-8 bytes).
    private static func footprint(of change: RecordChange) -> Int {
        func heap(_ string: String) -> Int { string.utf8.count > 15 ? 32 + string.utf8.count : 0 }
        var bytes = MemoryLayout<RecordChange>.stride + 64 + heap(change.key)
        change.forEachKeyField { name, value in bytes += 32 + heap(name) + heap(value) }
        for (name, attribute) in change.attributes {
            bytes += 16 + MemoryLayout<AttributeChange>.stride + heap(name)
            bytes += (attribute.old.map(heap) ?? 0) + (attribute.new.map(heap) ?? 0) + (attribute.default.map(heap) ?? 0)
        }
        return bytes
    }

    /// Notes a stored record whose fields could not be read.
    func markUnreadable() { lock.withLock { sawUnreadable = true } }

    /// The changes in row order and the records digest (`RecordDigest`) of their stored
    /// records; called once, after every visit returned. Throws when changes could not be set
    /// aside.
    func finish() throws(SpillFile.Failure) -> (changes: ChangeList, recordsDigest: String) {
        guard hashesAsItGoes else { return finishSorting() }
        lock.withLock { precondition(pending.isEmpty && !hashing, "a batch of the store comparison is missing") }
        if let spillFailure { throw spillFailure }
        if let stored {
            try stored.seal()
            return (ChangeList(stored: stored), stream.finalize())
        }
        defer { hashed = [] }
        return (ChangeList(chunks: hashed), stream.finalize())
    }

    /// Without hashing as it went: the batches are put in order by their first row; the digest
    /// is hashed on one core while the changes are laid end to end on another.
    private func finishSorting() -> (changes: ChangeList, recordsDigest: String) {
        let ordered = lock.withLock {
            defer { batches = [] }
            return batches.sorted { $0[0].index < $1[0].index }
        }
        let (digest, changes) = Parallel.both({ Self.digest(ordered) }) { ordered.map { $0.map(\.change) } }
        Parallel.release(ordered)
        return (ChangeList(chunks: changes), digest)
    }

    /// The records digest of the batches' changes. Keys come in byte order, which is `String`
    /// order unless some key is not in NFC: then they are sorted as `RecordDigest` defines.
    private static func digest(_ ordered: [[Changed]]) -> String {
        var stream = RecordDigest.Stream()
        var previous: String?
        for batch in ordered {
            for changed in batch {
                if let previous, !(previous < changed.change.key) {
                    let all = Array(ordered.joined())
                    return RecordDigest.compute(keys: all.map(\.change.key)) { all[$0].digestPart }
                }
                stream.add(changed.change.key, changed.digestPart)
                previous = changed.change.key
            }
        }
        return stream.finalize()
    }

    /// Whether any stored record was unreadable.
    var unreadable: Bool { lock.withLock { sawUnreadable } }
}
