import Testing

@testable import IntakeRunner

/// Bisection over fences and one block finds exactly the keys present, by their bytes.
@Suite struct SortedKeysTests {
    @Test func findsEveryKeyAndNoOther() {
        // Even numbers only, across many 64-key blocks, with non-ASCII keys at the end.
        let present = stride(from: 0, to: 2_000, by: 2).map { String(format: "k%05d", $0) } + ["z-caf\u{E9}", "\u{E9}t\u{E9}"]
        let rows = present.enumerated().map { EvaluatedRow(line: $0.offset, key: $0.element, actions: []) }
        let keys = SortedKeys(rows)
        for (index, key) in present.enumerated() { #expect(keys.index(of: key) == index, "\(key)") }
        for absent in ["", "a", "k00001", "k00063", "k00128x", "k01999", "k99999", "z-cafe\u{301}", "\u{FFFF}"] {
            #expect(keys.index(of: absent) == nil, "\(absent)")
        }
        #expect(SortedKeys([]).index(of: "k") == nil)
    }
}
