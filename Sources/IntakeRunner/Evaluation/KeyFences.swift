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
    /// `keys` in the order to search them in, on every core: each key's position (the low 32
    /// bits) with the block it would be in (`last(notAfter:)`, plus one, above them), sorted,
    /// so the keys of a block are searched one after another, and a search starts at its block.
    ///
    /// Eight bytes a key: pairs of an abbreviation and a position took sixteen, and as many
    /// again in the sort's buffer, the cross-checks' peak (2.2 million parents at ten million rows).
    func searchOrder<Keys: RandomAccessCollection<String> & Sendable>(of keys: Keys) -> [UInt64] where Keys.Index == Int {
        guard !keys.isEmpty else { return [] }
        precondition(keys.count <= UInt32.max, "positions are packed in 32 bits")
        let parts = keys.count < 8_192 ? 1 : Parallel.threads * 4
        var order = [UInt64](unsafeUninitializedCapacity: keys.count) { buffer, count in
            let out = Packed(base: buffer.baseAddress!)
            Parallel.forEach(parts, serialBelow: 2, { part in
                for position in (keys.count * part / parts)..<(keys.count * (part + 1) / parts) {
                    out.base[position] = UInt64(UInt32(last(notAfter: keys[position]) + 1)) << 32 | UInt64(UInt32(position))
                }
            }, { _, _ in })
            count = keys.count
        }
        order.sort()
        return order
    }

    /// The block of a key in `searchOrder`; -1 for none.
    static func block(_ packed: UInt64) -> Int { Int(packed >> 32) - 1 }

    /// The position of a key in `searchOrder`.
    static func position(_ packed: UInt64) -> Int { Int(packed & 0xFFFF_FFFF) }

    /// Where the parts of `searchOrder` write, each core at its own positions.
    private struct Packed: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt64>
    }
}

/// The results of a search in `searchOrder`, each written by the core that searched it at the
/// key's own position.
struct SearchResults: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Int32>

    /// Runs `search` over `order`'s ranks in `parts` parts on every core, into an array of
    /// `count` results (-1 where `search` gives none); the first error thrown.
    static func run<Failure: Error>(
        _ order: [UInt64], count: Int, parts: Int, _ search: @Sendable (Range<Int>, SearchResults) throws(Failure) -> Void
    ) throws(Failure) -> [Int32] {
        guard count > 0 else { return [] }
        var error: Failure?
        let indices = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: -1)
            let results = SearchResults(base: buffer.baseAddress!)
            let failures = Parallel.map(parts, serialBelow: 2) { part -> Failure? in
                do throws(Failure) {
                    try search((order.count * part / parts)..<(order.count * (part + 1) / parts), results)
                    return nil
                } catch {
                    return error
                }
            }
            error = failures.lazy.compactMap { $0 }.first
            initialized = count
        }
        if let error { throw error }
        return indices
    }

    /// Sets the result of the key at `position`.
    func set(_ position: Int, _ index: Int?) {
        base[position] = index.map(Int32.init) ?? -1
    }
}
