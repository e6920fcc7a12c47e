import Foundation

/// Reads and writes the flat `{"name":"value",…}` objects stored in `records.fields` and
/// `events.fields`.
///
/// Hand-rolled because apply writes one per changed record and plan reads one per looked-up
/// record: for 200,000 records of seven fields (release build) JSONSerialization took 11.3 s
/// to write with `.sortedKeys` and 1.8 s to read, this 0.3 s and 0.5 s. Output has keys
/// sorted, so the same fields are always the same bytes.
public enum FieldsJSON {
    /// The canonical JSON of `fields`: keys sorted, no whitespace, only `"`, `\` and control
    /// characters escaped (SQLite's json functions read raw UTF-8).
    public static func encode(_ fields: [String: String]) -> String {
        String(decoding: encodedBytes(fields), as: UTF8.self)
    }

    /// `encode`'s UTF-8 bytes.
    public static func encodedBytes(_ fields: [String: String]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(2 + fields.count * 32)
        out.append(UInt8(ascii: "{"))
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendString(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The fields of a stored object, or nil when the text is not a flat object of strings.
    public static func decode(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    /// The fields of a stored object given as UTF-8 bytes, or nil when it is not a flat object of strings.
    public static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        var parser = Parser(bytes: bytes)
        return parser.object() ?? fallback(text: bytes)
    }

    /// Appends `string` as a JSON string exactly as `encode` writes it.
    static func appendEncoded(_ string: String, to out: inout [UInt8]) { appendString(string, to: &out) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Through the contiguous bytes: `utf8.contains` went through the generic view byte by byte.
        var string = string
        string.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: utf8)
            } else {
                for byte in utf8 { appendEscaped(byte, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        let escape = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), escape: out.append(escape); out.append(byte)
        case UInt8(ascii: "\n"): out.append(escape); out.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): out.append(escape); out.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): out.append(escape); out.append(UInt8(ascii: "t"))
        case 0..<0x20:
            out.append(escape)
            out.append(contentsOf: "u00".utf8)
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }

    /// Anything the fast parser refuses (whitespace layouts it does not expect are accepted,
    /// but e.g. numbers written by hand through the sqlite3 shell are not) gets a second,
    /// strict chance through Foundation.
    private static func fallback(text: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: text)) as? [String: Any] else { return nil }
        var fields = [String: String]()
        for (name, value) in object {
            guard let string = value as? String else { return nil }
            fields[name] = string
        }
        return fields
    }

    /// A parser for exactly a JSON object whose values are all strings.
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object() -> [String: String]? {
            skipSpace()
            guard consume(UInt8(ascii: "{")) else { return nil }
            // Every entry has at least four quotes: sizing up front saves rehashing as it grows.
            var fields = [String: String](minimumCapacity: bytes.count { $0 == UInt8(ascii: "\"") } / 4)
            skipSpace()
            if consume(UInt8(ascii: "}")) { return atEnd() ? fields : nil }
            while true {
                skipSpace()
                guard let name = string() else { return nil }
                skipSpace()
                guard consume(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = string() else { return nil }
                fields[name] = value
                skipSpace()
                if consume(UInt8(ascii: ",")) { continue }
                guard consume(UInt8(ascii: "}")) else { return nil }
                return atEnd() ? fields : nil
            }
        }

        private mutating func string() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = index
            // Fast path: no escapes, the bytes are the string.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"): guard unescape(into: &out) else { return nil }
                default: out.append(byte)
                }
            }
            return nil
        }

        private mutating func unescape(into out: inout [UInt8]) -> Bool {
            guard index < bytes.count else { return false }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return false }
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by `\uDC00`…`\uDFFF`.
                    guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let low = hex4(),
                        (0xDC00..<0xE000).contains(low)
                    else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return false }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return false
            }
            return true
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Self.hexValue(bytes[index]) else { return nil }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        private static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        private mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        private func atEnd() -> Bool {
            var probe = self
            probe.skipSpace()
            return probe.index == bytes.count
        }
    }
}
