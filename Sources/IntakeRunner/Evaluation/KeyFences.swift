/// Every 64th key of keys sorted in UTF-8 byte order, to find the block of 64 a key would be in.
///
/// The fences are few enough to stay in cache: a search bisects them, then one block of
/// neighbouring keys, instead of jumping across all of them (at 9M keys, 23 cache misses per
/// search). Each fence is also abbreviated to the eight bytes that follow the prefix every key
/// shares (`acct-`), as one integer: the bisection compares integers, and strings only where
/// two abbreviations tie. At ten million keys its 17 string comparisons per search were most
/// of the cross-checks' time.
struct KeyFences: Sendable {
    /// Keys a block holds.
    static let block = 64
    /// The first key of each block.
    let keys: [String]
    /// The bytes every key starts with.
    let shared: [UInt8]
    private let abbreviated: [UInt64]

    /// The fences of blocks starting with `keys`, of keys running from `first` to `last`.
    init(_ keys: [String], first: String, last: String) {
        self.keys = keys
        // Sorted keys between the first and the last share what those two share.
        let shared = Array(zip(first.utf8, last.utf8).prefix { $0 == $1 }.map(\.0))
        self.shared = shared
        abbreviated = keys.map { Self.abbreviate($0, skipping: shared.count) }
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

    /// An integer in `key`'s place among the keys: searching keys in this order, each lands
    /// near the one before. Keys without the shared prefix give 0; where they go changes no result.
    func order(of key: String) -> UInt64 {
        key.utf8.starts(with: shared) ? Self.abbreviate(key, skipping: shared.count) : 0
    }

    /// The last fence that does not sort after `key`; -1 if all do.
    func last(notAfter key: String) -> Int {
        guard key.utf8.starts(with: shared) else {
            return ByteOrder.firstIndex(notBefore: key, in: keys.indices, after: true) { keys[$0] } - 1
        }
        let wanted = Self.abbreviate(key, skipping: shared.count)
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            let fence = abbreviated[mid]
            let notAfter = fence != wanted ? fence < wanted : ByteOrder.compare(keys[mid], key) <= 0
            if notAfter { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

extension KeyFences {
    /// The positions of `keys` in the order to search them in (`order(of:)`).
    func searchOrder<Keys: RandomAccessCollection<String>>(of keys: Keys) -> [Int32] where Keys.Index == Int {
        var order = keys.indices.map { (self.order(of: keys[$0]), Int32($0)) }
        order.sort { $0.0 < $1.0 }
        return order.map(\.1)
    }
}
