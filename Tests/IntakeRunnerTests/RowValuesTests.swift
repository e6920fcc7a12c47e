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

    /// `actions` set in slot order into a row built with `room` bytes for values.
    static func built(_ actions: [FieldAction?], room: Int) -> RowValues {
        var values = RowValues(count: actions.count, valueBytes: room)
        for (slot, action) in actions.enumerated() {
            switch action {
            case nil: break
            case .set(let value, let fired)?: values.set(slot, value, fired: fired)
            case .delete(let fired)?: values.delete(slot, fired: fired)
            }
        }
        return values
    }

    /// A row built tiny (room for at most 255 bytes) reads back as one built narrow: every
    /// action, value and fingerprint, compacted or not, and through its packed bytes; it is
    /// smaller while its values fit 255 bytes, and the same size as narrow once they do not.
    @Test(arguments: [0, 200, 255 - 42, 256 - 42, 300])
    func tinyRowsReadBackAsNarrowOnes(padding: Int) {
        var actions = Self.actions
        actions[1] = .set(String(repeating: "p", count: padding), fired: nil)
        let live = actions.reduce(0) { total, action in
            if case .set(let value, _)? = action { return total + value.utf8.count }
            return total
        }
        #expect(padding != 255 - 42 || live == 255)
        let fingerprint = RowFingerprint(high: 0x0102_0304_0506_0708, low: 0x1112_1314_1516_1718)
        var narrow = Self.built(actions, room: 300)
        var tiny = Self.built(actions, room: 64)
        narrow.attach(fingerprint)
        tiny.attach(fingerprint)
        for values in [tiny, tiny.withPacked { RowValues(packed: $0) }] {
            #expect((0..<actions.count).map(values.action) == actions)
            #expect((0..<actions.count).map(values.hasValue) == (0..<actions.count).map(narrow.hasValue))
            #expect(values.fingerprint == fingerprint)
        }
        // 2 bytes of count, a tag and an end per slot, the values, the fingerprint.
        #expect(tiny.withPacked(\.count) == (live <= 255 ? 2 + actions.count * 2 + live + 16 : narrow.withPacked(\.count)))
        tiny.compact()
        narrow.compact()
        #expect((0..<actions.count).map(tiny.action) == actions && tiny.fingerprint == fingerprint)
        #expect(live > 255 || tiny.footprint < narrow.footprint)
    }

    /// A tiny row set out of slot order, set again, or losing a value is rewritten narrow and
    /// keeps every other slot; deleting an empty slot keeps it tiny.
    @Test func tinyRowsSetOutOfOrderKeepEverySlot() {
        var values = RowValues(count: 6, valueBytes: 32)
        values.set(1, "one", fired: nil)
        values.delete(0, fired: .delete)
        values.delete(4, fired: nil)
        values.set(3, "three", fired: .value)
        let tinySize = values.withPacked(\.count)
        #expect(tinySize == 2 + 6 * 2 + 8)
        values.set(2, "two, late", fired: nil)
        values.set(1, "one again", fired: .today)
        values.delete(3, fired: nil)
        values.set(5, "", fired: nil)
        let expected: [FieldAction?] = [
            .delete(fired: .delete), .set("one again", fired: .today), .set("two, late", fired: nil), .delete(fired: nil),
            .delete(fired: nil), .set("", fired: nil),
        ]
        #expect((0..<6).map(values.action) == expected)
        #expect(values.withPacked(\.count) > tinySize)
        var empty = RowValues(count: 3)
        empty.set(2, "last", fired: nil)
        empty.set(0, "first", fired: nil)
        #expect((0..<3).map(empty.action) == [.set("first", fired: nil), nil, .set("last", fired: nil)])
    }

    /// Deleting a value of a tiny row after its fingerprint keeps the fingerprint last.
    @Test func aFingerprintedTinyRowLosingAValueKeepsItsFingerprint() {
        var values = RowValues(count: 3, valueBytes: 16)
        values.set(0, "acct-1", fired: nil)
        values.set(2, "EMEA", fired: nil)
        let fingerprint = RowFingerprint(high: 0xAB00_0000_0000_0001, low: 42)
        values.attach(fingerprint)
        values.delete(0, fired: .delete)
        #expect((0..<3).map(values.action) == [.delete(fired: .delete), nil, .set("EMEA", fired: nil)])
        #expect(values.fingerprint == fingerprint)
    }
}

