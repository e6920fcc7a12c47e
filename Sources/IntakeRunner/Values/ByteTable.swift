/// ASCII keys, each with the bytes it stands for, found from a cell's bytes without making a
/// `String` of it: a column's `map`, or the values of a `list`.
///
/// Held by a coercer every core shares, so it owns raw memory instead of arrays: reading it
/// takes no reference count. Copies share that memory; the owner frees it once
/// (`deallocate()`), when it is freed itself, and an output is copied before the owner can go.
struct ByteTable: @unchecked Sendable {
    /// What a cell found.
    enum Match {
        /// No key has the cell's bytes.
        case none
        /// A key does, but its result needs the `String` path (a value the type rejects).
        case slow
        /// A key does; these bytes are what it stands for (empty: the cell counts as empty).
        case output(UnsafeBufferPointer<UInt8>)
    }

    /// The keys' bytes end to end, keys in byte order, then the outputs' bytes.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Per key: its end in `bytes`, then its output's start and end (start -1: `slow`).
    private let offsets: UnsafeMutableBufferPointer<Int>
    /// How many keys there are.
    private let count: Int
    /// The longest key: a longer cell matches none.
    private let longest: Int

    /// A table of `entries` (output nil: `slow`); where keys repeat, the first entry wins.
    /// Keys are ASCII; `folded` tables hold lower-case keys and match cells whatever their case.
    init(_ entries: [(key: String, output: String?)]) {
        var seen = Set<[UInt8]>()
        let unique = entries.map { (key: Array($0.key.utf8), output: $0.output.map { Array($0.utf8) }) }.filter { seen.insert($0.key).inserted }
        let sorted = unique.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        count = sorted.count
        longest = sorted.map(\.key.count).max() ?? 0
        let keyBytes = sorted.flatMap(\.key)
        bytes = .allocate(capacity: keyBytes.count + sorted.reduce(0) { $0 + ($1.output?.count ?? 0) })
        offsets = .allocate(capacity: 3 * count)
        var end = bytes.initialize(from: keyBytes).1
        var keyEnd = 0
        for (index, entry) in sorted.enumerated() {
            keyEnd += entry.key.count
            offsets[3 * index] = keyEnd
            guard let output = entry.output else {
                (offsets[3 * index + 1], offsets[3 * index + 2]) = (-1, -1)
                continue
            }
            offsets[3 * index + 1] = end
            for byte in output {
                bytes[end] = byte
                end += 1
            }
            offsets[3 * index + 2] = end
        }
    }

    /// Frees the table; called once, by its owner's `deinit`.
    func deallocate() {
        bytes.deallocate()
        offsets.deallocate()
    }

    /// The entry whose key has `cell`'s bytes (`folding`: ASCII letters in any case).
    func match(_ cell: UnsafeBufferPointer<UInt8>, folding: Bool = false) -> Match {
        guard cell.count <= longest else { return .none }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            let start = middle == 0 ? 0 : offsets[3 * (middle - 1)]
            let order = Self.compare(UnsafeBufferPointer(rebasing: bytes[start..<offsets[3 * middle]]), cell, folding: folding)
            if order < 0 {
                low = middle + 1
            } else if order > 0 {
                high = middle
            } else {
                let (from, to) = (offsets[3 * middle + 1], offsets[3 * middle + 2])
                return from < 0 ? .slow : .output(UnsafeBufferPointer(rebasing: bytes[from..<to]))
            }
        }
        return .none
    }

    /// Byte order of `key` and `cell` (its letters lower-cased when `folding`).
    private static func compare(_ key: UnsafeBufferPointer<UInt8>, _ cell: UnsafeBufferPointer<UInt8>, folding: Bool) -> Int {
        for index in 0..<min(key.count, cell.count) {
            var byte = cell[index]
            if folding, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if key[index] != byte { return key[index] < byte ? -1 : 1 }
        }
        return key.count - cell.count
    }
}
