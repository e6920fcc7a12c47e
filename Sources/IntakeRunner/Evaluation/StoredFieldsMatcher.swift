import Foundation

/// Tells, from a stored record's canonical JSON bytes, whether a row leaves the record as it is,
/// without decoding the record into strings.
///
/// Most rows of a recurring feed change nothing; decoding each stored record into a dictionary
/// of strings only to find that was most of a plan's time. This reads the bytes in place and
/// answers only when it is sure: the JSON must be exactly what `FieldsJSON.encode` writes (no
/// whitespace, only its escapes), so equal escaped bytes mean equal values. Anything else
/// answers nil and the caller decodes.
struct StoredFieldsMatcher {
    /// Each slot's field name as `FieldsJSON` writes it, quotes excluded.
    private let names: [[UInt8]]
    /// The non-key slots in the byte order of their names, the order of a canonical record's
    /// entries: one merge pairs them up. With every name end to end in `nameBytes`, a row is
    /// matched without copying (retaining) an array that every thread shares.
    private let ordered: [(slot: Int, name: Range<Int>)]
    private let nameBytes: [UInt8]

    /// Whether every field name of the layout is printable ASCII without quotes or backslashes.
    private let plainNames: Bool

    init(layout: RowLayout) {
        let names = layout.names.map { name in
            var out: [UInt8] = []
            FieldsJSON.appendEncoded(name, to: &out)
            return Array(out.dropFirst().dropLast())
        }
        self.names = names
        var nameBytes: [UInt8] = []
        var ordered: [(slot: Int, name: Range<Int>)] = []
        for slot in layout.names.indices.filter({ !layout.isKey($0) }).sorted(by: { names[$0].lexicographicallyPrecedes(names[$1]) }) {
            ordered.append((slot, nameBytes.count..<(nameBytes.count + names[slot].count)))
            nameBytes += names[slot]
        }
        self.ordered = ordered
        self.nameBytes = nameBytes
        plainNames = names.allSatisfy { $0.allSatisfy(Self.isPlain) }
    }

    /// The escaped name bytes of a slot's field.
    func name(_ slot: Int) -> [UInt8] { names[slot] }

    /// Whether a changed record `scan` split into `pairs` can be read in place
    /// (`StoredRecordBytes`): every name, the layout's and the record's, is plain ASCII.
    func readsInPlace(_ json: UnsafeBufferPointer<UInt8>, _ pairs: [Pair]) -> Bool {
        plainNames && pairs.allSatisfy { pair in json[pair.name].allSatisfy(Self.isPlain) }
    }

    /// Whether a name byte is printable ASCII other than a quote or a backslash.
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
    }

    /// Whether `row` changes nothing in the record stored as `json`; nil when the bytes are not canonical.
    func unchanged(_ row: EvaluatedRow, json: UnsafeBufferPointer<UInt8>, pairs: inout [Pair]) -> Bool? {
        guard Self.scan(json, into: &pairs) else { return nil }
        return nameBytes.withUnsafeBufferPointer { names in
            pairs.withUnsafeBufferPointer { pairs in
                var scratch: [UInt8] = []
                var next = 0
                for (slot, name) in ordered {
                    let wanted = UnsafeBufferPointer(rebasing: names[name])
                    // Entries before this name are fields the row does not touch.
                    while next < pairs.count, Self.order(json, pairs[next].name, wanted) < 0 { next += 1 }
                    let stored = next < pairs.count && Self.order(json, pairs[next].name, wanted) == 0 ? pairs[next] : nil
                    switch row.values.tag(slot) {
                    case .untouched:
                        continue
                    case .set:
                        guard let stored, row.values.withValue(slot, { matches($0, json, stored.value, &scratch) }) == true else { return false }
                    case .delete:
                        if stored != nil { return false }
                        // Not found by bytes; a non-ASCII stored name might still be the same name in
                        // another normalisation, which the decoder's dictionary would match.
                        if pairs.contains(where: { pair in json[pair.name].contains { $0 >= 0x80 } }) { return nil }
                    }
                }
                return true
            }
        }
    }

    private func matches(_ value: UnsafeBufferPointer<UInt8>, _ json: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ scratch: inout [UInt8]) -> Bool {
        // Values without characters to escape are their own JSON bytes.
        if !value.contains(where: Self.needsEscape) { return Self.order(json, range, value) == 0 }
        scratch.removeAll(keepingCapacity: true)
        FieldsJSON.appendEncoded(String(decoding: value, as: UTF8.self), to: &scratch)
        return scratch.withUnsafeBufferPointer { Self.order(json, range, UnsafeBufferPointer(rebasing: $0[1..<($0.count - 1)])) == 0 }
    }

    /// Where one `"name":"value"` entry's escaped name and value lie in the JSON bytes.
    struct Pair {
        var name: Range<Int>
        var value: Range<Int>
    }

    private static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    /// The byte order of the JSON bytes at `range` against `bytes`: negative, zero or positive.
    private static func order(_ json: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(range.count, bytes.count)
        if common > 0, let a = json.baseAddress, let b = bytes.baseAddress {
            let order = memcmp(a + range.lowerBound, b, common)
            if order != 0 { return Int(order) }
        }
        return range.count - bytes.count
    }

    /// Splits canonical JSON into entries; false for anything `FieldsJSON.encode` would not write.
    static func scan(_ json: UnsafeBufferPointer<UInt8>, into pairs: inout [Pair]) -> Bool {
        pairs.removeAll(keepingCapacity: true)
        guard json.count >= 2, json[0] == UInt8(ascii: "{") else { return false }
        var i = 1
        if json[i] == UInt8(ascii: "}") { return i + 1 == json.count }
        while true {
            guard let name = string(json, &i), i < json.count, json[i] == UInt8(ascii: ":") else { return false }
            i += 1
            guard let value = string(json, &i), i < json.count else { return false }
            // Names in strictly increasing byte order: no duplicates, the order encode writes for ASCII names.
            if let last = pairs.last, !UnsafeBufferPointer(rebasing: json[last.name]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: json[name])) {
                return false
            }
            pairs.append(Pair(name: name, value: value))
            if json[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            return json[i] == UInt8(ascii: "}") && i + 1 == json.count
        }
    }

    /// The escaped contents of the JSON string starting at `i`, with `i` moved past it; nil for
    /// anything `FieldsJSON.encode` would not write. A static function, not a nested one: capturing
    /// `i` boxed it, with a run-time exclusivity check on every byte.
    private static func string(_ json: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Range<Int>? {
        guard i < json.count, json[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < json.count {
            let byte = json[i]
            if byte == UInt8(ascii: "\"") {
                defer { i += 1 }
                return start..<i
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                guard i + 1 < json.count else { return nil }
                switch json[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): i += 2
                case UInt8(ascii: "u"):
                    // encode writes \u00XX for control characters other than \n, \r, \t, in lower-case hex.
                    guard i + 5 < json.count, json[i + 2] == UInt8(ascii: "0"), json[i + 3] == UInt8(ascii: "0"),
                        json[i + 4] == UInt8(ascii: "0") || json[i + 4] == UInt8(ascii: "1"),
                        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(json[i + 5]) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(json[i + 5])
                    else { return nil }
                    let code = (json[i + 4] - UInt8(ascii: "0")) << 4 | (json[i + 5] <= UInt8(ascii: "9") ? json[i + 5] - UInt8(ascii: "0") : json[i + 5] - UInt8(ascii: "a") + 10)
                    guard code != 0x0A, code != 0x0D, code != 0x09 else { return nil }
                    i += 6
                default: return nil
                }
                continue
            }
            i += 1
        }
        return nil
    }
}
