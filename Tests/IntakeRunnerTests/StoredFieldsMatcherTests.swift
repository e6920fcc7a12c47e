import Testing

@testable import IntakeRunner

/// The in-place comparison of a row with a stored record's bytes: exact when it answers, silent otherwise.
@Suite struct StoredFieldsMatcherTests {
    let layout = RowLayout(fields: ["account_id", "Region", "Note", "ARR"], key: ["account_id"])

    func row(_ actions: [FieldAction?]) -> EvaluatedRow { EvaluatedRow(line: 2, key: "A1", actions: actions) }

    func answer(_ row: EvaluatedRow, _ json: String) -> Bool? {
        var pairs: [StoredFieldsMatcher.Pair] = []
        return Array(json.utf8).withUnsafeBufferPointer { StoredFieldsMatcher(layout: layout).unchanged(row, json: $0, pairs: &pairs) }
    }

    @Test func equalValuesAndAbsentDeletesAreUnchanged() {
        let stored = FieldsJSON.encode(["account_id": "A1", "Region": "EMEA", "Note": "say \"hi\"\n\u{1}", "Other": "x"])
        let same = row([.set("A1", fired: nil), .set("EMEA", fired: nil), .set("say \"hi\"\n\u{1}", fired: nil), .delete(fired: nil)])
        #expect(answer(same, stored) == true)
        // A column the file lacks (nil) never counts.
        #expect(answer(row([.set("A1", fired: nil), nil, nil, nil]), stored) == true)
    }

    @Test func anyDifferenceIsAChange() {
        let stored = FieldsJSON.encode(["account_id": "A1", "Region": "EMEA", "ARR": "5"])
        #expect(answer(row([nil, .set("APAC", fired: nil), nil, nil]), stored) == false)
        #expect(answer(row([nil, nil, .set("new", fired: nil), nil]), stored) == false, "setting an absent field")
        #expect(answer(row([nil, nil, nil, .delete(fired: nil)]), stored) == false, "clearing a stored field")
        #expect(answer(row([nil, .set("EMEA ", fired: nil), nil, nil]), stored) == false)
        // Bytes, not canonical equivalence: NFC vs NFD is a change.
        let nfd = FieldsJSON.encode(["Region": "Zu\u{308}rich"])
        #expect(answer(row([nil, .set("Zürich", fired: nil), nil, nil]), nfd) == false)
    }

    @Test func nonCanonicalBytesAreLeftToTheDecoder() {
        let sameRow = row([nil, .set("EMEA", fired: nil), nil, nil])
        for json in [
            #"{ "Region":"EMEA"}"#, #"{"Region" : "EMEA"}"#, #"{"Reg\u0069on":"EMEA"}"#, #"{"Region":"EM\/EA"}"#,
            #"{"Region":"EMEA","Region":"APAC"}"#, #"{"b":"1","a":"2"}"#, #"{"Region":"EMEA"} "#, #"["Region"]"#, "{\"R\":\"a\u{1}\"}",
        ] {
            #expect(answer(sameRow, json) == nil, "\(json)")
        }
        #expect(answer(sameRow, "{}") == false)
        #expect(answer(sameRow, #"{"Region":"EMEA"}"#) == true)
    }

    @Test func everyEncodingScansBack() {
        let samples: [[String: String]] = [
            [:], ["a": ""], ["a": "\u{0}\u{1f}\t\r\n\"\\/"], ["ü": "ß", "z": "🎉"], ["k": String(repeating: "x", count: 5000)],
        ]
        for fields in samples {
            var pairs: [StoredFieldsMatcher.Pair] = []
            let ok = Array(FieldsJSON.encode(fields).utf8).withUnsafeBufferPointer { StoredFieldsMatcher.scan($0, into: &pairs) }
            #expect(ok, "\(fields)")
            #expect(pairs.count == fields.count)
        }
    }

    @Test func aDeleteNextToANonASCIINameIsLeftToTheDecoder() {
        // The stored name is "café" in NFD; the layout's in NFC. The decoder's dictionary sees one
        // name, so the delete is a change; bytes alone would miss it.
        let layout = RowLayout(fields: ["k", "caf\u{e9}"], key: ["k"])
        let json = FieldsJSON.encode(["k": "K", "cafe\u{301}": "x"])
        let row = EvaluatedRow(line: 2, key: "K", actions: [.set("K", fired: nil), .delete(fired: nil)])
        var pairs: [StoredFieldsMatcher.Pair] = []
        let answer = Array(json.utf8).withUnsafeBufferPointer { StoredFieldsMatcher(layout: layout).unchanged(row, json: $0, pairs: &pairs) }
        #expect(answer == nil)
    }
}
