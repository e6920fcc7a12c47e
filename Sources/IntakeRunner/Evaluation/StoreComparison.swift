/// Compares key-sorted rows with their stored records in one ordered pass over the store.
///
/// The store steps its rows on the calling thread while other threads compare: an unchanged
/// record is recognised in its stored bytes and never decoded; a changed one is decoded, diffed
/// and hashed for the records digest on the worker that read it, so no record is held after.
struct StoreComparison {
    let store: any StateStore
    let namespace: String
    let layout: RowLayout
    /// Whether rows may be recognised by their fingerprints (only then are they looked at for it).
    var recognises = false

    /// What the rows do to the store.
    struct Result {
        /// Creates and updates, in the rows' (key) order.
        var changes: ChangeList
        /// Rows that leave their stored record as it is.
        var unchanged: Int
        /// The digest of the changed records as stored (`RecordDigest`).
        var recordsDigest: String
        /// How many of the unchanged rows were recognised by their fingerprints.
        var recognised = 0
    }

    /// Compares `rows`, sorted by key bytes, with the store.
    ///
    /// Each row is released as soon as it is compared (`rows` is left holding empty
    /// placeholders): the changes then take the memory the rows gave back instead of adding
    /// to it, which at ten million rows was gigabytes of fresh pages for the kernel to clear.
    func compare(_ rows: inout [EvaluatedRow], spill: VisitedRecords.Spill? = nil) throws -> Result {
        let session = Session(hashesAsItGoes: rows.indices.allSatisfy { Self.isASCII(rows[$0].key) }, spill: spill)
        try compare(part: &rows, in: session)
        return try session.finish()
    }

    /// What the parts compared so far found; `finish` gives the result of them all.
    final class Session {
        fileprivate let found: VisitedRecords
        /// Rows compared in the parts before, so each row has one index over all parts.
        fileprivate var offset = 0
        /// The next batch's sequence number over all parts.
        fileprivate var sequence = 0
        /// Rows recognised by their fingerprints, left out of the comparison as unchanged.
        fileprivate(set) var recognised = 0

        /// A session; `hashesAsItGoes` only if every key of every part is ASCII. Changes go to
        /// disk past `spill`'s budget (only when hashed as they go).
        init(hashesAsItGoes: Bool, spill: VisitedRecords.Spill? = nil) {
            found = VisitedRecords(hashesAsItGoes: hashesAsItGoes, spill: spill)
        }

        /// The changes of every part, in key order, and the records digest over them all;
        /// throws `SpillFile.Failure` when changes could not be set aside.
        func finish() throws -> Result {
            let (changes, recordsDigest) = try found.finish()
            // Every row not among the changes left its record as it is.
            return Result(changes: changes, unchanged: offset - changes.count + recognised, recordsDigest: recordsDigest, recognised: recognised)
        }
    }

    /// Compares one part of the rows: sorted by key bytes, every key after the parts' before.
    func compare(part rows: inout [EvaluatedRow], in session: Session) throws(StoreError) {
        // A recognised row's record holds what the row would write (`RowFingerprint`): it is
        // neither looked up nor diffed, and the store is scanned only for the others.
        if recognises {
            let before = rows.count
            rows.removeAll { $0.fingerprint == .known }
            session.recognised += before - rows.count
        }
        let keys = rows.map(\.key)
        let outcome: Swift.Result<Void, StoreError> = rows.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .success(()) }
            do throws(StoreError) {
                return .success(try compare(RowSlots(base: base), keys: keys, in: session))
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
        session.offset += keys.count
    }

    /// Whether `key` is all ASCII, where byte order and `String` order agree.
    static func isASCII(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// The rows, which the workers read and release through this pointer, each its own.
    private struct RowSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<EvaluatedRow>

        /// Moves a row out to be compared, leaving a placeholder without key or values (empty
        /// ones allocate nothing): the row is freed when the worker is done with it, and a copy
        /// would have retained it once more and released it twice.
        func take(_ index: Int) -> EvaluatedRow {
            let row = (base + index).move()
            (base + index).initialize(to: EvaluatedRow(line: row.line, key: "", values: RowValues()))
            return row
        }
    }

