import Foundation

/// What applying a changeset writes, computed on every core: each changed record's merged
/// fields as canonical JSON, and the digest of the touched records as stored.
public enum AppliedRecords {
    /// A stored record whose fields are not a flat JSON object of strings.
    public struct Unreadable: Error {
        /// The change whose stored record it is.
        public let index: Int
    }

    /// The records' digest as stored (`RecordDigest`) and, per change, the JSON of the stored
    /// fields with the change's attributes and key fields set.
    ///
    /// - Parameters:
    ///   - changes: changes with distinct keys (each builds on its stored record only).
    ///   - stored: per change, the stored record's fields JSON, or nil when there is none.
    public static func merge(_ changes: ChangeList, stored: [[UInt8]?]) throws(Unreadable) -> (digest: String, merged: [[UInt8]]) {
        var merged: [[UInt8]] = []
        merged.reserveCapacity(changes.count)
        do {
            let digest = try merge(changes, keys: changes.keys, stored: stored) { _, _, json in merged.append(Array(json)) }
            return (digest, merged)
        } catch let error as Unreadable {
            throw error
        } catch {
            preconditionFailure("collecting the merged records throws nothing")
        }
    }

    /// `merge`, handing each change and its merged record to `write` in change order on the
    /// calling thread while the records after it are merged on the other cores: an apply
    /// writes one chunk to SQLite as the next is merged, instead of merging all first. Each
    /// chunk's changes are read once, in order (changes set aside on disk come through a
    /// buffer). `keys` are the changes' keys, which the caller has read already. Returns the
    /// digest; throws `Unreadable`, or what `write` threw, at the first change it concerns.
    public static func merge(
        _ changes: ChangeList, keys: [String], stored: [[UInt8]?], writing write: (Int, RecordChange, UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> String {
        precondition(changes.count == stored.count && keys.count == stored.count, "one key and one stored entry per change")
        let chunkSize = 2_048
        let chunks = (changes.count + chunkSize - 1) / chunkSize
        let ready = (0..<chunks).map { _ in DispatchSemaphore(value: 0) }
        // The calling thread writes; the others merge, in turn by chunk, at most two chunks
        // each ahead of it, so merged records wait in memory a few thousand at a time.
        let lanes = chunks > 1 && Parallel.threads > 1 ? Parallel.threads - 1 : 0
        // A lane merges a chunk only once the writer is done with its own chunk two turns before,
        // so at most 2 × lanes chunks, the one being written among them, hold results: slots for
        // two chunks more than that, used in turn, instead of one per change (a gigabyte for a
        // 10M load).
        let results = Slots(count: min(changes.count, (2 * lanes + 2) * chunkSize))
        // Created at zero and raised: libdispatch traps when a semaphore is freed below its start.
        let ahead = (0..<lanes).map { _ in DispatchSemaphore(value: 0) }
        for semaphore in ahead { for _ in 0..<2 { semaphore.signal() } }
        let stop = StopFlag()
        let group = DispatchGroup()
        for lane in 0..<lanes {
            DispatchQueue.global().async(group: group) {
                for chunk in stride(from: lane, to: chunks, by: lanes) {
                    ahead[lane].wait()
                    if stop.isSet { break }
                    mergeChunk((chunk * chunkSize)..<min(changes.count, (chunk + 1) * chunkSize), of: changes, stored: stored, into: results)
                    ready[chunk].signal()
                }
            }
        }
        // The workers write through `results` until they are done, whatever happens here; after
        // a failure they stop at their next chunk instead of merging the rest.
        defer {
            stop.set()
            for semaphore in ahead { semaphore.signal() }
            group.wait()
            results.free()
        }
        var parts: [[UInt8]] = []
        parts.reserveCapacity(changes.count)
        for chunk in 0..<chunks {
            let range = (chunk * chunkSize)..<min(changes.count, (chunk + 1) * chunkSize)
            if lanes == 0 {
                mergeChunk(range, of: changes, stored: stored, into: results)
            } else {
                ready[chunk].wait()
            }
            for index in range {
                guard let result = results.take(index) else {
                    throw Unreadable(index: index)
                }
                try result.json.withUnsafeBufferPointer { try write(index, result.change, $0) }
                parts.append(result.part)
            }
            if lanes > 0 { ahead[chunk % lanes].signal() }
        }
        return RecordDigest.compute(keys: keys) { parts[$0] }
    }

    /// Merges the changes at `range` into their slots, reading them in order.
    private static func mergeChunk(_ range: Range<Int>, of changes: ChangeList, stored: [[UInt8]?], into results: Slots) {
        var chunk = changes.changes(in: range)
        var index = range.lowerBound
        while let change = chunk.next() {
            results.put(mergeOne(change, stored: stored[index]).map { ($0.part, $0.json, change) }, at: index)
            index += 1
        }
    }

    /// One change merged with its stored record: its digest part and merged JSON; nil when the
    /// stored record is unreadable.
    private static func mergeOne(_ change: RecordChange, stored: [UInt8]?) -> (part: [UInt8], json: [UInt8])? {
        if let inPlace = mergedInPlace(change, stored: stored) { return inPlace }
        var fields: [String: String] = [:]
        if let json = stored {
            guard let decoded = json.withUnsafeBufferPointer({ FieldsJSON.decode(bytes: $0) }) else { return nil }
            fields = decoded
        }
        let part = RecordDigest.part(stored == nil ? nil : fields)
        change.apply(to: &fields)
        return (part, FieldsJSON.encodedBytes(fields))
    }

    /// Merge results with their changes, written by the workers and moved out by the writer;
    /// change `index` goes in slot `index % count`.
    private struct Slots: @unchecked Sendable {
        /// The first slot.
        private let base: UnsafeMutablePointer<(part: [UInt8], json: [UInt8], change: RecordChange)?>
        /// How many slots there are.
        private let count: Int

        /// `count` empty slots.
        init(count: Int) {
            self.count = max(count, 1)
            base = .allocate(capacity: self.count)
            base.initialize(repeating: nil, count: self.count)
        }

        /// Puts change `index`'s result in its slot, which is empty.
        func put(_ result: (part: [UInt8], json: [UInt8], change: RecordChange)?, at index: Int) {
            base[index % count] = result
        }

        /// Moves change `index`'s result out, leaving its slot empty.
        func take(_ index: Int) -> (part: [UInt8], json: [UInt8], change: RecordChange)? {
            let result = (base + index % count).move()
            (base + index % count).initialize(to: nil)
            return result
        }

        /// Frees the slots; every worker is done with them.
        func free() {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    /// The digest part and merged JSON written from the stored bytes (`StoredRecordBytes`),
    /// without decoding the record into a dictionary and encoding it again; nil when the
    /// record or a name is not in the plain canonical form that needs, and the caller decodes.
    private static func mergedInPlace(_ change: RecordChange, stored: [UInt8]?) -> (part: [UInt8], json: [UInt8])? {
        guard let updates = StoredRecordBytes.updates(of: change) else { return nil }
        guard let stored else {
            let none = StoredRecordBytes(json: UnsafeBufferPointer(start: nil, count: 0), pairs: [])
            return none.merging(updates).map { (RecordDigest.part(nil), $0) }
        }
        return stored.withUnsafeBufferPointer { json in
            var pairs: [StoredFieldsMatcher.Pair] = []
            guard StoredFieldsMatcher.scan(json, into: &pairs),
                pairs.allSatisfy({ pair in json[pair.name].allSatisfy(StoredFieldsMatcher.isPlain) })
            else { return nil }
            let record = StoredRecordBytes(json: json, pairs: pairs)
            return record.merging(updates).map { (record.digestPart(), $0) }
        }
    }
}

/// Set once by the writer when it gives up; the merging lanes look at it before each chunk.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Whether the writer gave up.
    var isSet: Bool { lock.withLock { value } }

    /// Tells the lanes to stop.
    func set() { lock.withLock { value = true } }
}
