import Testing

@testable import IntakeRunner

/// Reading a changed record in place must give what decoding it gives: the same old values,
/// the same digest part, and the same change.
@Suite struct StoredRecordBytesTests {
    let layout = RowLayout(fields: ["account_id", "Region", "Note", "ARR"], key: ["account_id"])

    /// Values with every escape `FieldsJSON` writes, non-ASCII text in both normal forms, and empties.
    static let values = ["", "EMEA", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u{1}\u{1f}ctl", "Zürich", "Zu\u{308}rich", "日本", "🙂 x"]

    func inPlace(_ json: [UInt8], _ body: (StoredRecordBytes, StoredFieldsMatcher) -> Void) {
        let matcher = StoredFieldsMatcher(layout: layout)
        json.withUnsafeBufferPointer { bytes in
            var pairs: [StoredFieldsMatcher.Pair] = []
            #expect(StoredFieldsMatcher.scan(bytes, into: &pairs))
            #expect(matcher.readsInPlace(bytes, pairs))
            body(StoredRecordBytes(json: bytes, pairs: pairs), matcher)
        }
    }

    @Test(arguments: values)
    func valuesAndDigestMatchTheDecoder(value: String) {
        let fields = ["account_id": "A1", "Region": value, "Note": "n " + value, "Zeta": value + "!"]
        let json = FieldsJSON.encodedBytes(fields)
        inPlace(json) { stored, matcher in
            for slot in layout.names.indices {
                // Bytes: `String ==` would take an NFD value for its NFC spelling.
                #expect(stored.value(named: matcher.name(slot)).map { Array($0.utf8) } == fields[layout.names[slot]].map { Array($0.utf8) })
            }
            #expect(stored.digestPart() == RecordDigest.part(fields))
        }
    }

    @Test func changesEqualThoseOfTheDecodedRecord() {
        let differ = Differ(layout: layout)
        for old in Self.values {
            let fields = ["account_id": "A1", "Region": old, "Note": old]
            inPlace(FieldsJSON.encodedBytes(fields)) { stored, matcher in
                for new in Self.values {
                    let row = EvaluatedRow(line: 2, key: "A1", actions: [.set("A1", fired: nil), .set(new, fired: nil), .delete(fired: .delete), .set(new, fired: .value)])
                    let viaBytes = differ.change(row, exists: true) { stored.value(named: matcher.name($0)) }
                    let decoded = differ.change(row, old: fields)
                    #expect(viaBytes == decoded)
                    // Bytes too: `RecordChange ==` compares strings, under which NFC equals NFD.
                    #expect(Self.bytes(viaBytes) == Self.bytes(decoded))
                }
            }
        }
    }

    /// Every attribute's old and new values as bytes, by name.
    static func bytes(_ change: RecordChange?) -> [String: [[UInt8]?]]? {
        change.map { $0.attributes.mapValues { [$0.old.map { Array($0.utf8) }, $0.new.map { Array($0.utf8) }] }.dictionary }
    }

    @Test func invalidUTF8ReadsAsTheDecoderReadsIt() {
        // Not written by intake, but a store edited by hand may hold it: U+FFFD, as `String(decoding:)` gives.
        let json: [UInt8] = Array(#"{"Region":"a"#.utf8) + [0xFF] + Array(#"b"}"#.utf8)
        inPlace(json) { stored, matcher in
            let decoded = json.withUnsafeBufferPointer { FieldsJSON.decode(bytes: $0) }
            #expect(stored.value(named: matcher.name(1)).map { Array($0.utf8) } == decoded?["Region"].map { Array($0.utf8) })
            #expect(stored.digestPart() == RecordDigest.part(decoded))
        }
    }

    @Test func nonASCIINamesAreLeftToTheDecoder() {
        let matcher = StoredFieldsMatcher(layout: layout)
        let json = FieldsJSON.encodedBytes(["Région": "x", "Region": "y"])
        json.withUnsafeBufferPointer { bytes in
            var pairs: [StoredFieldsMatcher.Pair] = []
            #expect(StoredFieldsMatcher.scan(bytes, into: &pairs))
            #expect(!matcher.readsInPlace(bytes, pairs))
        }
        let accented = StoredFieldsMatcher(layout: RowLayout(fields: ["Région"], key: []))
        FieldsJSON.encodedBytes(["Region": "y"]).withUnsafeBufferPointer { bytes in
            var pairs: [StoredFieldsMatcher.Pair] = []
            #expect(StoredFieldsMatcher.scan(bytes, into: &pairs))
            #expect(!accented.readsInPlace(bytes, pairs), "a non-ASCII layout name")
        }
    }
}