    private func compare(_ rows: RowSlots, keys: [String], in session: Session) throws(StoreError) {
        let matcher = StoredFieldsMatcher(layout: layout)
        let differ = Differ(layout: layout)
        let (found, offset) = (session.found, session.offset)
        // A row the store has no record for is a create; its index goes to the workers too, as
        // the ordered visits skip it, so they diff every row.
        let comparer = BatchedWork<StoredBatch>(batchSize: 1) { batches in
            var pairs: [StoredFieldsMatcher.Pair] = []
            for batch in batches {
                var changed: [VisitedRecords.Changed] = []
                batch.bytes.withUnsafeBufferPointer { bytes in
                    for (index, range) in batch.entries {
                        let row = rows.take(index)
                        guard let range else {
                            changed.append(.init(index: offset + index, change: differ.change(row, old: nil)!, digestPart: RecordDigest.part(nil)))
                            continue
                        }
                        let json = UnsafeBufferPointer(rebasing: bytes[range])
                        let unchanged = matcher.unchanged(row, json: json, pairs: &pairs)
                        if unchanged == true { continue }
                        if unchanged == false, matcher.readsInPlace(json, pairs) {
                            let stored = StoredRecordBytes(json: json, pairs: pairs)
                            if let change = differ.change(row, exists: true, old: { stored.value(named: matcher.name($0)) }) {
                                changed.append(.init(index: offset + index, change: change, digestPart: stored.digestPart()))
                            }
                            continue
                        }
                        guard let fields = FieldsJSON.decode(bytes: json) else {
                            found.markUnreadable()
                            continue
                        }
                        if let change = differ.change(row, old: fields) {
                            changed.append(.init(index: offset + index, change: change, digestPart: RecordDigest.part(fields)))
                        }
                    }
                }
                found.add(changed, sequence: batch.sequence)
            }
        }
        // A method on the batch, not a nested function capturing it: that boxed the batch, with
        // a run-time exclusivity check on every stored record.
        var batch = StoredBatch(sequence: session.sequence)
        var next = 0
        var ordered = true
        do {
            try store.visitFields(in: namespace, sortedKeys: keys) { index, json in
                // The workers write through an unchecked pointer: a bad index must stop here.
                precondition(index < keys.count, "the state store visited a key it was not given")
                guard index >= next else { return ordered = false }
                for absent in next..<index { batch.add(absent, nil, handingTo: comparer) }
                batch.add(index, json, handingTo: comparer)
                next = index + 1
            }
        } catch {
            // The batches in flight still write to the rows: they finish before the rows can go.
            comparer.finish()
            throw error
        }
        for absent in next..<keys.count { batch.add(absent, nil, handingTo: comparer) }
        if !batch.entries.isEmpty { comparer.add(batch) }
        comparer.finish()
        session.sequence = batch.sequence + (batch.entries.isEmpty ? 0 : 1)
        guard ordered else {
            throw StoreError(.failed, "the state store visited records out of key order; nothing was compared", detail: "namespace '\(namespace)'")
        }
        if found.unreadable {
            throw StoreError(
                .failed, "a stored record in namespace '\(namespace)' has unreadable fields",
                detail: "run 'intake state export' to see the records; restore the store from a backup")
        }
    }
}

/// Consecutive rows handed to a worker at once: the stored records' bytes copied end to end
/// into one buffer, not one array per record.
private struct StoredBatch: Sendable {
    static let size = 4_096
    /// The batch's place among those handed over, from 0.
    var sequence = 0
    var bytes: [UInt8] = []
    /// Row index, and where its stored record lies in `bytes` (nil: the store has none).
    var entries: [(index: Int, range: Range<Int>?)] = []

    init(sequence: Int = 0) {
        self.sequence = sequence
        bytes.reserveCapacity(Self.size * 192)
        entries.reserveCapacity(Self.size)
    }

    /// Adds a row and its stored record; a full batch goes to `comparer` and this one starts over.
    mutating func add(_ index: Int, _ json: UnsafeBufferPointer<UInt8>?, handingTo comparer: BatchedWork<StoredBatch>) {
        if let json {
            let start = bytes.count
            bytes.append(contentsOf: json)
            entries.append((index, start..<bytes.count))
        } else {
            entries.append((index, nil))
        }
        guard entries.count == Self.size else { return }
        comparer.add(self)
        self = StoredBatch(sequence: sequence + 1)
    }
}
