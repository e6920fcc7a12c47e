import Testing

@testable import IntakeRunner

/// Applying changes to stored records: written from the stored bytes where they are plain and
/// canonical, decoded otherwise, and in both cases the JSON and digest of the decoded record.
@Suite struct AppliedRecordsTests {
    static let values = ["", "EMEA", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u{1}\u{1f}ctl", "Zürich", "Zu\u{308}rich", "🙂 x"]

    /// Stored records of every kind: canonical, non-ASCII names, spaced (not canonical), invalid UTF-8, none.
    static func storedRecords() -> [[UInt8]?] {
        var records: [[UInt8]?] = values.map { value in
            FieldsJSON.encodedBytes(["account_id": "A", "Beta": value, "Mid": "m " + value, "Zeta": value + "!"])
        }
        records.append(FieldsJSON.encodedBytes([:]))
        records.append(FieldsJSON.encodedBytes(["Région": "x", "Beta": "y"]))
        records.append(Array(#"{ "Beta" : "spaced", "account_id":"A" }"#.utf8))
        records.append(Array(#"{"Beta":"a"#.utf8) + [0xFF] + Array(#"b","account_id":"A"}"#.utf8))
        records.append(nil)
        return records
    }

    /// Changes setting, clearing and adding fields before, between and after the stored ones.
    static func changes(_ key: String) -> [RecordChange] {
        values.enumerated().map { index, value in
            var attributes: SortedFields<AttributeChange> = [
                "Beta": AttributeChange(old: nil, new: index % 3 == 0 ? nil : value),
                "Aardvark": AttributeChange(old: nil, new: value),
                "Zulu": AttributeChange(old: nil, new: index % 2 == 0 ? value : nil),
            ]
            if index % 4 == 0 { attributes["Région"] = AttributeChange(old: nil, new: "r") }
            // A key field the attributes also name: the key field's value wins.
            if index % 5 == 0 { attributes["account_id"] = AttributeChange(old: nil, new: "not the key") }
            return RecordChange(key: key, keyFields: ["account_id": key], action: .update, line: 2, attributes: attributes)
        }
    }

    @Test func mergedRecordsAndDigestAreThoseOfTheDecodedRecords() throws {
        var changes: [RecordChange] = []
        var stored: [[UInt8]?] = []
        // Enough rounds for several chunks: merged on the other cores while the first are written.
        while changes.count < 5_000 {
            for (index, record) in Self.storedRecords().enumerated() {
                for change in Self.changes(String(format: "k%03d", index)) {
                    changes.append(RecordChange(
                        key: "\(change.key)-\(changes.count)", keyFields: ["account_id": "\(change.key)-\(changes.count)"],
                        action: record == nil ? .create : .update, line: 2, attributes: change.attributes))
                    stored.append(record)
                }
            }
        }
        let decoded = stored.map { $0.map { bytes in bytes.withUnsafeBufferPointer { FieldsJSON.decode(bytes: $0)! } } }
        let applied = try AppliedRecords.merge(ChangeList(changes), stored: stored)
        for (index, change) in changes.enumerated() {
            var fields = decoded[index] ?? [:]
            for (name, attribute) in change.attributes { fields[name] = attribute.new }
            for (name, value) in change.keyFields { fields[name] = value }
            #expect(applied.merged[index] == FieldsJSON.encodedBytes(fields), "change \(index)")
        }
        #expect(applied.digest == RecordDigest.compute(keys: changes.map(\.key)) { RecordDigest.part(decoded[$0]) })
    }

    private struct WriteFailed: Error {}

    @Test func theWriterGetsEveryRecordInOrderUntilTheFirstFailure() throws {
        let changes = (0..<40_000).map { index in
            RecordChange(key: String(format: "k%05d", index), keyFields: ["account_id": String(format: "k%05d", index)],
                         action: .update, line: index + 2, attributes: ["Region": AttributeChange(old: nil, new: "r\(index)")])
        }
        let stored = changes.map { FieldsJSON.encodedBytes(["account_id": $0.key, "Tier": "gold"]) as [UInt8]? }
        var written: [Int] = []
        // Held, or set aside on disk and read a chunk at a time.
        for list in [ChangeList(changes), try ChangeListTests.setAside(changes)] {
            written = []
            _ = try AppliedRecords.merge(list, keys: changes.map(\.key), stored: stored) { index, change, json in
                #expect(change == changes[index])
                written.append(index)
                #expect(FieldsJSON.decode(bytes: json)?["Region"] == "r\(index)")
            }
            #expect(written == Array(0..<40_000), "slots are reused in turn: every record is its own change's")
        }
        // A write that fails stops the merge there, however far the other cores got; so does an
        // unreadable stored record, named by its change. Held, or read from disk by the lanes
        // while the writer gives up.
        let keys = changes.map(\.key)
        for list in [ChangeList(changes), try ChangeListTests.setAside(changes)] {
            written = []
            #expect(throws: WriteFailed.self) {
                _ = try AppliedRecords.merge(list, keys: keys, stored: stored) { index, _, _ in
                    if index == 3_000 { throw WriteFailed() }
                    written.append(index)
                }
            }
            #expect(written == Array(0..<3_000))
            var unreadable = stored
            unreadable[34_500] = Array("[1]".utf8)
            written = []
            #expect {
                _ = try AppliedRecords.merge(list, keys: keys, stored: unreadable) { index, _, _ in written.append(index) }
            } throws: { ($0 as? AppliedRecords.Unreadable)?.index == 34_500 }
            #expect(written == Array(0..<34_500))
        }
    }

    @Test func anUnreadableRecordNamesItsChange() {
        let change = RecordChange(key: "k", keyFields: ["account_id": "k"], action: .update, line: 2, attributes: [:])
        #expect(throws: AppliedRecords.Unreadable.self) {
            try AppliedRecords.merge([change, change], stored: [FieldsJSON.encodedBytes([:]), Array("[1]".utf8)])
        }
    }
}
