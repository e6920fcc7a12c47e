/// The keys of rows sorted in UTF-8 byte order, searched by bisection (`KeyFences`): no
/// million-entry hash set.
struct SortedKeys: KeyIndex, Sendable {
    /// The rows themselves, not a copy of their keys: at ten million rows that was 160 MB
    /// more at the cross-checks' peak.
    private let rows: [EvaluatedRow]
    private let fences: KeyFences

    init(_ rows: [EvaluatedRow]) {
        self.rows = rows
        fences = KeyFences(
            stride(from: 0, to: rows.count, by: KeyFences.block).map { rows[$0].key }, first: rows.first?.key ?? "", last: rows.last?.key ?? "")
    }

    var count: Int { rows.count }

    func indices(of keys: Reference.Values) -> [Int32] { search(keys) }

    /// `index(of:)` of each of `keys` (-1 where it is none of the rows').
    func indices(of keys: [String]) -> [Int32] { search(keys) }

    /// `index(of:)` of each of `keys`, on every core.
    ///
    /// The keys are searched block by block (`KeyFences.searchOrder`), so each search lands
    /// near the one before it, in cache. Ten million rows' parents searched in row order jumped
    /// across the whole array, a cache and TLB miss each: 27 times a million rows' time.
    private func search<Keys: RandomAccessCollection<String> & Sendable>(_ keys: Keys) -> [Int32] where Keys.Index == Int {
        let order = fences.searchOrder(of: keys)
        let parts = order.count < 8_192 ? 1 : Parallel.threads * 8
        return SearchResults.run(order, count: keys.count, parts: parts) { ranks, results in
            for rank in ranks {
                let position = KeyFences.position(order[rank])
                results.set(position, index(of: keys[position], inBlock: KeyFences.block(order[rank])))
            }
        }
    }

    /// The index of `key` among the rows, if it is one of theirs.
    func index(of key: String) -> Int? {
        index(of: key, inBlock: fences.last(notAfter: key))
    }

    /// The index of `key` among the rows, if it is one of theirs, searched in the block that
    /// would hold it (-1 for none).
    private func index(of key: String, inBlock fence: Int) -> Int? {
        guard fence >= 0 else { return nil }
        let start = fence * KeyFences.block
        let low = ByteOrder.firstIndex(notBefore: key, in: start..<min(start + KeyFences.block, rows.count)) { rows[$0].key }
        // Bytes, as the store compares keys: canonically equal spellings are different keys.
        return low < rows.count && ByteOrder.equal(rows[low].key, key) ? low : nil
    }
}
