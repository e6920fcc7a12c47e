import Foundation
import IntakeRunner
import Testing

/// A change's fields: a dictionary's behaviour, kept in name order.
struct SortedFieldsTests {
    @Test func behavesAsADictionaryInNameOrder() {
        var fields = SortedFields<Int>()
        var reference: [String: Int] = [:]
        // Added in every order, set again, removed: always the dictionary's contents, sorted.
        let names = ["Zulu", "alpha", "Alpha", "b", "Région", "a b", "", "Zulu", "mid"]
        for (step, name) in names.enumerated() {
            fields[name] = step
            reference[name] = step
            if step % 3 == 2 {
                let gone = names[step / 2]
                fields[gone] = nil
                reference[gone] = nil
            }
            #expect(fields.keys == reference.keys.sorted())
            #expect(fields.dictionary == reference)
            for key in names { #expect(fields[key] == reference[key]) }
        }
        fields["not there"] = nil
        #expect(fields.count == reference.count && !fields.isEmpty)
    }

    @Test func namesCompareAsStrings() {
        // NFC and NFD spellings are the same dictionary key, so the same field.
        var fields: SortedFields<String> = ["R\u{E9}gion": "nfc"]
        fields["Re\u{301}gion"] = "nfd"
        #expect(fields.count == 1)
        #expect(fields["R\u{E9}gion"] == "nfd")
        #expect(fields.keys == ["R\u{E9}gion"], "the name keeps its first spelling, as a dictionary key does")
        let literal: SortedFields<Int> = ["b": 1, "a": 2, "b": 3]
        #expect(literal.entries.map(\.key) == ["a", "b"] && literal["b"] == 3, "a repeated name keeps its last value")
    }

    @Test func equalityAndDescription() {
        let a: SortedFields<Int> = ["x": 1, "y": 2]
        let b: SortedFields<Int> = ["y": 2, "x": 1]
        #expect(a == b)
        #expect(a != ["x": 1])
        #expect(a != ["x": 1, "y": 3])
        #expect(a.description == #"["x": 1, "y": 2]"#)
        #expect(SortedFields<Int>().description == "[:]")
        #expect(a.mapValues { $0 * 10 } == ["x": 10, "y": 20])
        #expect(SortedFields(["q": 1, "p": 2]).keys == ["p", "q"])
    }

    @Test func codesAsAJSONObject() throws {
        let fields: SortedFields<AttributeChange> = ["b": AttributeChange(old: nil, new: "2"), "a": AttributeChange(old: "1", new: nil)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(fields)
        #expect(String(decoding: json, as: UTF8.self)
            == #"{"a":{"default":null,"new":null,"old":"1"},"b":{"default":null,"new":"2","old":null}}"#)
        #expect(try JSONDecoder().decode(SortedFields<AttributeChange>.self, from: json) == fields)
    }
}
