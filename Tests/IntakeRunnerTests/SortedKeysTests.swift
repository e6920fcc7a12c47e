import Testing

@testable import IntakeRunner

/// Bisection over fences and one block finds exactly the keys present, by their bytes.
@Suite struct SortedKeysTests {
    /// Few fences (1,000 keys) and many (300,000: 4,688 of them, well past what one block holds).
    @Test(arguments: [1_000, 300_000])
    func findsEveryKeyAndNoOther(count: Int) {
        // Even numbers only, across many 64-key blocks, with non-ASCII keys at the end.
        let present = stride(from: 0, to: 2 * count, by: 2).map { String(format: "k%07d", $0) } + ["z-caf\u{E9}", "\u{E9}t\u{E9}"]
        let rows = present.enumerated().map { EvaluatedRow(line: $0.offset, key: $0.element, actions: []) }
        let keys = SortedKeys(rows)
        for (index, key) in present.enumerated() { #expect(keys.index(of: key) == index, "\(key)") }
        let odd = stride(from: 1, to: 2 * count, by: 2 * 97).map { String(format: "k%07d", $0) }
        for absent in ["", "a", "k0000001", "k0000063", "k0000128x", "k9999999", "z-cafe\u{301}", "\u{FFFF}"] + odd {
            #expect(keys.index(of: absent) == nil, "\(absent)")
        }
        #expect(SortedKeys([]).index(of: "k") == nil)
    }

    /// Keys that share a prefix and then tie on the eight bytes after it (the fences' integer
    /// abbreviations), keys that end inside those bytes, and searched keys outside the prefix.
    @Test func abbreviationsThatTieFallBackToTheBytes() {
        var present: [String] = []
        for n in 0..<3_000 {
            present.append("acct-\(n / 100)")
            present.append(String(format: "acct-%02d-region-eu-%04d", n / 100, n))
            present.append(String(format: "acct-%02d-region-eu-%04d\u{0}", n / 100, n))
        }
        present = Array(Set(present)).sorted { ByteOrder.less($0, $1) }
        let rows = present.enumerated().map { EvaluatedRow(line: $0.offset, key: $0.element, actions: []) }
        let keys = SortedKeys(rows)
        for (index, key) in present.enumerated() { #expect(keys.index(of: key) == index, "\(key)") }
        for absent in ["acct", "acct-", "acct-00-region-eu-000", "acct-29-region-eu-2999\u{0}\u{0}", "acct-99", "b", "", "accu"] {
            #expect(keys.index(of: absent) == nil, "\(absent)")
        }
    }

    /// The many-keys search, done in abbreviation order on every core, gives each key what a
    /// search of its own gives, in the order asked: present, absent, repeated, and outside
    /// the shared prefix.
    @Test func manyKeysAtOnceMatchOneByOne() {
        let present = (0..<40_000).map { String(format: "acct-%06d", $0 * 3) }
        let rows = present.enumerated().map { EvaluatedRow(line: $0.offset, key: $0.element, actions: []) }
        let keys = SortedKeys(rows)
        var generator = SystemRandomNumberGenerator()
        var asked = (0..<30_000).map { _ in String(format: "acct-%06d", Int.random(in: 0..<125_000, using: &generator)) }
        asked += ["", "acct", "acct-", "b-000003", "acct-000003", "acct-000003", present[0], present[present.count - 1], "\u{E9}t\u{E9}"]
        asked.shuffle(using: &generator)
        let found = keys.indices(of: asked)
        #expect(found.count == asked.count)
        for (key, index) in zip(asked, found) { #expect(index == (keys.index(of: key).map(Int32.init) ?? -1), "\(key)") }
        #expect(found.contains(-1) && found.contains { $0 >= 0 })
        #expect(SortedKeys([]).indices(of: ["acct-1"]) == [-1])
        #expect(keys.indices(of: []).isEmpty)
    }
}
