/// A set of small non-negative integers (lines, row indices), a bit each: ten million rows'
/// lines take 1.25 MB, where an array of them took 80.
struct BitSet: Sendable {
    private var words: [UInt64] = []
    /// Members.
    private(set) var count = 0

    /// Empty; `capacity` members fit without growing.
    init(capacity: Int = 0) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// Whether `member` is in the set.
    func contains(_ member: Int) -> Bool {
        let word = member >> 6
        return member >= 0 && word < words.count && words[word] & (1 << UInt64(member & 63)) != 0
    }

    /// Adds `member` (not negative).
    mutating func insert(_ member: Int) {
        precondition(member >= 0, "a bit set holds no negative member")
        let word = member >> 6
        if word >= words.count { words += [UInt64](repeating: 0, count: max(word + 1 - words.count, words.count)) }
        let bit: UInt64 = 1 << UInt64(member & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    /// Removes `member`, if it is one.
    mutating func remove(_ member: Int) {
        guard contains(member) else { return }
        words[member >> 6] &= ~(1 << UInt64(member & 63))
        count -= 1
    }
}
