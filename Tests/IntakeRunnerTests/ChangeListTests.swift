import Foundation
import Testing

@testable import IntakeRunner

/// Changes set aside on disk read back as the very changes held in memory: by iteration, by
/// index and by range, with the fingerprints they keep, and written out as the same JSON.
@Suite struct ChangeListTests {
    /// Creates and updates with every kind of value: absent, empty, short, past 15 bytes,
    /// non-ASCII, quotes and newlines; some keep a fingerprint, some keys have two fields.
    static func sample(_ count: Int) -> [RecordChange] {
        (0..<count).map { n in
            let key = n % 4 == 0 ? "acct-\(n) / région \(n % 3)" : "acct-\(n)"
            let keyFields: SortedFields<String> = n % 4 == 0 ? ["account_id": "acct-\(n)", "region": "région \(n % 3)"] : ["account_id": key]
            var attributes: SortedFields<AttributeChange> = [
                "Name": AttributeChange(old: n % 2 == 0 ? nil : "Old name \(n)", new: "New \"name\"\n\(n) 🎉", default: nil),
                "Tier": AttributeChange(old: n % 3 == 0 ? "" : "gold", new: n % 5 == 0 ? nil : "", default: n % 5 == 0 ? "delete" : nil),
            ]
            if n % 7 == 0 { attributes["Renewal"] = AttributeChange(old: nil, new: "2027-01-0\(n % 9 + 1)", default: "today") }
            var change = RecordChange(key: key, keyFields: keyFields, action: n % 3 == 0 ? .create : .update, line: n * 1_000 + 2, attributes: attributes)
            if n % 2 == 1 { change.keep(RowFingerprint(high: UInt64(n) << 7 | 0xABCD_0000_0000, low: UInt64(n) &* 0x9E37_79B9_7F4A_7C15)) }
            return change
        }
    }

    /// `changes` set aside in a file of their own.
    static func setAside(_ changes: [RecordChange]) throws -> ChangeList {
        let stored = try StoredChanges(directory: FileManager.default.temporaryDirectory)
        // In a few appends, as the store comparison hands them over.
        for start in stride(from: 0, to: changes.count, by: 1_000) { try stored.append(changes[start..<min(start + 1_000, changes.count)]) }
        try stored.seal()
        return ChangeList(stored: stored)
    }

