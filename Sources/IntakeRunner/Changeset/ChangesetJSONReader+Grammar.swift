/// The JSON grammar the changeset reader is built from: objects, arrays, strings, numbers,
/// each failing with the byte offset where the document stopped making sense.
extension ChangesetJSONReader {
    func fail(_ message: String) -> Failure { Failure(offset: i, message: message) }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        i += 1
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func object(_ member: (inout ChangesetJSONReader, String) throws -> Void) throws {
        try expect(0x7B)
        if peek() == 0x7D { i += 1; return }
        while true {
            skipSpace()
            let key = try string()
            try expect(0x3A)
            try member(&self, key)
            if peek() == 0x2C { i += 1; continue }
            try expect(0x7D)
            return
        }
    }

    mutating func array(_ element: (inout ChangesetJSONReader) throws -> Void) throws {
        try expect(0x5B)
        if peek() == 0x5D { i += 1; return }
        while true {
            try element(&self)
            if peek() == 0x2C { i += 1; continue }
            try expect(0x5D)
            return
        }
    }

    mutating func stringMap() throws -> [String: String] {
        var map: [String: String] = [:]
        try object { r, key in map[key] = try r.string() }
        return map
    }

    mutating func isNull() -> Bool {
        guard peek() == 0x6E, i + 4 <= bytes.count, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C else { return false }
        i += 4
        return true
    }

    mutating func optionalString() throws -> String? { isNull() ? nil : try string() }

    mutating func optionalInt() throws -> Int? { isNull() ? nil : try int() }

    mutating func int() throws -> Int {
        skipSpace()
        let start = i
        if i < bytes.count, bytes[i] == 0x2D { i += 1 }
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        guard let value = Int(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            i = start
            throw fail("expected a whole number")
        }
        return value
    }

    mutating func string() throws -> String {
        try expect(0x22)
        let start = i
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C { i += 1 }
        if i < bytes.count, bytes[i] == 0x22 {
            defer { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        var out = [UInt8](bytes[start..<i])
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case 0x22: return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard i < bytes.count else { break }
                let escaped = bytes[i]
                i += 1
                switch escaped {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75: try unicodeEscape(into: &out)
                default: out.append(escaped)
                }
            default: out.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
            throw fail("bad \\u escape")
        }
        i += 4
        return value
    }

    mutating func unicodeEscape(into out: inout [UInt8]) throws {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code), i + 6 <= bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
            i += 2
            let low = try hex4()
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    mutating func skipValue() throws {
        switch peek() {
        case 0x7B: try object { r, _ in try r.skipValue() }
        case 0x5B: try array { r in try r.skipValue() }
        case 0x22: _ = try string()
        default:
            while i < bytes.count, !",}] \n\r\t".utf8.contains(bytes[i]) { i += 1 }
        }
    }
}
