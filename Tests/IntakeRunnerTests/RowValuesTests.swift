import Testing

@testable import IntakeRunner

/// `RowValues` packs a row's actions into one byte array; every action must come back as it went in.
struct RowValuesTests {
    static let actions: [FieldAction?] = [
        .set("acct-1", fired: nil), nil, .set("", fired: .value), .delete(fired: .delete), .delete(fired: nil),
        .set("2026-11-26T00:00:00Z", fired: .today), .set("e\u{301} \u{1F600} \"q\" \\ \n", fired: nil), nil,
    ]

    @Test func actionsComeBackAsTheyWentIn() {
        let values = RowValues(Self.actions)
        #expect(values.count == Self.actions.count)
        for (slot, action) in Self.actions.enumerated() {
            #expect(values.action(slot) == action, "slot \(slot)")
            if case .set(let value, _)? = action {
                #expect(values.value(slot).map { Array($0.utf8) } == Array(value.utf8), "bytes, not canonical equivalence")
                #expect(values.hasValue(slot) == !value.isEmpty)
            } else {
                #expect(values.value(slot) == nil && !values.hasValue(slot))
            }
        }
        #expect(values.tag(1) == .untouched && values.tag(3) == .delete(.delete) && values.tag(5) == .set(.today))
    }

    @Test func aSlotSetAgainTakesTheNewValue() {
        var values = RowValues(count: 3, valueBytes: 0)
        values.set(1, "first", fired: nil)
        values.set(1, "a longer second value", fired: .value)
        values.delete(2, fired: .delete)
        values.set(2, "back", fired: nil)
        #expect(values.action(0) == nil)
        #expect(values.action(1) == .set("a longer second value", fired: .value))
        #expect(values.action(2) == .set("back", fired: nil))
    }

    /// Values up to 64 KiB keep two-byte positions; the byte past that rewrites the row with
    /// four-byte ones, keeping what was set before.
    @Test(arguments: [65_535 - 15, 65_535 - 14, 70_000])
    func aRowOutgrowingTwoBytePositionsKeepsItsValues(lastLength: Int) {
        var values = RowValues(count: 4, valueBytes: 16)
        values.set(0, "acct-1", fired: nil)
        values.delete(1, fired: .delete)
        values.set(2, "today-ish", fired: .today)
        let last = String(repeating: "y", count: lastLength)
        values.set(3, last, fired: nil)
        #expect(values.action(0) == .set("acct-1", fired: nil))
        #expect(values.action(1) == .delete(fired: .delete))
        #expect(values.action(2) == .set("today-ish", fired: .today))
        #expect(values.value(3) == last)
        values.set(0, "acct-2", fired: .value)
        #expect(values.action(0) == .set("acct-2", fired: .value))
        #expect(values.value(3) == last)
        var compacted = values
        compacted.compact()
        #expect((0..<4).map(compacted.action) == (0..<4).map(values.action))
    }

    @Test func wideLayoutsAndLongValuesFit() {
        // More slots than one byte counts, values longer than a short string, bytes past 64 KiB.
        let long = String(repeating: "x", count: 70_000)
        var actions = [FieldAction?](repeating: nil, count: 1_002)
        actions[0] = .set(long, fired: nil)
        actions[300] = .set("three hundred", fired: nil)
        actions[1_001] = .delete(fired: .delete)
        let values = RowValues(actions)
        #expect(values.count == 1_002)
        #expect((0..<1_002).map(values.action) == actions)
        #expect(RowValues().count == 0)
        // Empty values (a skeleton that sets no checked field) read as untouched in any slot.
        #expect(RowValues().tag(5) == .untouched && RowValues().value(5) == nil && !RowValues().hasValue(5))
    }
}
