import Foundation
import Testing

@testable import IntakeRunner

/// A change's one key field whose value is its key is held by name alone; it reads, writes,
/// sets aside and decodes as the full key fields do.
@Suite struct RecordChangeKeyFieldsTests {
    static func change(key: String, keyFields: SortedFields<String>) -> RecordChange {
        RecordChange(key: key, keyFields: keyFields, action: .update, line: 7, attributes: ["Region": AttributeChange(old: "APAC", new: "EMEA")])
    }

    @Test(arguments: [
        ("acct-1", ["account_id": "acct-1"]),
        // Canonically equal to the key but other bytes: kept as given, not taken from the key.
        ("caf\u{E9}", ["account_id": "cafe\u{301}"]),
        ("u-1 / 2026-11-26", ["user_id": "u-1", "date": "2026-11-26"]),
        ("", [:]),
    ] as [(String, SortedFields<String>)])
    func keyFieldsReadBackAsGiven(key: String, keyFields: SortedFields<String>) throws {
        let change = Self.change(key: key, keyFields: keyFields)
        #expect(change.keyFields.entries.map { [Array($0.key.utf8), Array($0.value.utf8)] } == keyFields.entries.map { [Array($0.key.utf8), Array($0.value.utf8)] })
        #expect(change.keyFieldCount == keyFields.count)
        var visited: [String] = []
        change.forEachKeyField { name, value in visited += [name, value] }
        #expect(visited == keyFields.entries.flatMap { [$0.key, $0.value] })
        var stored: [UInt8] = []
        change.store(into: &stored)
        let back = try #require(stored.withUnsafeBytes { RecordChange.stored($0) })
        #expect(back == change && back.keyFields.entries.map(\.value.utf8).map(Array.init) == keyFields.entries.map(\.value.utf8).map(Array.init))
        let json = try JSONEncoder().encode(change)
        #expect(try JSONDecoder().decode(RecordChange.self, from: json) == change)
        var fields: [String: String] = ["Region": "APAC"]
        change.apply(to: &fields)
        #expect(fields == ["Region": "EMEA"].merging(keyFields.entries.map { ($0.key, $0.value) }) { $1 })
    }

    /// Changing the key of a change held by name keeps the key field's value it had; setting
    /// key fields afterwards takes them as given.
    @Test func aNewKeyKeepsTheKeyFieldItHad() {
        var change = Self.change(key: "acct-1", keyFields: ["account_id": "acct-1"])
        change.key = "acct-2"
        #expect(change.keyFields == ["account_id": "acct-1"])
        change.keyFields = ["account_id": "acct-2"]
        #expect(change.keyFields == ["account_id": "acct-2"] && change.hasKeyField(named: "account_id") && !change.hasKeyField(named: "Region"))
        change.keyFields = [:]
        #expect(change.keyFields.isEmpty && change.keyFieldCount == 0)
    }
}
