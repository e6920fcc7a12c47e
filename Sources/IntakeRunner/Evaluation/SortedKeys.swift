/// The keys of rows sorted in UTF-8 byte order, searched by bisection: no million-entry hash set.
///
/// Every 64th key is copied into `fences`, small enough to stay in cache: a search bisects
/// the fences, then one block of 64 neighbouring keys, instead of jumping across the whole
/// array (at 9M keys, 23 cache misses per search). Each fence is also abbreviated to the
/// eight bytes that follow the prefix every key shares (`acct-`), as one integer: the fence
/// bisection compares integers, and strings only where two abbreviations tie. At ten million
/// keys its 17 string comparisons per search were most of the cross-checks' time.
struct SortedKeys: Sendable {
    /// The rows themselves, not a copy of their keys: at ten million rows that was 160 MB
    /// more at the cross-checks' peak.
    private let rows: [EvaluatedRow]
    private let fences: [String]
    private let shared: [UInt8]
    private let abbreviated: [UInt64]
    private static let block = 64

    init(_ rows: [EvaluatedRow]) {
        self.rows = rows
        let fences = stride(from: 0, to: rows.count, by: Self.block).map { rows[$0].key }
        self.fences = fences
        // Sorted keys between the first and the last share what those two share.
        let (first, last) = (Array((rows.first?.key ?? "").utf8), Array((rows.last?.key ?? "").utf8))
        let shared = Array(zip(first, last).prefix { $0 == $1 }.map(\.0))
        self.shared = shared
        abbreviated = fences.map { Self.abbreviate($0, skipping: shared.count) }
    }

    /// The eight bytes of `key` after its first `count`, big-endian, zero past its end: when two
    /// keys' differ, so do the keys, in the same order (a key that ends first sorts first).
    private static func abbreviate(_ key: String, skipping count: Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 56
        for byte in key.utf8.dropFirst(count).prefix(8) {
            value |= UInt64(byte) << shift
            shift &-= 8
        }
        return value
    }

    func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// `index(of:)` of each of `keys` (-1 where it is none of the rows'), on every core.
    ///
    /// The keys are searched in the order of their abbreviations, so each search lands near
    /// the one before it, in cache. Ten million rows' parents searched in row order jumped
    /// across the whole array, a cache and TLB miss each: 27 times a million rows' time.
    func indices(of keys: [String]) -> [Int32] {
        var order = keys.indices.map { position in
            let key = keys[position]
            // Keys without the shared prefix sort first; where they go changes no result.
            return (key.utf8.starts(with: shared) ? Self.abbreviate(key, skipping: shared.count) : 0, Int32(position))
        }
        order.sort { $0.0 < $1.0 }
        let found = Parallel.map(order.count, serialBelow: 8_192) { [order] rank in
            index(of: keys[Int(order[rank].1)]).map(Int32.init) ?? -1
        }
        var indices = [Int32](repeating: -1, count: keys.count)
        for (rank, entry) in order.enumerated() { indices[Int(entry.1)] = found[rank] }
        return indices
    }

    /// The index of `key` among the rows, if it is one of theirs.
    func index(of key: String) -> Int? {
        // The last block whose first key is not after `key`.
        let fence = lastFence(notAfter: key)
        guard fence >= 0 else { return nil }
        let start = fence * Self.block
        let low = ByteOrder.firstIndex(notBefore: key, in: start..<min(start + Self.block, rows.count)) { rows[$0].key }
        // Bytes, as the store compares keys: canonically equal spellings are different keys.
        return low < rows.count && ByteOrder.equal(rows[low].key, key) ? low : nil
    }

    /// The last fence that does not sort after `key`; -1 if all do.
    private func lastFence(notAfter key: String) -> Int {
        guard key.utf8.starts(with: shared) else {
            return ByteOrder.firstIndex(notBefore: key, in: fences.indices, after: true) { fences[$0] } - 1
        }
        let wanted = Self.abbreviate(key, skipping: shared.count)
        var low = 0
        var high = fences.count
        while low < high {
            let mid = (low + high) / 2
            let fence = abbreviated[mid]
            let notAfter = fence != wanted ? fence < wanted : ByteOrder.compare(fences[mid], key) <= 0
            if notAfter { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}
