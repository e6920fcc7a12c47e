import Foundation
import Testing

@testable import IntakeRunner

@Suite struct FieldsJSONTests {
    @Test func encodesWithSortedKeysAndEscapes() {
        #expect(FieldsJSON.encode([:]) == "{}")
        #expect(FieldsJSON.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
        #expect(FieldsJSON.encode(["q": "\"\\\n\u{1}é"]) == #"{"q":"\"\\\n\u0001é"}"#)
    }

    @Test(arguments: [
        [:], ["a": ""], ["name": "value", "other": "x"],
        ["esc": "\" \\ / \n \r \t \u{0} \u{8} \u{C} \u{1F}", "uni": "é 日本 🎉 \u{FFFF}"],
    ])
    func roundTrips(_ fields: [String: String]) throws {
        let text = FieldsJSON.encode(fields)
        #expect(FieldsJSON.decode(text) == fields)
        // Foundation reads what we write the same way.
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(foundation == fields)
    }

    @Test func readsForeignButValidLayouts() throws {
        #expect(FieldsJSON.decode(#" { "a" : "x\u00e9\ud83c\udf89\/" , "b":"" } "#) == ["a": "xé🎉/", "b": ""])
        // Not strings: the fast path refuses, Foundation decides.
        #expect(FieldsJSON.decode(#"{"a":1}"#) == nil)
        #expect(FieldsJSON.decode(#"{"a":"x"} trailing"#) == nil)
        #expect(FieldsJSON.decode(#"{"a":"\ud83c"}"#) == nil)
        #expect(FieldsJSON.decode("[]") == nil)
        #expect(FieldsJSON.decode("") == nil)
    }
}
