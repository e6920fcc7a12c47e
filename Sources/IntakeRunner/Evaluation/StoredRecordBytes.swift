/// A stored record's canonical JSON read in place, entry by entry, for a changed row: the old
/// values it needs and its part of the records digest, without a dictionary of every field.
///
/// Only for records whose names are plain ASCII (`StoredFieldsMatcher.readsInPlace`): there
/// byte equality of names is `String` equality and byte order is the `String` order
/// `RecordDigest.part` sorts by, so the results are those of the decoded dictionary.
struct StoredRecordBytes {
    let json: UnsafeBufferPointer<UInt8>
    /// The entries, from `StoredFieldsMatcher.scan`: canonical escapes, names in increasing order.
    let pairs: [StoredFieldsMatcher.Pair]

    /// The value stored under `name` (escaped as `FieldsJSON` writes names), decoded.
    func value(named name: [UInt8]) -> String? {
        guard let pair = pairs.first(where: { pair in json[pair.name].elementsEqual(name) }) else { return nil }
        var bytes: [UInt8] = []
        return withUnescaped(pair.value, &bytes) { String(decoding: $0, as: UTF8.self) }
    }

    /// `RecordDigest.part` of the decoded fields.
    func digestPart() -> [UInt8] {
        var part: [UInt8] = []
        part.reserveCapacity(json.count)
        var scratch: [UInt8] = []
        for pair in pairs {
            part.append(contentsOf: UnsafeBufferPointer(rebasing: json[pair.name]))
            part.append(0x1D)
            withUnescaped(pair.value, &scratch) { value in
                // Bytes that are not UTF-8 are read as U+FFFD by the decoder: the digest must see the same.
                if value.contains(where: { $0 >= 0x80 }) {
                    part.append(contentsOf: String(decoding: value, as: UTF8.self).utf8)
                } else {
                    part.append(contentsOf: value)
                }
            }
            part.append(0x1C)
        }
        return part
    }

    /// Calls `body` with the unescaped bytes of the JSON string at `range` (its quotes excluded).
    private func withUnescaped<R>(_ range: Range<Int>, _ scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let raw = UnsafeBufferPointer(rebasing: json[range])
        guard raw.contains(UInt8(ascii: "\\")) else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while i < raw.count {
            guard raw[i] == UInt8(ascii: "\\") else {
                scratch.append(raw[i])
                i += 1
                continue
            }
            // `scan` let through only the escapes `FieldsJSON.encode` writes: these, and
            // `\u00XX` in lower-case hex. Accepting any other there needs a case here too.
            switch raw[i + 1] {
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                scratch.append(Self.hex(raw[i + 4]) << 4 | Self.hex(raw[i + 5]))
                i += 4
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): scratch.append(raw[i + 1])
            default:
                assertionFailure("an escape that StoredFieldsMatcher.scan does not accept")
                scratch.append(raw[i + 1])
            }
            i += 2
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    private static func hex(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : digit - UInt8(ascii: "a") + 10
    }
}