    @Test func setAsideChangesReadBackAsHeld() throws {
        var changes = Self.sample(3_001)
        // One change longer than a cursor's buffer.
        changes[1_500].attributes["Notes"] = AttributeChange(old: nil, new: String(repeating: "n", count: 300_000), default: nil)
        let held = ChangeList(changes)
        let aside = try Self.setAside(changes)
        #expect(aside.isSetAside && !held.isSetAside)
        #expect(aside == held)
        #expect(Array(aside) == changes)
        #expect(aside.keys == changes.map(\.key) && held.keys == aside.keys)
        // Changes on and off the every-64th ones whose places are held.
        for index in [0, 1, 63, 64, 65, 999, 1_000, 1_500, 3_000] { #expect(aside[index] == changes[index]) }
        for range in [0..<0, 0..<1, 17..<2_048, 64..<128, 1_499..<1_502, 2_990..<3_001, 3_001..<3_001] {
            var slice = aside.changes(in: range)
            var read: [RecordChange] = []
            while let change = slice.next() { read.append(change) }
            #expect(read == Array(changes[range]))
        }
        // What `==` leaves out: the fingerprint bits go to disk and back too.
        for (index, change) in aside.enumerated() { #expect(change.sourceFingerprint(tag: 0xABCD) == changes[index].sourceFingerprint(tag: 0xABCD)) }
        #expect(aside.creates == held.creates && held.creates == changes.filter { $0.action == .create }.count)
        for action in [RecordChange.Action.create, .update] {
            #expect(aside.positions(of: action, first: 50) == held.positions(of: action, first: 50))
        }
    }

    /// Changes held in the uneven chunks the store comparison found them in, empty ones too,
    /// read as one array: by index, iteration, ranges across chunks, keys, actions and JSON.
    @Test func changesHeldInChunksReadAsOneArray() throws {
        let changes = Self.sample(3_001)
        var chunks: [[RecordChange]] = [[]]
        var start = 0
        for (n, length) in [1, 0, 999, 1_000, 0, 7, 993, 1].enumerated() {
            chunks.append(Array(changes[start..<(start + length)]))
            start += length
            if n == 3 { chunks.append([]) }
        }
        #expect(start == changes.count)
        let chunked = ChangeList(chunks: chunks)
        let flat = ChangeList(changes)
        #expect(chunked.count == changes.count && chunked == flat && Array(chunked) == changes)
        for index in [0, 1, 2, 999, 1_000, 1_999, 2_000, 2_006, 2_007, 3_000] { #expect(chunked[index] == changes[index]) }
        for range in [0..<0, 0..<1, 1..<2, 1..<1_000, 17..<2_048, 1_999..<2_008, 2_990..<3_001, 3_001..<3_001] {
            var slice = chunked.changes(in: range)
            var read: [RecordChange] = []
            while let change = slice.next() { read.append(change) }
            #expect(read == Array(changes[range]), "\(range)")
        }
        #expect(chunked.keys == changes.map(\.key))
        #expect((0..<changes.count).allSatisfy { chunked.action(at: $0) == changes[$0].action })
        #expect(chunked.changes(ofAttribute: "Renewal").map(\.position) == flat.changes(ofAttribute: "Renewal").map(\.position))
        var changeset = ChangesetJSONTests.sample
        changeset.changes = chunked
        var single = changeset
        single.changes = flat
        #expect(try ChangesetEncoder.encode(changeset) == ChangesetEncoder.encode(single))
        #expect(ChangeList(chunks: []).isEmpty && ChangeList(chunks: [[], []]).isEmpty)
    }

    /// One attribute's changes with their keys, the keys alone, and each change's action, read
    /// from a file without decoding the rest, are those of the changes held.
    @Test(arguments: ["Renewal", "Tier", "Missing"])
    func keysWithAnAttributeAndActionsReadAsHeld(name: String) throws {
        let changes = Self.sample(2_500)
        let expected = changes.enumerated().compactMap { position, change in change.attributes[name].map { (position, change.key, $0) } }
        for list in [ChangeList(changes), try Self.setAside(changes)] {
            #expect(list.keys == changes.map(\.key))
            let found = list.changes(ofAttribute: name)
            #expect(found.map(\.position) == expected.map(\.0) && found.map(\.key) == expected.map(\.1) && found.map(\.change) == expected.map(\.2))
            #expect(list.indices.map(list.action(at:)) == changes.map(\.action))
        }
    }

    /// A change larger than a cursor's buffer (a quarter of a megabyte) reads back whole, and
    /// so do the changes after it.
    @Test func aChangeLongerThanTheBufferReadsBack() throws {
        var changes = Self.sample(10)
        changes[4].attributes["Notes"] = AttributeChange(old: nil, new: String(repeating: "é", count: 300_000))
        #expect(Array(try Self.setAside(changes)) == changes)
    }

    /// Written with its changes on disk, a changeset is the same JSON, in slices on every core
    /// (past 8,192 changes) or in one piece.
    @Test(arguments: [100, 20_011])
    func aChangesetWithChangesSetAsideWritesTheSameBytes(count: Int) throws {
        var held = ChangesetJSONTests.sample
        held.changes = ChangeList(Self.sample(count))
        var aside = held
        aside.changes = try Self.setAside(Self.sample(count))
        let data = try ChangesetEncoder.encode(held)
        #expect(try ChangesetEncoder.encode(aside) == data)
        var streamed = Data()
        ChangesetEncoder.stream(aside) { streamed.append($0) }
        #expect(streamed == data)
        #expect(try ChangesetEncoder.decode(data) == aside)
    }

    /// Stored bytes that are cut short, run on, or carry unknown flags read as nothing.
    @Test func malformedStoredBytesAreRefused() {
        var bytes: [UInt8] = []
        Self.sample(8)[7].store(into: &bytes)
        #expect(bytes.withUnsafeBytes { RecordChange.stored($0) } == Self.sample(8)[7])
        #expect(bytes.withUnsafeBytes { RecordChange.storedKey($0) } == Self.sample(8)[7].key)
        #expect(bytes[0..<14].withUnsafeBytes { RecordChange.storedKey($0) } == nil)
        let name = Array("Tier".utf8)
        let read = name.withUnsafeBytes { name in bytes.withUnsafeBytes { RecordChange.storedKey($0, attribute: name) } }
        #expect(read?.key == Self.sample(8)[7].key && read?.attribute == Self.sample(8)[7].attributes["Tier"])
        for cut in [20, bytes.count - 1] {
            #expect(name.withUnsafeBytes { name in bytes[0..<cut].withUnsafeBytes { RecordChange.storedKey($0, attribute: name) } } == nil, "cut at \(cut)")
        }
        for cut in [0, 1, 12, bytes.count / 2, bytes.count - 1] {
            #expect(bytes[0..<cut].withUnsafeBytes { RecordChange.stored($0) } == nil, "cut at \(cut)")
        }
        #expect((bytes + [0]).withUnsafeBytes { RecordChange.stored($0) } == nil)
        var badAction = bytes
        badAction[0] = 2
        #expect(badAction.withUnsafeBytes { RecordChange.stored($0) } == nil)
    }
}
